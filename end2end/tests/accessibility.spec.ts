import AxeBuilder from "@axe-core/playwright";
import { expect, Page, test } from "@playwright/test";
import { login, loginAs, ready } from "./helpers";

// axe-core (WCAG 2 A and AA rules) on every page, as each role sees it, with and without
// JavaScript: no serious or critical violation anywhere.
type Role = "staff" | "manager" | "hr" | "admin";

async function violations(page: Page, path: string): Promise<string[]> {
  await page.goto(path);
  await ready(page);
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${path}: ${v.id} (${v.impact}) ${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(" ")}: ${v.help}`);
}

/** The first link on `from` whose address matches `pattern`. */
async function firstLink(page: Page, from: string, pattern: RegExp): Promise<string | null> {
  await page.goto(from);
  await ready(page);
  for (const href of await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))) {
    if (pattern.test(href)) return href;
  }
  return null;
}

const STATIC: Record<Role, string[]> = {
  staff: ["/", "/training", "/account/password", "/recognition", "/recognition/rewards", "/recognition/programmes", "/recognition/hall-of-fame", "/surveys"],
  manager: ["/", "/training/team", "/training/drafts", "/people", "/recognition", "/recognition/report", "/surveys"],
  hr: [
    "/",
    "/people",
    "/training/manage",
    "/training/analytics",
    "/training/certificate-register",
    "/training/library/double-charge",
    "/training/drafts",
    "/admin/awards",
    "/admin/rewards",
    "/recognition/report",
    "/recognition/programmes",
    "/surveys",
    "/surveys/items",
  ],
  admin: ["/admin/organisation", "/admin/settings", "/admin/people/new", "/admin/people/import", "/admin/values"],
};

test("no page has a serious or critical accessibility violation", async ({ browser }, info) => {
  test.setTimeout(300_000);
  // axe runs as a script in the page, so without JavaScript the app's own scripts are blocked
  // instead: the page stays the plain server-rendered HTML a browser without JavaScript gets.
  const context = await browser.newContext({ baseURL: info.project.use.baseURL, javaScriptEnabled: true });
  if (info.project.name === "nojs") await context.route(/\/pkg\//, (route) => route.abort());
  const page = await context.newPage();
  const found: string[] = [];
  let pages = 0;
  const check = async (path: string | null) => {
    if (!path) return;
    pages += 1;
    found.push(...(await violations(page, path)));
  };

  await page.goto("/login");
  await ready(page);
  pages += 1;
  found.push(...(await violations(page, "/login")));

  for (const role of Object.keys(STATIC) as Role[]) {
    await page.context().clearCookies();
    await loginAs(page, role);
    for (const path of STATIC[role]) await check(path);
    if (role === "staff") {
      // A conversation in progress and a debrief.
      await page.goto("/training");
      await ready(page);
      await page.locator("article.module .next").getByRole("button").first().click();
      await ready(page);
      await expect(page.locator("button.choice").first()).toBeVisible();
      await check(new URL(page.url()).pathname);
      // The open pulse's answer form.
      await check(await firstLink(page, "/surveys", /^\/surveys\/[^/]+$/));
    }
    if (role === "manager") await check(await firstLink(page, "/surveys", /^\/surveys\/[^/]+\/results$/));
    if (role === "hr") {
      await check(await firstLink(page, "/people", /^\/people\/[^/?]+$/));
      await check(await firstLink(page, "/training/certificate-register", /^\/training\/certificates\//));
      // An awards programme with its shortlists, and a winner's certificate.
      await check(await firstLink(page, "/recognition/programmes", /^\/recognition\/programmes\/[^/?]+$/));
      await check(await firstLink(page, "/recognition/hall-of-fame", /^\/recognition\/hall-of-fame\/[^/?]+$/));
      // A survey's results, heatmap, focus areas, trends and comments (the first survey listed).
      const census = await firstLink(page, "/surveys", /^\/surveys\/[^/]+\/results$/);
      await check(census);
      for (const page of ["heatmap", "focus", "trends", "comments"]) await check(census ? census.replace(/results$/, page) : null);
      await check(await firstLink(page, "/people", /^\/people\/[^/?]+$/).then(async (p) => (p ? firstLink(page, p, /^\/training\/attempts\//) : null)));
      const draft = await firstLink(page, "/training/drafts", /^\/training\/drafts\/[^/]+$/);
      await check(draft);
      if (draft) await check(`${draft}/test`);
    }
    if (role === "admin") {
      await check(await firstLink(page, "/people", /^\/admin\/people\/(?!new|import)[^/]+$/));
    }
  }
  // A debrief, as a member of staff with finished attempts sees it.
  await page.context().clearCookies();
  await login(page, "tara.jensen@harbourgroup.example");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  const debrief = await firstLink(page, "/training", /^\/training\/attempts\//);
  expect(debrief).not.toBeNull();
  await check(debrief);

  console.log(`${info.project.name}: ${pages} pages checked with axe-core, ${found.length} serious or critical violations`);
  await context.close();
  expect(found).toEqual([]);
});
