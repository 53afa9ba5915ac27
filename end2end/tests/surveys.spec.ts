import { expect, Page, test } from "@playwright/test";
import { DEMO, login, loginAs, ready, shot } from "./helpers";

// The demo's open pulse is answered once per project: by Carla Ivanova with JavaScript, by
// Carla Berg without, so each finds it waiting.
const ANSWERER = {
  js: { email: DEMO.staff.email },
  nojs: { email: "carla.berg@harbourgroup.example" },
};

async function openCensus(page: Page) {
  await page.goto("/surveys");
  await ready(page);
  const row = page.getByRole("row", { name: /Engagement census/ }).first();
  await row.getByRole("link", { name: "Results" }).click();
  await ready(page);
}

test("a manager whose group has too few answers sees that, and no figures", async ({ page }, info) => {
  await loginAs(page, "manager");
  await page.goto("/surveys");
  await ready(page);
  const pulse = page.getByRole("row", { name: /Pulse: how are we doing\?/ });
  await expect(pulse).toBeVisible();
  await pulse.getByRole("link", { name: "Results" }).click();
  await ready(page);
  // His site has had only a few answers to the pulse so far.
  await expect(page.getByText(/Not enough responses to show results for Harbour View Hotel/)).toBeVisible();
  await expect(page.locator("dl.stats")).toContainText("Hidden");
  // Every row's own figure is hidden; only the whole organisation's column has numbers.
  await expect(page.locator("table.results-table tbody tr").first()).toBeVisible();
  await expect(page.locator("table.results-table tbody tr").filter({ hasNotText: "Hidden" })).toHaveCount(0);
  await shot(page, info, "survey-manager-too-few");
  // The whole organisation is not his to choose.
  await expect(page.locator("#unit option", { hasText: "Whole organisation" })).toHaveCount(0);
});

test("staff answer the open pulse once, anonymously, from their home page", async ({ page }, info) => {
  const who = ANSWERER[info.project.name as "js" | "nojs"];
  await login(page, who.email);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "A survey is waiting for you" })).toBeVisible();
  await page.getByRole("link", { name: "Pulse: how are we doing?" }).click();
  await expect(page.getByRole("heading", { name: "Pulse: how are we doing?", level: 1 })).toBeVisible();
  await ready(page);
  await expect(page.getByText(/Your answers are anonymous/)).toBeVisible();
  const questions = page.locator("fieldset.question");
  const count = await questions.count();
  expect(count).toBe(8);
  for (let i = 0; i < count; i++) {
    const q = questions.nth(i);
    const agree = q.getByLabel("Agree", { exact: true });
    if ((await agree.count()) > 0) await agree.check();
    else await q.getByLabel("9", { exact: true }).check();
  }
  if (info.project.name === "js") await expect(page.getByText(`${count} of ${count} answered`)).toBeVisible();
  await shot(page, info, "survey-answering");
  await page.getByRole("button", { name: "Submit my answers" }).click();
  await expect(page.getByText("Thank you. Your answers are in, with nothing that links them to you.")).toBeVisible();
  await expect(page.getByText(/You have answered this survey/)).toBeVisible();
  await expect(page.locator("fieldset.question")).toHaveCount(0);
  // The home page no longer asks.
  await page.goto("/");
  await ready(page);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "A survey is waiting for you" })).toHaveCount(0);
});

