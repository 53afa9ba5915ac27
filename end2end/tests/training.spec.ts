import { expect, Page, test } from "@playwright/test";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { login, loginAs, logout, ready, shot } from "./helpers";

/** Clicks the first open choice until the debrief appears; returns how many choices were made. */
async function playToEnd(page: Page, max = 15) {
  for (let i = 0; i < max; i++) {
    await page.locator("button.choice, h2#outcome-title").first().waitFor();
    if (await page.locator("h2#outcome-title").isVisible()) return i;
    const choice = page.locator("button.choice").first();
    const seqBefore = await page.locator("input[name=seq]").first().getAttribute("value");
    await choice.click();
    await page.waitForFunction(
      (before) => {
        const seq = document.querySelector("input[name=seq]");
        return !seq || seq.getAttribute("value") !== before || document.querySelector("h2#outcome-title");
      },
      seqBefore,
    );
    await ready(page);
  }
  await expect(page.getByRole("heading", { name: /^Outcome/ })).toBeVisible();
  return max;
}

test("staff play an assigned scenario from My training to the debrief, resuming on the way", async ({ page }, info) => {
  await loginAs(page, "staff");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My training" }).click();
  await ready(page);
  const card = page.locator("article.module", { has: page.getByRole("heading", { name: "Service recovery essentials" }) });
  await expect(card.getByText(/Due \d{1,2} [A-Z][a-z]{2} \d{4}/)).toBeVisible();
  await expect(card.getByRole("progressbar")).toBeVisible();
  await shot(page, info, "my-training");
  await card.locator(".next").getByRole("button").click();
  await ready(page);
  await expect(page.getByText("What do you do?")).toBeVisible();
  const title = await page.getByRole("heading", { level: 1 }).innerText();

  // One choice, then leave: the attempt resumes where it stopped, with the feedback shown.
  await page.locator("button.choice").first().click();
  await expect(page.getByText("You chose:")).toBeVisible();
  await shot(page, info, "play");
  await page.goto("/training");
  await ready(page);
  const resume = page.locator("article.module", { has: page.getByRole("heading", { name: "Service recovery essentials" }) });
  await expect(resume.getByText("Continue:")).toBeVisible();
  await resume.locator(".next").getByRole("button", { name: "Resume" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByText("You chose:")).toBeVisible();

  await playToEnd(page);
  await expect(page.getByRole("heading", { name: "Skill scores" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "The path taken" })).toBeVisible();
  await expect(page.locator("ol.path li").first()).toContainText("You:");
  await shot(page, info, "debrief");
  const debriefUrl = page.url();
  expect(debriefUrl).toMatch(/\/training\/attempts\//);

  // Another member of staff cannot open it.
  await logout(page);
  await login(page, "carla.berg@harbourgroup.example");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto(debriefUrl);
  await expect(page.getByRole("heading", { name: "Not found (404)" })).toBeVisible();
  await page.goto("/training");
  await expect(page.getByRole("heading", { name: "Your attempts" })).toBeVisible();
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);
});

test("a manager assigns a module and sees the person's progress change", async ({ page }, info) => {
  const module = "Saying no and keeping promises";
  await loginAs(page, "manager");
  await page.getByRole("link", { name: "Team training" }).click();
  await ready(page);
  // A different demo report per project, so each run starts from "Not started".
  const person = info.project.name === "js" ? "Hugo Murphy" : "Ines Nguyen";
  await page.locator("#assign-module").selectOption({ label: module });
  await page.locator("#assign-target").selectOption({ label: person });
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText(`“${module}” is assigned to 1 person`)).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(person) });
  // The table refreshes after the message: wait for the module's column before reading it.
  await expect(page.locator("table.progress thead")).toContainText(module);
  const col = await page.locator("table.progress thead th").allTextContents();
  const idx = col.findIndex((c) => c.includes(module));
  expect(idx).toBeGreaterThan(0);
  await expect(row.locator("td").nth(idx - 1)).toContainText("Not started");
  await shot(page, info, "team-training");
  await logout(page);

  await login(page, `${person.toLowerCase().replace(/ /g, ".")}@harbourgroup.example`);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto("/training");
  await ready(page);
  const card = page.locator("article.module", { has: page.getByRole("heading", { name: module }) });
  await card.locator(".next").getByRole("button", { name: "Play next" }).click();
  await ready(page);
  await page.locator("button.choice").first().click();
  await expect(page.getByText("You chose:")).toBeVisible();
  await logout(page);

  await loginAs(page, "manager");
  await page.goto("/training/team");
  await ready(page);
  await expect(page.getByRole("row", { name: new RegExp(person) }).locator("td").nth(idx - 1)).toContainText("In progress");

  // The manager removes the assignment again; the attempt stays.
  const item = page.locator("ul.assignment-list li", { hasText: person }).filter({ hasText: module });
  await item.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText(`“${module}” is no longer assigned to ${person}. Attempts and certificates are kept.`)).toBeVisible();
  await expect(page.locator("ul.assignment-list li", { hasText: person }).filter({ hasText: module })).toHaveCount(0);
});

