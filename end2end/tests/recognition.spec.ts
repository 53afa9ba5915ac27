import { expect, test } from "@playwright/test";
import { DEMO, loginAs, logout, ready, shot, tag } from "./helpers";

test("staff thank their manager for a value, with points, and the manager sees it in the feed", async ({ page }, info) => {
  const message = `Thank you for taking the double-charge call off my hands (${tag(info)}).`;
  await loginAs(page, "staff");
  await page.getByRole("link", { name: "Recognition" }).click();
  await expect(page.getByRole("heading", { name: "Recognition", level: 1 })).toBeVisible();
  await ready(page);
  const who = await page.locator("#who option", { hasText: DEMO.manager.name }).first().getAttribute("value");
  await page.getByLabel("Who").selectOption(who!);
  await page.getByLabel("Own the fix").check();
  await page.getByLabel("What they did").fill(message);
  await page.getByLabel("Points for each person (optional)").fill("10");
  await page.getByRole("button", { name: "Post recognition" }).click();
  await expect(page.getByText(`Your recognition of ${DEMO.manager.name} for “Own the fix” is posted, with 10 points each.`)).toBeVisible();
  const item = page.locator("ol.feed > li", { hasText: message });
  await expect(item).toBeVisible();
  await expect(item).toContainText("10 points each");
  await shot(page, info, "recognition-given");
  await logout(page);

  await loginAs(page, "manager");
  await page.goto("/recognition");
  await ready(page);
  await expect(page.locator("ol.feed > li", { hasText: message })).toContainText(`${DEMO.staff.name} recognised ${DEMO.manager.name}`);
  await shot(page, info, "recognition-received");
});

test("a message that is too short is refused with a clear message and nothing is posted", async ({ page }) => {
  await loginAs(page, "staff");
  await page.goto("/recognition");
  await ready(page);
  const who = await page.locator("#who option", { hasText: DEMO.manager.name }).first().getAttribute("value");
  await page.getByLabel("Who").selectOption(who!);
  await page.getByLabel("One touch").check();
  await page.getByLabel("What they did").fill("Thanks!");
  // The browser would block an empty field, not a short one: the server says what is wrong.
  await page.getByRole("button", { name: "Post recognition" }).click();
  await expect(page.getByText("Write a message of at least 10 characters")).toBeVisible();
  await expect(page.locator("ol.feed > li", { hasText: "Thanks!" })).toHaveCount(0);
});
