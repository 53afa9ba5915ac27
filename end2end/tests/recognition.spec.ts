import { expect, test } from "@playwright/test";
import { DEMO, loginAs, logout, ready, shot, tag } from "./helpers";

test("staff thank their manager for a value, with points, and the manager sees it in the feed", async ({ page }, info) => {
  const message = `Thank you for taking the double-charge call off my hands (${tag(info)}).`;
  await loginAs(page, "staff");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Recognition" }).click();
  await expect(page.getByRole("heading", { name: "Recognition", level: 1 })).toBeVisible();
  await ready(page);
  const who = await page.locator("#who option", { hasText: DEMO.manager.name }).first().getAttribute("value");
  await page.locator("#who").selectOption(who!);
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
  // And on his own page, counted under the value.
  await page.goto(`/people/${who}`);
  await ready(page);
  const byValue = page.locator("section", { has: page.getByRole("heading", { name: "Recognition by value" }) });
  await expect(byValue.getByRole("row", { name: /Own the fix/ })).toBeVisible();
});

test("a message that is too short is refused with a clear message and nothing is posted", async ({ page }) => {
  await loginAs(page, "staff");
  await page.goto("/recognition");
  await ready(page);
  const who = await page.locator("#who option", { hasText: DEMO.manager.name }).first().getAttribute("value");
  await page.locator("#who").selectOption(who!);
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

function isoDay(offset: number) {
  const d = new Date(Date.now() + offset * 86_400_000);
  return d.toISOString().slice(0, 10);
}

test("a nomination for the yearly awards becomes a winner in the hall of fame, with a certificate", async ({ page }, info) => {
  const name = `Harbour Stars ${tag(info)}`;
  const category = `Guest hero ${tag(info)}`;
  await loginAs(page, "hr");
  await page.goto("/recognition/programmes");
  await ready(page);
  await page.locator("#new-name").fill(name);
  await page.locator("#new-opens").fill(isoDay(-3));
  await page.locator("#new-closes").fill(isoDay(3));
  await page.getByRole("button", { name: "Set up the programme" }).click();
  await expect(page.getByText(`${name} is set up. Open it to add its categories.`)).toBeVisible();
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await ready(page);
  await page.locator("#cat-name").fill(category);
  await page.locator("#cat-description").fill("Someone who turned an upset guest into a loyal one.");
  await page.getByRole("button", { name: "Add the category" }).click();
  await expect(page.getByText(`“${category}” is added to ${name}.`)).toBeVisible();
  const url = page.url();
  await logout(page);

  await loginAs(page, "staff");
  await page.goto("/recognition/programmes");
  await ready(page);
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name: category })).toBeVisible();
  await ready(page);
  const who = await page.locator("select[name='input[nominee]'] option", { hasText: DEMO.manager.name }).first().getAttribute("value");
  await page.getByLabel("Whom you nominate").selectOption(who!);
  await page.getByLabel("Why they deserve it").fill("Too short.");
  await page.getByRole("button", { name: "Nominate" }).click();
  await expect(page.getByText("Say why in at least 20 characters")).toBeVisible();
  await page.getByLabel("Whom you nominate").selectOption(who!);
  await page.getByLabel("Why they deserve it").fill("He took the double-booked wedding party's complaint himself and found every guest a room.");
  await page.getByRole("button", { name: "Nominate" }).click();
  await expect(page.getByText(`You nominated ${DEMO.manager.name} in “${category}”. Thank you.`)).toBeVisible();
  await expect(page.locator(".nomination-list")).toContainText(DEMO.manager.name);
  await shot(page, info, "awards-nominated");
  await logout(page);

  // HR closes nominations early, weighs the shortlist, picks the winner and announces.
  await loginAs(page, "hr");
  await page.goto(url);
  await ready(page);
  await page.getByText("Change the programme's settings").click();
  await page.locator("#edit-opens").fill(isoDay(-6));
  await page.locator("#edit-closes").fill(isoDay(-2));
  await page.getByRole("button", { name: "Save the settings" }).click();
  await expect(page.getByText(`${name} is saved.`)).toBeVisible();
  await expect(page.locator(".candidate", { hasText: DEMO.manager.name })).toContainText("Recognition received this year");
  await page.getByRole("button", { name: `Pick ${DEMO.manager.name} as a winner` }).click();
  await expect(page.getByText(`${DEMO.manager.name} is a winner of “${category}”.`)).toBeVisible();
  await shot(page, info, "awards-shortlist");
  await page.getByRole("button", { name: "Announce the winners" }).click();
  await expect(page.getByText(`The winners of ${name} are announced`).first()).toBeVisible();
  await logout(page);

  await loginAs(page, "staff");
  await page.goto("/recognition");
  await ready(page);
  await expect(page.getByRole("heading", { name: `The winners of ${name} are announced` })).toBeVisible();
  await page.goto("/recognition/hall-of-fame");
  await ready(page);
  const card = page.locator("section", { has: page.getByRole("heading", { name }) });
  await expect(card).toContainText(DEMO.manager.name);
  await shot(page, info, "hall-of-fame");
  await card.getByRole("link", { name: `Certificate for ${DEMO.manager.name}` }).click();
  await expect(page.getByRole("heading", { name: "Certificate of achievement" })).toBeVisible();
  await expect(page.locator(".cert-module")).toHaveText(category);
  await shot(page, info, "award-certificate");
});

test("colleagues applaud and comment on recognition, filter the feed, and HR reads who is overlooked", async ({ page }, info) => {
  const message = `You calmed the guest whose taxi never came and booked another (${tag(info)}).`;
  await loginAs(page, "manager");
  await page.goto("/recognition");
  await ready(page);
  const who = await page.locator("#who option", { hasText: DEMO.staff.name }).first().getAttribute("value");
  await page.locator("#who").selectOption(who!);
  await page.getByLabel("Lower the shields").first().check();
  await page.getByLabel("What they did").first().fill(message);
  await page.getByRole("button", { name: "Post recognition" }).click();
  await expect(page.getByText(/is posted/)).toBeVisible();
  await logout(page);

  await loginAs(page, "hr");
  await page.goto("/recognition");
  await ready(page);
  const item = page.locator("ol.feed > li", { hasText: message });
  await item.getByRole("button", { name: /Applaud/ }).click();
  await expect(item.getByRole("button", { name: /Applaud/ })).toHaveAttribute("aria-pressed", "true");
  await item.getByText("Comment", { exact: true }).click();
  await item.getByLabel("Your comment").fill(`Well deserved (${tag(info)}).`);
  await item.getByRole("button", { name: "Post comment" }).click();
  await expect(page.locator("ol.feed > li", { hasText: message })).toContainText(`Well deserved (${tag(info)}).`);
  // Filtered by value, the feed keeps the recognition; by another value it does not.
  await page.getByText("Filter by region, site, department or value").click();
  await page.getByLabel("Value", { exact: true }).selectOption({ label: "Lower the shields" });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.locator("ol.feed > li", { hasText: message })).toBeVisible();
  await shot(page, info, "feed-filtered");
  await page.goto("/recognition/report");
  await ready(page);
  await expect(page.getByRole("heading", { name: "Recognition report", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Not yet recognised in 60 days" })).toBeVisible();
  await shot(page, info, "recognition-report");
});
