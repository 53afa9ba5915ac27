import { expect, test } from "@playwright/test";
import { DEMO, loginAs, logout, ready, shot, tag } from "./helpers";

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

test("an admin creates an API token, sees it once, a system sends with it, and the admin revokes it", async ({ page }, info) => {
  const name = `Guest kiosk ${tag(info)}`;
  await loginAs(page, "admin");
  await page.goto("/customers");
  await ready(page);
  await page.getByRole("link", { name: "Feedback API" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: "Feedback API", level: 1 })).toBeVisible();
  await expect(page.getByRole("table", { name: "Fields of a response" })).toContainText("external_id");

  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Harbour View Hotel").check();
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = page.getByLabel("Token", { exact: true });
  await expect(secret).toHaveValue(/^rpt_[0-9a-f]{64}$/);
  const value = await secret.inputValue();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Harbour View Hotel");
  await shot(page, info, "feedback-api-token");

  // Another system sends a response with it.
  const send = (id: string) =>
    page.request.post("/api/v1/feedback", {
      headers: { authorization: `Bearer ${value}`, "content-type": "application/json" },
      data: JSON.stringify({ external_id: `${name}-${id}`, occurred_at: "2026-11-30T14:05:00Z", site: "Harbour View Hotel", csat: 5 }),
    });
  const sent = await send("1");
  expect(sent.status()).toBe(200);
  expect((await sent.json()).added).toBe(1);

  // Shown once: gone on the next visit, which says when it was last used.
  await page.goto("/customers/api");
  await ready(page);
  await expect(page.getByLabel("Token", { exact: true })).toHaveCount(0);
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).not.toContainText("Never");

  await row.getByText("Revoke…").click();
  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByText(`"${name}" is revoked`)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Revoked");
  expect((await send("2")).status()).toBe(401);
});