test("HR assigns a module to a department with days for later joiners, then removes it", async ({ page }, info) => {
  const module = "Saying no and keeping promises";
  await loginAs(page, "hr");
  await page.goto("/training/manage");
  await ready(page);
  await page.locator("#assign-module").selectOption({ label: module });
  await page.locator("#assign-target").selectOption({ label: "Harbour View Hotel · Finance" });
  await page.getByLabel("Days for people who join later").fill("14");
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText(/People who join later have 14 days\./)).toBeVisible();
  const card = page.locator("article.module", { has: page.getByRole("heading", { name: module }) });
  const item = card.locator("ul.assignment-list li", { hasText: "Harbour View Hotel · Finance" });
  await expect(item).toContainText("people who join later: 14 days");
  await shot(page, info, "module-assignments");
  await card.locator("ul.assignment-list li", { hasText: "Harbour View Hotel · Finance" }).getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText(`“${module}” is no longer assigned to Harbour View Hotel · Finance.`, { exact: false })).toBeVisible();
  await expect(card.locator("ul.assignment-list li", { hasText: "Harbour View Hotel · Finance" })).toHaveCount(0);
});

test("HR sees progress by group, and a broken scenario file is refused with its line", async ({ page }, info) => {
  await loginAs(page, "hr");
  await page.getByRole("link", { name: "Training admin" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: "Progress by site and department" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Service recovery essentials" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Lakeside Lodge/ })).toContainText(/\d+ of \d+ done/);
  await page.getByRole("link", { name: "Lakeside Lodge" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: "Departments of Lakeside Lodge" })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "Front desk" })).toBeVisible();
  await shot(page, info, "training-admin-site");
  await page.getByRole("link", { name: "All sites" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: "Sites", exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: /^Charged twice at check-out/ })).toBeVisible();
  await shot(page, info, "training-admin");
  // A scenario's page shows its versions and its map.
  await page.getByRole("link", { name: "Charged twice at check-out", exact: true }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: "Versions" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Map of Charged twice at check-out" })).toBeVisible();
  await expect(page.locator("figure.map g.node")).toHaveCount(10);
  await expect(page.locator("figure.map g.unreachable")).toHaveCount(0);
  await shot(page, info, "scenario-map");
  // Duplicate it: a draft of a new scenario opens; discard it.
  await page.getByRole("button", { name: "Duplicate" }).click();
  await expect(page.getByRole("heading", { name: "Draft: Copy of Charged twice at check-out", level: 1 })).toBeVisible();
  await expect(page.getByText(/is a new draft copied from version 1/)).toBeVisible();
  await ready(page);
  await page.getByText("Discard draft…").click();
  await page.getByRole("button", { name: "Discard this draft" }).click();
  await expect(page.getByRole("heading", { name: "Scenario drafts" })).toBeVisible();
  await expect(page.getByText(/was discarded/)).toBeVisible();
  await page.goto("/training/manage");
  await ready(page);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rapport-"));
  const file = path.join(dir, "broken.toml");
  fs.writeFileSync(file, 'id = "broken"\ntitle = "Broken"\nminutes = "soon"\n');
  await page.getByLabel("Files").setInputFiles(file);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("alert")).toContainText("broken.toml, line 3, `minutes`");
  await expect(page.getByRole("alert")).toContainText("Nothing was imported");
});

