import { expect, test } from "@playwright/test";
import { DEMO, loginAs, ready, shot } from "./helpers";

test("HR reads the league tables, opens the site that fell behind and finds the department dragging it down", async ({ page }, info) => {
  await loginAs(page, "hr");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Guests" }).click();
  await expect(page.getByRole("heading", { name: "Guest satisfaction", level: 1 })).toBeVisible();
  await ready(page);
  await expect(page.locator(".lead")).toContainText("How guests rated All sites");
  // Ranked fairly, with the interval and n beside each site; the demo's movers are found.
  const north = page.locator("table", { has: page.locator("caption", { hasText: "North Coast: sites by CSAT" }) });
  await expect(north.getByRole("row")).toHaveCount(4);
  await expect(page.locator("section", { has: page.getByRole("heading", { name: "League tables" }) })).toContainText("Harbour View Hotel: CSAT");
  await expect(page.getByRole("heading", { name: "Declining" }).locator("xpath=following-sibling::ul[1]")).toContainText("Lakeside Lodge");
  await shot(page, info, "customers-company");

  // Old Town Suites from its region's league: housekeeping is behind the same department elsewhere.
  await page.getByRole("link", { name: "Old Town Suites" }).first().click();
  await ready(page);
  await expect(page.locator(".lead")).toContainText("How guests rated Old Town Suites");
  const housekeeping = page.getByRole("row", { name: /Housekeeping/ });
  await expect(housekeeping).toContainText("behind");
  await expect(page.getByRole("table", { name: /Guest satisfaction at Old Town Suites, last 12 months/ }).getByRole("row")).toHaveCount(13);
  await shot(page, info, "customers-site");

  // The picker, a plain GET form: another site.
  await page.getByLabel("Site, region or department").selectOption({ label: "Lakeside Lodge" });
  await page.getByRole("button", { name: "Show" }).click();
  await ready(page);
  await expect(page.locator(".lead")).toContainText("How guests rated Lakeside Lodge");
});

test("staff see their own site and only the guests' comments that name them", async ({ page }, info) => {
  await loginAs(page, "staff");
  await page.goto("/customers");
  await ready(page);
  await expect(page.getByRole("heading", { name: "Guest satisfaction", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Site, region or department")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "League tables" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Guests' comments that name you, last 12 months" })).toBeVisible();
  const served = page.locator("ul.comments li");
  const n = await served.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    await expect(served.nth(i)).toContainText(`served by ${DEMO.staff.name}`);
  }
  await shot(page, info, "customers-staff");
});