test("HR makes a feedback link; a guest answers it on the phone, without an account; the answer shows on the site's page", async ({ page, browser }, info) => {
  const words = `The risotto was perfect (${tag(info)} ${Date.now()})`;
  await loginAs(page, "hr");
  await page.goto("/customers");
  await ready(page);
  await page.getByRole("link", { name: "Feedback links and QR codes" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: "Feedback links", level: 1 })).toBeVisible();
  await page.getByLabel("Site", { exact: true }).selectOption({ label: "Harbour View Hotel" });
  await page.getByLabel("Where customers are served").selectOption({ label: "Restaurant" });
  await page.getByRole("button", { name: "Make link" }).click();
  await expect(page.getByText("The link for Harbour View Hotel is ready")).toBeVisible();
  const item = page.locator("li.link-item").first();
  await expect(item).toContainText("Harbour View Hotel");
  await expect(item.getByRole("img", { name: /QR code for Harbour View Hotel/ })).toBeVisible();
  await shot(page, info, "feedback-links");
  const href = await item.getByRole("link", { name: /^\/f\// }).getAttribute("href");
  expect(href).toMatch(/^\/f\/[0-9a-f]{20}$/);

  // The printable card carries the QR code and the link's address.
  await page.goto(`${href}/card`);
  await expect(page.getByRole("img", { name: "QR code that opens the feedback form" })).toBeVisible();
  await expect(page.locator(".table-card-url")).toContainText(`${href}`);
  await shot(page, info, "feedback-card");

  // A guest on a phone: no account, no script needed.
  const guest = await browser.newContext({
    baseURL: info.project.use.baseURL,
    javaScriptEnabled: info.project.use.javaScriptEnabled,
    viewport: { width: 390, height: 844 },
  });
  const phone = await guest.newPage();
  await phone.goto(href!);
  await expect(phone.getByRole("heading", { name: "How did we do today?" })).toBeVisible();
  await phone.getByRole("group", { name: "How satisfied were you with your visit?" }).getByRole("radio", { name: "5", exact: true }).check();
  await phone.getByRole("group", { name: /recommend us/ }).getByRole("radio", { name: "10", exact: true }).check();
  await phone.getByLabel("Anything you would like to tell us? (optional)").fill(words);
  await phone.screenshot({ path: `screenshots/${info.project.name}-feedback-phone.png`, fullPage: true });
  await phone.getByRole("button", { name: "Send" }).click();
  await expect(phone.getByRole("heading", { name: "Thank you" })).toBeVisible();
  await guest.close();

  // HR sees it on the site's page.
  await page.goto("/customers");
  await ready(page);
  await page.getByLabel("Site, region or department").selectOption({ label: "Harbour View Hotel" });
  await page.getByRole("button", { name: "Show" }).click();
  await ready(page);
  await expect(page.locator("ul.comments")).toContainText(words);
});

/** HR makes a link for Carla at the front desk of Harbour View Hotel and a guest answers it on a phone. */
async function guestAnswers(
  page: import("@playwright/test").Page,
  browser: import("@playwright/test").Browser,
  info: import("@playwright/test").TestInfo,
  answer: { csat: string; nps: string; words: string; contact?: string },
) {
  await loginAs(page, "hr");
  await page.goto("/customers/links");
  await ready(page);
  await page.getByLabel("Site", { exact: true }).selectOption({ label: "Harbour View Hotel" });
  await page.getByLabel("For one person (optional): their email").fill(DEMO.staff.email);
  const carlas = page.locator("li.link-item", { hasText: `for ${DEMO.staff.name}` });
  const before = await carlas.count();
  await page.getByRole("button", { name: "Make link" }).click();
  await expect(page.getByText("The link for Harbour View Hotel is ready")).toBeVisible();
  // Newest first, once the list has the new one.
  await expect(carlas).toHaveCount(before + 1);
  const href = await carlas.first().getByRole("link", { name: /^\/f\// }).getAttribute("href");
  const guest = await browser.newContext({
    baseURL: info.project.use.baseURL,
    javaScriptEnabled: info.project.use.javaScriptEnabled,
    viewport: { width: 390, height: 844 },
  });
  const phone = await guest.newPage();
  await phone.goto(href!);
  await phone.getByRole("group", { name: "How satisfied were you with your visit?" }).getByRole("radio", { name: answer.csat, exact: true }).check();
  await phone.getByRole("group", { name: /recommend us/ }).getByRole("radio", { name: answer.nps, exact: true }).check();
  await phone.getByLabel("Anything you would like to tell us? (optional)").fill(answer.words);
  if (answer.contact) {
    await phone.getByLabel(/If you would like us to get back to you/).fill(answer.contact);
  }
  await phone.getByRole("button", { name: "Send" }).click();
  await expect(phone.getByRole("heading", { name: "Thank you" })).toBeVisible();
  await guest.close();
  await logout(page);
}

test("an unhappy guest leaves a contact; the site's manager calls back, resolves it with its root cause and assigns training in one step", async ({ page, browser }, info) => {
  const words = `Waited forty minutes at check-in and nobody said sorry (${tag(info)} ${Date.now()})`;
  await guestAnswers(page, browser, info, { csat: "1", nps: "2", words, contact: `guest-${tag(info)}@example.com` });

  // The manager's home flags it; the list has it with the guest's words.
  await loginAs(page, "manager");
  const panel = page.locator("section", { has: page.getByRole("heading", { name: "Unhappy customers to follow up" }) });
  await expect(panel).toBeVisible();
  await panel.getByRole("link", { name: /to do$/ }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: "Follow-ups", level: 1 })).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(words.replace(/[()]/g, ".")) });
  await expect(row).toContainText("Carla Ivanova");
  await expect(row).toContainText("Due in");
  await shot(page, info, "followups-list");
  await row.getByRole("link").click();
  await ready(page);
  await expect(page.getByRole("heading", { name: /^Follow-up: Harbour View Hotel/, level: 1 })).toBeVisible();
  await expect(page.locator("blockquote")).toContainText(words);
  await expect(page.locator("dl.facts")).toContainText(`guest-${tag(info)}@example.com`);

  // Resolving needs the root cause: the message says so and nothing changes.
  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByText("Choose the root cause")).toBeVisible();
  await page.getByLabel("Note (what you did, what you agreed)").fill("Called back, apologised and refunded the first night.");
  await page.getByRole("button", { name: "Mark contacted" }).click();
  await expect(page.getByText("Marked as contacted.")).toBeVisible();
  // The form starts empty again, so the note is not sent twice.
  await expect(page.getByLabel("Note (what you did, what you agreed)")).toHaveValue("");
  await page.getByLabel("Root cause (needed to resolve)").selectOption({ label: "Greeting, tone or manner" });
  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByText("The follow-up is resolved.")).toBeVisible();
  const timeline = page.locator("section", { has: page.getByRole("heading", { name: "Timeline" }) });
  await expect(timeline).toContainText("Called back, apologised");
  await expect(timeline).toContainText("Root cause: Greeting, tone or manner.");

  // One step: training for the person who served.
  await page.getByLabel("Module").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Assign" }).click();
  await expect(page.getByText(/is assigned to 1 person, due/).first()).toBeVisible();
  await expect(timeline).toContainText("Training assigned");
  await shot(page, info, "followup-resolved");
});

