import { Browser, expect, test } from "@playwright/test";
import { DEMO, PASSWORD } from "./helpers";

// Every page, loaded several times in a fresh browser each time (nothing cached, as on a first
// visit), hydrates every time. Pages were once found not to hydrate about one load in forty.
const PAGES: [keyof typeof DEMO | null, string[]][] = [
  [null, ["/login"]],
  ["staff", ["/", "/training", "/account/password", "/recognition", "/recognition/rewards", "/recognition/programmes", "/recognition/hall-of-fame", "/surveys"]],
  ["manager", ["/", "/training/team", "/training/drafts", "/recognition", "/recognition/report", "/surveys"]],
  ["hr", ["/", "/people", "/training/manage", "/training/analytics", "/admin/awards", "/admin/rewards", "/recognition/report", "/surveys", "/surveys/items"]],
  ["admin", ["/admin/organisation", "/admin/settings", "/admin/people/new", "/admin/people/import", "/admin/values"]],
];
const LOADS = 4;

async function signedIn(browser: Browser, who: keyof typeof DEMO | null, baseURL?: string) {
  if (!who) return undefined;
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(DEMO[who].email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  const state = await context.storageState();
  await context.close();
  return state;
}

test("every page hydrates on every fresh load", async ({ browser }, info) => {
  test.skip(info.project.name !== "js", "hydration needs JavaScript");
  // About seventy fresh loads: a minute here, more on a slower CI machine.
  test.setTimeout(360_000);
  const failures: string[] = [];
  let loads = 0;
  for (const [who, paths] of PAGES) {
    const storageState = await signedIn(browser, who, info.project.use.baseURL);
    for (const path of paths) {
      for (let i = 0; i < LOADS; i++) {
        const context = await browser.newContext({ storageState, baseURL: info.project.use.baseURL });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(String(e).split("\n")[0]));
        await page.goto(path);
        const hydrated = await page
          .locator("body[data-hydrated]")
          .waitFor({ state: "attached", timeout: 10_000 })
          .then(() => true, () => false);
        loads += 1;
        if (!hydrated) failures.push(`${who ?? "anonymous"} ${path} load ${i + 1}: ${errors.join(" | ")}`);
        await context.close();
      }
    }
  }
  console.log(`${loads} fresh page loads, ${failures.length} did not hydrate`);
  expect(failures).toEqual([]);
});
