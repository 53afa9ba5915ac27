import { expect, test } from "@playwright/test";
import { DEMO, loginAs, logout, ready, shot, tag } from "./helpers";

test("staff thank their manager for a value, with points, and the manager sees it in the feed", async ({ page }, info) => {
  const message = `Thank you for taking the double-charge call off my hands (${tag(info)}).`;
  await loginAs(page, "staff");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Recognition" }).click();
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

test("a manager's award above the threshold waits for HR, who approves it, and it lands in the feed", async ({ page }, info) => {
  const message = `You rebuilt the wedding seating plan in twenty minutes (${tag(info)}).`;
  await loginAs(page, "hr");
  await page.goto("/admin/awards");
  await ready(page);
  await page.getByLabel("Awards above this many points in total wait for HR").fill("20");
  await page.getByRole("button", { name: "Save", exact: true }).last().click();
  await expect(page.getByText("Awards above 20 points in total now wait for HR's approval.")).toBeVisible();
  await logout(page);

  await loginAs(page, "manager");
  await page.goto("/recognition");
  await ready(page);
  const who = await page.locator("#award-who option", { hasText: DEMO.staff.name }).first().getAttribute("value");
  await page.locator("#award-who").selectOption(who!);
  await page.getByLabel("Impressive · 50 points").check();
  await page.locator("input[name='input[recognition][value]']").first().check();
  await page.locator("#award-message").fill(message);
  await page.getByRole("button", { name: "Give award" }).click();
  await expect(page.getByText(/award to Carla Ivanova waits for HR's approval/)).toBeVisible();
  await expect(page.locator(".pending-row", { hasText: "Waiting for HR" }).first()).toBeVisible();
  await expect(page.locator("ol.feed > li", { hasText: message })).toHaveCount(0);
  await shot(page, info, "award-waiting");
  await logout(page);

  await loginAs(page, "hr");
  await page.goto("/admin/awards");
  await ready(page);
  const row = page.locator(".pending-row", { hasText: message });
  await expect(row).toContainText("50 points each");
  await shot(page, info, "award-approval");
  await row.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("Ben Silva's award is approved and its points have landed.")).toBeVisible();
  await expect(page.locator(".pending-row", { hasText: message })).toHaveCount(0);
  await logout(page);

  await loginAs(page, "staff");
  await page.goto("/recognition");
  await ready(page);
  const item = page.locator("ol.feed > li", { hasText: message });
  await expect(item).toContainText("Award: Impressive");
  await expect(item).toContainText("50 points each");
});

test("HR adds a reward, staff redeem it with points they received, and HR marks it fulfilled", async ({ page }, info) => {
  const title = `Thank-you card ${tag(info)}`;
  await loginAs(page, "hr");
  await page.goto("/admin/rewards");
  await ready(page);
  await page.locator("#new-title").fill(title);
  await page.locator("#new-cost").fill("15");
  await page.locator("#new-description").fill("A handwritten card from the general manager.");
  await page.getByRole("button", { name: "Add reward" }).click();
  await expect(page.getByText(`“${title}” is in the catalogue.`)).toBeVisible();
  await logout(page);

  await loginAs(page, "manager");
  await page.goto("/recognition");
  await ready(page);
  const who = await page.locator("#who option", { hasText: DEMO.staff.name }).first().getAttribute("value");
  await page.locator("#who").selectOption(who!);
  await page.getByLabel("Moments of magic").first().check();
  await page.getByLabel("What they did").first().fill(`The anniversary cake for room 12 made their evening (${tag(info)}).`);
  await page.getByLabel("Points for each person (optional)").fill("20");
  await page.getByRole("button", { name: "Post recognition" }).click();
  await expect(page.getByText(/is posted, with 20 points each/)).toBeVisible();
  await logout(page);

  await loginAs(page, "staff");
  await expect(page.getByText("Points to spend")).toBeVisible();
  await page.goto("/recognition/rewards");
  await ready(page);
  await page.getByRole("button", { name: `Redeem ${title} for 15 points` }).click();
  await expect(page.getByText(`You redeemed “${title}” for 15 points.`)).toBeVisible();
  await expect(page.locator("table", { hasText: title }).first()).toContainText("Waiting for HR");
  await expect(page.getByRole("cell", { name: `Redeemed: ${title}` })).toBeVisible();
  await shot(page, info, "rewards");
  await logout(page);

  await loginAs(page, "hr");
  await page.goto("/admin/rewards");
  await ready(page);
  await page.getByRole("button", { name: `Mark ${title} for ${DEMO.staff.name} fulfilled` }).click();
  await expect(page.getByText(`“${title}” for ${DEMO.staff.name} is marked fulfilled.`)).toBeVisible();
  await shot(page, info, "rewards-admin");
  await logout(page);

  await loginAs(page, "staff");
  await page.goto("/recognition/rewards");
  await ready(page);
  await expect(page.locator("tr", { hasText: title }).first()).toContainText("Fulfilled");
});