test("a guest compliments Carla by name; her manager recognises her in one step with the guest's words", async ({ page, browser }, info) => {
  const words = `Carla found our lost passport at midnight (${tag(info)} ${Date.now()})`;
  await guestAnswers(page, browser, info, { csat: "5", nps: "10", words });

  await loginAs(page, "manager");
  await page.goto("/customers");
  await ready(page);
  const comment = page.locator("ul.comments li", { hasText: words });
  await expect(comment).toBeVisible();
  await comment.getByText("Recognise Carla Ivanova").click();
  await expect(comment.getByLabel("Message")).toHaveValue(new RegExp(`^A guest wrote: “${words.replace(/[()]/g, ".")}”`));
  await expect(comment.getByLabel("Value")).toHaveValue(/.+/);
  await expect(comment.getByLabel("Value").locator("option:checked")).toHaveText("Moments of magic");
  await shot(page, info, "recognise-compliment");
  await comment.getByRole("button", { name: "Send recognition" }).click();
  await expect(page.getByText("Your recognition of Carla Ivanova for “Moments of magic” is posted.")).toBeVisible();
  // Offered once: the compliment no longer offers it, and the recognition quotes the guest.
  await page.goto("/customers");
  await ready(page);
  await expect(page.locator("ul.comments li", { hasText: words }).getByText("Recognise Carla Ivanova")).toHaveCount(0);
  await page.goto("/recognition");
  await ready(page);
  await expect(page.getByText(words).first()).toBeVisible();
});

test("HR imports a CSV export: maps its columns, checks it, maps the values that match nothing and imports once", async ({ page }, info) => {
  const t = tag(info);
  await loginAs(page, "hr");
  await page.goto("/customers");
  await ready(page);
  await page.getByRole("link", { name: "import a CSV export" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: "Import customer feedback", level: 1 })).toBeVisible();

  // A survey tool's export: its own column names, a site and a channel named its own way, a CSAT of 9.
  const csv = [
    "Response ID,Submitted,Hotel,Touchpoint,Overall satisfaction,Likely to recommend,Verbatim",
    `${t}-1,28/11/2026 09:15,Harbour View,Desk,5,10,"Lovely stay, thank you"`,
    `${t}-2,29/11/2026,Harbour View Hotel,Phone,2,3,Slow`,
    `${t}-3,30/11/2026 18:00,Harbour View Hotel,Phone,9,,`,
    `${t}-4,30/11/2026,Harbour View Hotel,Desk,4,8,Fine`,
    `${t}-5,01/12/2026,Harbour View,Phone,5,9,Carla was great`,
  ].join("\r\n");
  await page.getByLabel(/CSV file/).setInputFiles({ name: `guests-${t}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and map" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: `Import guests-${t}.csv`, level: 1 })).toBeVisible();

  // The columns are guessed from their names, and the dates previewed as they will read.
  await expect(page.getByLabel("Date (required)")).toHaveValue("Submitted");
  await expect(page.getByLabel("Site (required)")).toHaveValue("Hotel");
  await expect(page.getByLabel("NPS (0-10)")).toHaveValue("Likely to recommend");
  await expect(page.getByRole("row", { name: /28\/11\/2026 09:15/ })).toContainText("28 Nov 2026, 09:15");
  await page.getByLabel("Source name").fill(`Guest survey ${t}`);
  await shot(page, info, "feedback-import-map");

  // A check keeps nothing, lists the problems by line and the values that match nothing.
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByRole("heading", { name: "What a check found" })).toBeVisible({ timeout: 15_000 });
  await ready(page);
  await expect(page.getByRole("table").filter({ hasText: "In the file" }).last()).toContainText("Harbour View");
  await page.getByLabel("What “Harbour View” means").selectOption({ label: "Site: Harbour View Hotel" });
  await page.getByLabel("What “Desk” means").selectOption({ label: "Front desk" });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByRole("heading", { name: "What a check found" })).toBeVisible({ timeout: 15_000 });
  await ready(page);
  const stats = page.locator("dl.stats");
  // The report of the first check is on the page until the second one's comes.
  await expect(stats).toContainText("Would be added4", { timeout: 15_000 });
  await expect(stats).toContainText("With problems1");
  await expect(page.getByRole("row", { name: /^4 / })).toContainText("CSAT is from 1 to 5, not 9.");
  await shot(page, info, "feedback-import-checked");

  // Keep the good rows.
  await page.getByLabel(/Skip bad rows/).check();
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("The file is imported.")).toBeVisible({ timeout: 15_000 });
  await ready(page);
  await expect(page.locator("dl.stats")).toContainText("Added4");
  await shot(page, info, "feedback-import-done");

  // The file and its saved mapping are listed.
  await page.getByRole("link", { name: "import another file" }).click();
  await ready(page);
  await expect(page.getByRole("row", { name: new RegExp(`guests-${t}.csv`) })).toContainText("4 added");
  await expect(page.getByText(`Guest survey ${t}`, { exact: true })).toBeVisible();
});