test("HR reads a census's results per group and its heatmap", async ({ page }, info) => {
  await loginAs(page, "hr");
  await openCensus(page);
  await expect(page.getByRole("heading", { name: /Engagement census/, level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Whole organisation", level: 2 })).toBeVisible();
  const drivers = page.locator("section", { has: page.getByRole("heading", { name: "Drivers" }) });
  await expect(drivers.getByRole("row", { name: /Manager support/ })).toContainText("%");
  await expect(page.getByText(/Change compares with “Engagement census/)).toBeVisible();
  // One site.
  const site = await page.locator("#unit option", { hasText: "Harbour View Hotel" }).first().getAttribute("value");
  await page.locator("#unit").selectOption(site!);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { name: "Harbour View Hotel", level: 2 })).toBeVisible();
  await expect(drivers.getByRole("row", { name: /Customer focus/ })).toContainText("%");
  await shot(page, info, "survey-results-site");
  // A department of two people: never shown.
  const dept = await page.locator("#unit option", { hasText: "Harbour View Hotel · Front desk" }).first().getAttribute("value");
  await page.locator("#unit").selectOption(dept!);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText(/Not enough responses to show results for Harbour View Hotel · Front desk/)).toBeVisible();
  // The heatmap: sites against drivers, then the difference from the whole organisation.
  await page.getByRole("link", { name: "Heatmap" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: /Heatmap: Engagement census/ })).toBeVisible();
  const map = page.locator("table.heatmap");
  await expect(map.getByRole("row", { name: /Whole organisation/ })).toBeVisible();
  await expect(map.getByRole("row", { name: /Harbour View Hotel/ }).locator("td.heat").first()).toHaveText(/^\d+$/);
  await page.getByLabel("Cells show").selectOption("yes");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { name: "Difference from the whole organisation (points)" })).toBeVisible();
  await expect(map.getByRole("row", { name: /Harbour View Hotel/ }).locator("td.heat").first()).toHaveText(/^[+-]\d+$/);
  await shot(page, info, "survey-heatmap");
  // Every table downloads.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  expect((await download).suggestedFilename()).toBe("survey-heatmap.csv");
});

test("HR finds the focus areas, the trend and the comments of the whole organisation", async ({ page }, info) => {
  await loginAs(page, "hr");
  await openCensus(page);
  await page.getByRole("link", { name: "Focus areas" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: /Focus areas: Engagement census/ })).toBeVisible();
  await expect(page.getByText(/^n = \d+ people who answered/)).toBeVisible();
  await expect(page.locator("table.results-table tbody tr")).toHaveCount(10);
  await expect(page.locator("table.results-table").getByText("Focus area", { exact: true }).first()).toBeVisible();
  await shot(page, info, "survey-focus");
  await page.getByRole("link", { name: "Results" }).click();
  await ready(page);
  await page.getByRole("link", { name: "Trends" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: /Trends: Engagement census/ })).toBeVisible();
  // The chart's table lists every cycle.
  await page.getByText("Show the data as a table").click();
  await expect(page.locator("figure table tbody tr")).toHaveCount(4);
  await shot(page, info, "survey-trends");
  await page.getByRole("link", { name: "Results" }).click();
  await ready(page);
  await page.getByRole("link", { name: "Comments" }).click();
  await ready(page);
  await expect(page.getByText(/Comments are anonymous/)).toBeVisible();
  const comments = page.locator("ul.survey-comments > li");
  await expect(comments.first()).toBeVisible();
  await page.getByLabel("Containing").fill("breaks");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(comments.first()).toContainText(/breaks/i);
  for (const text of await comments.allInnerTexts()) expect(text.toLowerCase()).toContain("breaks");
  await shot(page, info, "survey-comments");
});

test("a manager starts an action plan for his site and adds an action", async ({ page }, info) => {
  await loginAs(page, "manager");
  await openCensus(page);
  await expect(page.getByRole("heading", { name: "Harbour View Hotel", level: 2 })).toBeVisible();
  await page.getByRole("link", { name: /^Action plans/ }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: /Action plans: Engagement census/ })).toBeVisible();
  const plans = page.locator("section.plan");
  const before = await plans.count();
  // The focus list starts with the lowest scores; each project takes the first still free.
  const focus = page.getByLabel("Focus");
  const label = (await focus.locator("option").first().textContent())!.replace(/ \(.*$/, "");
  await page.getByRole("button", { name: "Start the plan" }).click();
  await expect(page.getByText(/^Plan started for/)).toBeVisible();
  await expect(plans).toHaveCount(before + 1);
  const plan = plans.filter({ hasText: label.split(":").pop()!.trim() }).last();
  await plan.getByLabel("What will be done").fill("Walk the floor with the team at every shift change");
  const due = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
  await plan.getByLabel("Due").fill(due);
  await plan.getByRole("button", { name: "Add the action" }).click();
  await expect(page.getByText(/^Action added for Ben Silva, due/)).toBeVisible();
  const row = page.getByRole("row", { name: /Walk the floor with the team/ }).last();
  await expect(row).toContainText("Ben Silva");
  await row.getByLabel("Status").selectOption("in_progress");
  await row.getByRole("button", { name: "Update" }).click();
  await expect(page.getByText("Action marked “In progress”.")).toBeVisible();
  await shot(page, info, "survey-action-plan");
});

