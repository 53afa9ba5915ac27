import { expect, Locator, Page, test } from "@playwright/test";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { login, loginAs, logout, ready, shot } from "./helpers";

/** Demo staff of Old Town Suites who play the new scenario; no other journey relies on them. */
const PLAYERS = [
  "umar.rossi@harbourgroup.example",
  "vera.mendes@harbourgroup.example",
  "wes.berg@harbourgroup.example",
  "xena.costa@harbourgroup.example",
  "yusuf.khan@harbourgroup.example",
  "zoe.moreau@harbourgroup.example",
];

/**
 * Submits one of the editor's forms and waits until the page shows the saved draft. With JavaScript
 * a save refreshes the problems and the map; one that adds or removes a choice (`rebuilds`) then
 * also rebuilds the forms.
 */
async function submit(page: Page, button: Locator, endpoint: string, rebuilds = false) {
  if (test.info().project.name === "js") {
    const saved = page.waitForResponse((r) => r.url().includes(`/api/${endpoint}`));
    let fetched = 0;
    const reloaded = page.waitForResponse((r) => r.url().includes("/api/get_draft") && ++fetched === (rebuilds ? 2 : 1));
    await button.click();
    expect((await saved).status()).toBe(200);
    await reloaded;
  } else {
    await button.click();
    await page.waitForLoadState("load");
  }
}

/** A member of staff plays the scenario from the practice library, picking `choice` at the first step. */
async function playOnce(page: Page, email: string, title: string, choice: string) {
  await login(page, email);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto("/training");
  await ready(page);
  const item = page.locator("ul.library li", { hasText: title });
  await item.getByRole("button", { name: "Play" }).click();
  await ready(page);
  await page.getByRole("button", { name: choice }).click();
  await expect(page.getByRole("heading", { name: /^Outcome/ })).toBeVisible();
  await logout(page);
}