test("HR reads choice analytics, a small group is hidden, and tables download as CSV", async ({ page }, info) => {
  test.setTimeout(60_000); // five full page loads and two downloads
  await loginAs(page, "hr");
  await page.goto("/training/manage");
  await ready(page);
  await page.getByRole("link", { name: "Analytics" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: "Training analytics" })).toBeVisible();
  await page.getByLabel("Scenario").selectOption({ label: "Charged twice at check-out" });
  await page.getByRole("button", { name: "Show" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: /Charged twice at check-out/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Choices at every step" })).toBeVisible();
  await expect(page.locator("ol.funnel > li").first()).toContainText("reached");
  await expect(page.getByRole("heading", { name: "Skills by site" })).toBeVisible();
  await shot(page, info, "analytics");
  const download = page.waitForEvent("download");
  await page.locator("a[href^='/reports/training-choices.csv']").click();
  const file = await (await download).path();
  expect(fs.readFileSync(file, "utf8")).toMatch(/^step,choice,text,picked,share %/);

  const records = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download statements (JSON)" }).click();
  const statements = JSON.parse(fs.readFileSync(await (await records).path(), "utf8"));
  expect(statements.length).toBeGreaterThan(100);
  expect(statements[0].verb.id).toBe("http://adlnet.gov/expapi/verbs/attempted");

  // One department is too small to show.
  await page.getByLabel("Department").selectOption({ label: "Harbour View Hotel · Finance" });
  await page.getByRole("button", { name: "Show" }).click();
  await ready(page);
  await expect(page.getByText(/Results for fewer than 5 people are not shown/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Choices at every step" })).toHaveCount(0);
});

test("HR opens a person's certificate from their profile, ready to print", async ({ page }, info) => {
  await loginAs(page, "hr");
  await page.goto("/people?q=tara.jensen");
  await ready(page);
  await page.getByRole("link", { name: "Tara Jensen" }).click();
  await ready(page);
  const panel = page.locator("section", { has: page.getByRole("heading", { name: "Certificates" }) });
  await expect(panel.getByText("Valid", { exact: true })).toBeVisible();
  await panel.getByRole("link", { name: "One touch and internal customers" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: "Certificate of completion" })).toBeVisible();
  await expect(page.getByText("Tara Jensen")).toBeVisible();
  await shot(page, info, "certificate");
  await expect(page.getByRole("heading", { name: "Certificates expired or due for renewal" })).toHaveCount(0);
  await page.goto("/training/manage");
  await expect(page.getByRole("heading", { name: "Certificates expired or due for renewal" })).toBeVisible();
  await expect(page.getByText("No certificate is expired or due for renewal.")).toBeVisible();
});

test("HR filters the certificate register, sees the counts and downloads it as CSV", async ({ page }, info) => {
  await loginAs(page, "hr");
  await page.goto("/training/manage");
  await ready(page);
  await page.getByRole("link", { name: "Certificate register" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: "Certificate register", level: 1 })).toBeVisible();
  const counts = page.locator("dl.stats");
  await expect(counts.getByText("Valid", { exact: true })).toBeVisible();
  await expect(counts.getByText("Expired", { exact: true })).toBeVisible();
  const rows = page.locator("table tbody tr");
  expect(await rows.count()).toBeGreaterThan(0);
  await page.getByLabel("Module").selectOption({ label: "One touch and internal customers" });
  await page.getByLabel("Status").selectOption({ label: "Valid" });
  await page.getByRole("button", { name: "Show" }).click();
  await ready(page);
  await expect(page).toHaveURL(/status=current/);
  await expect(rows.first()).toContainText("One touch and internal customers");
  for (const row of await rows.all()) await expect(row.locator("td").last()).toHaveText("Valid");
  await expect(page.getByRole("row", { name: /Tara Jensen/ })).toBeVisible();
  await shot(page, info, "certificate-register");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const csv = fs.readFileSync(await (await download).path(), "utf8");
  expect(csv).toMatch(/^person,site,department,module,issued,score,valid until,status/);
  expect(csv).toContain("Tara Jensen");
  expect(csv).not.toContain(",Expired");
});

test("clicking the top button every time does not pass a module", async ({ page }, info) => {
  test.setTimeout(180_000);
  // A person with no history, a different one per project.
  const email = info.project.name === "js" ? "hugo.murphy@harbourgroup.example" : "ines.nguyen@harbourgroup.example";
  await login(page, email);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  const module = "Service recovery essentials";
  const card = () => page.locator("article.module", { has: page.getByRole("heading", { name: module }) });
  await page.goto("/training");
  await ready(page);
  const total = await card().locator("ol.scenario-list li").count();
  expect(total).toBeGreaterThan(1);
  const scores: number[] = [];
  for (let k = 0; k < total; k++) {
    await page.goto("/training");
    await ready(page);
    await card().locator("ol.scenario-list li").nth(k).getByRole("button", { name: "Play", exact: true }).click();
    await ready(page);
    await playToEnd(page);
    const score = await page.locator("dt", { hasText: "This attempt" }).locator("xpath=following-sibling::dd[1]").innerText();
    scores.push(Number(score));
  }
  console.log(`top button every time, ${module}: ${scores.join(", ")}`);
  // Choices are shuffled per attempt, so the top button is a guess: at least one scenario falls
  // below the pass mark of 70 (all of them passing by luck has odds of about 1 in 2,000).
  expect(scores.some((s) => s < 70)).toBe(true);
  await page.goto("/training");
  await ready(page);
  await expect(card().locator(".tag", { hasText: "Done" })).toHaveCount(0);
  await expect(card().getByText(`of ${total} scenarios done`)).not.toHaveText(`${total} of ${total} scenarios done`);
});