test("HR sees last cycle's actions beside the change, and the internal-service results", async ({ page }, info) => {
  await loginAs(page, "hr");
  await openCensus(page);
  // Central Plaza Hotel planned on manager support after the previous census.
  const site = await page.locator("#unit option", { hasText: "Central Plaza Hotel" }).first().getAttribute("value");
  await page.locator("#unit").selectOption(site!);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { name: "Central Plaza Hotel", level: 2 })).toBeVisible();
  const drivers = page.locator("section", { has: page.getByRole("heading", { name: "Drivers" }) });
  await expect(drivers.getByRole("columnheader", { name: "Actions since the last cycle" })).toBeVisible();
  await expect(drivers.getByRole("row", { name: /Manager support/ })).toContainText("Hold a 15-minute one-to-one");
  await shot(page, info, "survey-results-actions");
  // The internal-service survey: what each department receives, then one site's matrix.
  await page.goto("/surveys");
  await ready(page);
  await page.getByRole("row", { name: /Internal service: how well do we serve each other/ }).getByRole("link", { name: "Results" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: "Service each department receives" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Finance/ }).first()).toBeVisible();
  await page.getByLabel("Site").selectOption({ label: "Harbour View Hotel" });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { name: "Who rates whom" })).toBeVisible();
  await expect(page.locator("table.heatmap").getByRole("row", { name: /too small to name/ })).toBeVisible();
  await shot(page, info, "survey-internal-service");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  expect((await download).suggestedFilename()).toBe("internal-service.csv");
});

test("HR narrows a census's results by tenure and role, and hidden narrowings say why", async ({ page }, info) => {
  await loginAs(page, "hr");
  await openCensus(page);
  await page.getByLabel("Tenure").selectOption("under_1y");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { name: "Whole organisation · Under a year", level: 2 })).toBeVisible();
  await expect(page.getByText(/Narrowed to under a year: only answers that kept these attributes count/)).toBeVisible();
  await expect(page.getByText(/Participation is shown for whole groups only/)).toBeVisible();
  // The demo's sites have one or two leaders each, so no answer kept its role group: staff alone
  // would be everyone but those few, and is never shown.
  await page.getByLabel("Role").selectOption("staff");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { name: "Whole organisation · Staff, Under a year", level: 2 })).toBeVisible();
  await expect(
    page.getByText(/Not enough responses to show results for Whole organisation|Results for Whole organisation are hidden/),
  ).toBeVisible();
  await expect(page.locator("dl.stats")).toContainText("Hidden");
  await shot(page, info, "survey-results-narrowed");
  // The narrowing carries over to the heatmap.
  await page.getByRole("link", { name: "Heatmap" }).click();
  await ready(page);
  await expect(page.getByLabel("Role")).toHaveValue("staff");
  await expect(page.locator("table.heatmap td.heat").filter({ hasText: /^\d+$/ })).toHaveCount(0);
});

test("a regional manager sees their whole region, every unit their team fills", async ({ page }, info) => {
  await login(page, "ana.lima@harbourgroup.example");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await openCensus(page);
  await expect(page.getByRole("heading", { name: "North Coast", level: 2 })).toBeVisible();
  const drivers = page.locator("section", { has: page.getByRole("heading", { name: "Drivers" }) });
  await expect(drivers.getByRole("row", { name: /Manager support/ })).toContainText("%");
  await expect(page.locator("#unit option", { hasText: "Whole organisation" })).toHaveCount(0);
  await expect(page.locator("#unit option", { hasText: "Cliffside Resort" }).first()).toBeAttached();
  await expect(page.locator("#unit option", { hasText: "Lakeside Lodge" })).toHaveCount(0);
  await shot(page, info, "survey-results-region");
});