test("HR writes a scenario, fixes an unreachable step, play-tests, publishes and assigns it; staff play; the choice counts change", async ({ page }, info) => {
  test.setTimeout(240_000); // about forty page loads and six logins
  const tag = info.project.name;
  const title = `Lost luggage ${tag}`;
  const slug = `lost-luggage-${tag}`;
  const good = "Take the bag tag and open a trace now, in front of her.";
  const bad = "Tell her it is the airline's problem.";

  await loginAs(page, "hr");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Drafts", exact: true }).click();
  await ready(page);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Id").fill(slug);
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByRole("heading", { name: `Draft: ${title}` })).toBeVisible();
  await ready(page);

  // The scenario and the customer.
  const details = page.locator("#details");
  await details.getByLabel("Summary").fill("A guest's suitcase did not arrive with the airport shuttle.");
  await details.getByLabel("Customer's name").fill("Rosa Lindqvist");
  await details.getByLabel("Situation").fill("Arrived for a conference; her suitcase is missing.");
  await details.getByLabel("What the customer wants").fill("Her suitcase, or what she needs for tomorrow.");
  await details.getByLabel("Listening", { exact: true }).check();
  await submit(page, details.getByRole("button", { name: "Save details" }), "save_draft_meta");

  // The opening step and its one choice, then the ending it leads to.
  let opening = page.locator("#step-opening");
  await opening.getByLabel("What happens").fill("Rosa comes to the desk, close to tears.");
  await opening.getByLabel("What the customer says (optional)").fill("My suitcase wasn't on the shuttle.");
  let first = opening.locator("fieldset.choice-edit").first();
  await first.getByLabel("What the learner says or does").fill(good);
  await first.getByLabel("Feedback shown after the choice").fill("You act at once and she sees it.");
  await first.getByLabel("Skill points").fill("listening +2");
  await first.getByLabel("Mood change").fill("30");
  await submit(page, opening.getByRole("button", { name: "Save step" }), "save_draft_step");
  const resolved = page.locator("#step-resolved");
  await resolved.getByLabel("What happens").fill("The bag is found and delivered by ten.");
  await resolved.getByLabel("Debrief: what to take away (endings)").fill("Act first; explain later.");
  await submit(page, resolved.getByRole("button", { name: "Save step" }), "save_draft_step");
  await expect(page.getByRole("heading", { name: "Ready to publish" })).toBeVisible();

  if (tag === "js") {
    // With JavaScript the step is checked while the author types, before saving.
    const mood = page.locator("#step-opening fieldset.choice-edit").first().getByLabel("Mood change");
    await mood.fill("lots");
    await expect(page.locator("#step-opening fieldset.choice-edit").first().locator("ul.problems")).toContainText("“lots”");
    await expect(page.locator("#step-opening .step-head")).toContainText("1 problem");
    await mood.fill("30");
    await expect(page.locator("#step-opening .step-head")).toContainText("No problems");
    const name = page.locator("#details").getByLabel("Customer's name");
    await name.fill("");
    await expect(page.locator("#details ul.problems")).toContainText("“Customer's name” is empty");
    await name.fill("Rosa Lindqvist");
    await expect(page.locator("#details ul.problems")).toHaveCount(0);
    // Saving one step keeps what was typed, and not yet saved, in another.
    const later = page.locator("#step-resolved").getByLabel("What happens");
    await later.fill("The bag is found and delivered by ten tonight.");
    await submit(page, page.locator("#step-opening").getByRole("button", { name: "Save step" }), "save_draft_step");
    await expect(later).toHaveValue("The bag is found and delivered by ten tonight.");
    await later.fill("The bag is found and delivered by ten.");
  }

  // A step no choice leads to: the editor says so next to it, and on the map.
  await page.locator("#new-step-id").fill("blame");
  await submit(page, page.getByRole("button", { name: "Add step" }), "add_draft_step");
  let blame = page.locator("#step-blame");
  await blame.getByLabel("Ending", { exact: true }).selectOption({ label: "Moment of misery" });
  await blame.getByLabel("What happens").fill("Rosa leaves to buy clothes and posts about it.");
  await blame.getByLabel("Debrief: what to take away (endings)").fill("Blame makes it her problem.");
  await submit(page, blame.getByRole("button", { name: "Save step" }), "save_draft_step");
  blame = page.locator("#step-blame");
  await expect(blame.locator(".step-head")).toContainText("Unreachable");
  await expect(blame.locator("ul.problems")).toContainText(/reach/);
  await expect(page.getByRole("heading", { name: /1 problem to fix before publishing/ })).toBeVisible();
  await expect(page.locator("figure.map g.unreachable")).toHaveCount(1);
  await shot(page, info, "editor-warning");

  // Fix it: a second choice at the opening leads there.
  opening = page.locator("#step-opening");
  const added = opening.locator("fieldset.new-choice");
  await added.getByLabel("What the learner says or does").fill(bad);
  await added.getByLabel("Feedback shown after the choice").fill("Blame puts the problem back on her.");
  await added.getByLabel("Leads to").selectOption("blame");
  await added.getByLabel("Skill points").fill("listening -2");
  await added.getByLabel("Mood change").fill("-20");
  await submit(page, opening.getByRole("button", { name: "Save step" }), "save_draft_step", true);
  await expect(page.getByRole("heading", { name: "Ready to publish" })).toBeVisible();
  // The rebuilt forms show the new choice as choice 2 and an empty slot for the next one.
  await expect(page.locator("#step-opening fieldset.choice-edit")).toHaveCount(3);
  await expect(page.locator("#step-opening fieldset.new-choice").getByLabel("What the learner says or does")).toHaveValue("");
  await expect(page.locator("#new-step-id")).toHaveValue("");
  await expect(page.locator("#step-blame .step-head")).toContainText("No problems");
  await expect(page.locator("figure.map g.unreachable")).toHaveCount(0);
  await shot(page, info, "editor-ready");

  // Play-test both ways; nothing is recorded.
  await page.getByRole("link", { name: "Play-test" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: `Play-test: ${title}` })).toBeVisible();
  await expect(page.getByText("My suitcase wasn't on the shuttle.")).toBeVisible();
  await page.getByRole("link", { name: bad }).click();
  await ready(page);
  await expect(page.getByText("Moment of misery")).toBeVisible();
  await expect(page.getByText("Blame puts the problem back on her.")).toBeVisible();
  await shot(page, info, "playtest");
  await page.getByRole("link", { name: "Start again" }).click();
  await ready(page);
  await page.getByRole("link", { name: good }).click();
  await ready(page);
  await expect(page.getByText("Customer recovered")).toBeVisible();
  await page.getByRole("link", { name: "Back to the editor" }).click();
  await ready(page);

  // Publish: version 1, on the scenario's page.
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.getByText(/is published as version 1/)).toBeVisible();
  await ready(page);

  // Assign it: a module with the new scenario, assigned to the first player.
  const module = `Baggage ${tag}`;
  await page.goto("/training/manage");
  await ready(page);
  await page.getByLabel("Title").fill(module);
  await page.getByLabel(title).check();
  await page.getByRole("button", { name: "Create module" }).click();
  await expect(page.getByText(`“${module}”`).first()).toBeVisible();
  await ready(page);
  const player = await page.locator("#assign-target option", { hasText: /./ }).filter({ hasText: PLAYER_NAME(PLAYERS[0]) }).first().textContent();
  await page.locator("#assign-module").selectOption({ label: module });
  await page.locator("#assign-target").selectOption({ label: (player ?? "").trim() });
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText(`“${module}” is assigned to 1 person`)).toBeVisible();

  // The module, exported as one file from the browser, imports back unchanged.
  await page.goto("/training/manage");
  await ready(page);
  const download = page.waitForEvent("download");
  await page.locator("article.module", { has: page.getByRole("heading", { name: module }) }).getByRole("link", { name: "Export module" }).click();
  const file = await (await download).path();
  const text = fs.readFileSync(file, "utf8");
  expect(text).toContain(`[module]\ntitle = "${module}"`);
  expect(text).toContain(`id = "${slug}"`);
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rapport-")), `${slug}.module.toml`);
  fs.writeFileSync(copy, text);
  await page.getByLabel("Files").setInputFiles(copy);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByText(/Scenarios imported: 0 new, 0 updated \(as new versions\), 1 unchanged\. Modules: 0 new, 0 updated, 1 unchanged\./)).toBeVisible();

  // Before anyone plays, the analytics show nothing.
  await page.goto(`/training/analytics?scenario=${slug}`);
  await ready(page);
  await expect(page.getByText(/Results for fewer than 5 people are not shown/)).toBeVisible();
  await logout(page);

  // The assigned player finds it in My training; four more play it from the library.
  await login(page, PLAYERS[0]);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto("/training");
  await ready(page);
  const card = page.locator("article.module", { has: page.getByRole("heading", { name: module }) });
  await card.locator(".next").getByRole("button").click();
  await ready(page);
  await page.getByRole("button", { name: good }).click();
  await expect(page.getByRole("heading", { name: /^Outcome/ })).toBeVisible();
  await logout(page);
  await playOnce(page, PLAYERS[1], title, good);
  await playOnce(page, PLAYERS[2], title, good);
  await playOnce(page, PLAYERS[3], title, bad);
  await playOnce(page, PLAYERS[4], title, bad);

  // HR sees the choices: 3 and 2.
  await loginAs(page, "hr");
  await page.goto(`/training/analytics?scenario=${slug}`);
  await ready(page);
  const picked = (text: string) => page.locator("ol.funnel > li").first().locator("tr", { hasText: text }).locator("td.num");
  await expect(picked(good)).toHaveText("3");
  await expect(picked(bad)).toHaveText("2");
  await shot(page, info, "authored-analytics");
  await logout(page);

  // One more player picks the other answer; the counts change.
  await playOnce(page, PLAYERS[5], title, bad);
  await loginAs(page, "hr");
  await page.goto(`/training/analytics?scenario=${slug}`);
  await ready(page);
  await expect(picked(bad)).toHaveText("3");
  await expect(picked(good)).toHaveText("3");

  // Archive it: learners can no longer start it; results stay.
  await page.goto(`/training/library/${slug}`);
  await ready(page);
  await expect(page.getByRole("heading", { name: "Versions" })).toBeVisible();
  await page.getByRole("button", { name: "Archive" }).click();
  await expect(page.getByRole("heading", { name: /Availability/ })).toContainText("Archived");
  await expect(page.getByRole("button", { name: "Publish", exact: true })).toBeVisible();
});

function PLAYER_NAME(email: string) {
  return email
    .split("@")[0]
    .split(".")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join(" ");
}
