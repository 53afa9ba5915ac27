import { expect, test } from "@playwright/test";
import { DEMO, PASSWORD, login, loginAs, logout, ready, shot, tag } from "./helpers";

test("each role logs in to its own home page and logs out", async ({ page }, info) => {
  await loginAs(page, "staff");
  await expect(page.getByRole("heading", { name: "Your profile" })).toBeVisible();
  // Her manager, on her profile (the home page's recognition panel may name him too).
  const profile = page.locator("section", { has: page.getByRole("heading", { name: "Your profile" }) });
  await expect(profile.getByText(DEMO.manager.name)).toBeVisible();
  await expect(page.getByRole("link", { name: "People", exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Organisation" })).toHaveCount(0);
  await shot(page, info, "home-staff");
  await logout(page);

  await loginAs(page, "manager");
  await expect(page.getByRole("heading", { name: /Your team/ })).toBeVisible();
  await expect(page.getByRole("link", { name: DEMO.staff.name })).toBeVisible();
  await expect(page.getByRole("link", { name: "People", exact: true })).toHaveCount(0);
  await shot(page, info, "home-manager");
  await logout(page);

  await loginAs(page, "hr");
  await expect(page.getByRole("heading", { name: "The organisation" })).toBeVisible();
  await expect(page.getByRole("link", { name: "People", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Organisation" })).toHaveCount(0);
  await shot(page, info, "home-hr");
  await logout(page);

  await loginAs(page, "admin");
  await expect(page.getByRole("heading", { name: "The organisation" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Organisation" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" })).toBeVisible();
  // The admin's navigation fits on one line at 1280 px.
  await page.setViewportSize({ width: 1280, height: 800 });
  const heights = await page.locator("nav.topnav ul.navlinks > li").evaluateAll((lis) => new Set(lis.map((li) => Math.round(li.getBoundingClientRect().top))).size);
  expect(heights).toBe(1);
  await shot(page, info, "home-admin");
  await logout(page);
  await expect(page.getByText("You have been logged out.")).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});

test("a wrong password gets one generic message", async ({ page }, info) => {
  await login(page, DEMO.staff.email, "not-the-password");
  await expect(page.getByRole("alert")).toHaveText("That email and password do not match an active account.");
  await login(page, "nobody@harbourgroup.example", "not-the-password");
  await expect(page.getByRole("alert")).toHaveText("That email and password do not match an active account.");
  await shot(page, info, "login-wrong");
});

test("repeated failures are throttled with a clear message", async ({ page }, info) => {
  const email = `locked-${tag(info)}@harbourgroup.example`;
  for (let i = 0; i < 5; i++) {
    await login(page, email, "wrong-password-" + i);
    await expect(page.getByRole("alert")).toContainText("do not match");
  }
  const status = page.waitForResponse((r) => r.url().endsWith("/api/login")).then((r) => r.status());
  await login(page, email, "wrong-password-again");
  await expect(page.getByRole("alert")).toContainText("Too many failed login attempts. Please wait");
  // With JavaScript the answer itself is a 429; without, the browser follows the redirect that carries the message.
  expect(await status).toBe(info.project.name === "js" ? 429 : 302);
  await shot(page, info, "login-throttled");
});

test("staff are refused admin pages with a 403 page", async ({ page }, info) => {
  await loginAs(page, "staff");
  for (const path of ["/admin/people/new", "/admin/organisation", "/people"]) {
    const res = await page.goto(path);
    expect(res?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Not allowed (403)" })).toBeVisible();
  }
  await shot(page, info, "forbidden");
});

test("a manager sees their own report but not someone outside their team", async ({ page }, info) => {
  await loginAs(page, "admin");
  await page.goto("/people?q=" + encodeURIComponent("Priya"));
  const href = await page.getByRole("link", { name: DEMO.hr.name }).getAttribute("href");
  const strangerPid = href!.split("/").pop();
  await logout(page);
  await loginAs(page, "manager");
  await page.getByRole("link", { name: DEMO.staff.name }).click();
  await expect(page.getByRole("heading", { name: DEMO.staff.name, level: 1 })).toBeVisible();
  const res = await page.goto(`/people/${strangerPid}`);
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed (403)" })).toBeVisible();
  await shot(page, info, "manager-stranger");
});

test("the session id changes at login and the old one stops working", async ({ page, context }) => {
  await loginAs(page, "staff");
  const first = (await context.cookies()).find((c) => c.name === "rapport_session")?.value;
  expect(first).toBeTruthy();
  const again = await page.request.post("/api/login", { form: { email: DEMO.staff.email, password: PASSWORD } });
  expect(again.ok()).toBeTruthy();
  const second = (await context.cookies()).find((c) => c.name === "rapport_session")?.value;
  expect(second).toBeTruthy();
  expect(second).not.toBe(first);
  // The old id no longer belongs to anyone.
  const old = await page.request.post("/api/session", { form: {}, headers: { cookie: `rapport_session=${first}` } });
  expect((await old.json()).user).toBeNull();
});

test("a cross-site POST is refused and changes nothing", async ({ page }) => {
  await loginAs(page, "admin");
  const name = `Evil Region ${test.info().project.name}`;
  const res = await page.request.post("/api/create_region", {
    form: { name },
    headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
  });
  expect(res.status()).toBe(403);
  expect(await res.text()).toContain("Cross-site request refused");
  await page.goto("/admin/organisation");
  await ready(page);
  await expect(page.getByText(name)).toHaveCount(0);
});

test("a person changes their own password", async ({ page }, info) => {
  const email = info.project.name === "js" ? "dev.okafor@harbourgroup.example" : "elif.haddad@harbourgroup.example";
  await login(page, email);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("link", { name: "Password", exact: true }).click();
  await ready(page);
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("password123");
  await page.getByLabel("Repeat the new password").fill("password123");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert")).toContainText("too easy to guess");
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("violet-compass-meadow-88");
  await page.getByLabel("Repeat the new password").fill("violet-compass-meadow-88");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your password has been changed." })).toBeVisible();
  await logout(page);
  await login(page, email, "violet-compass-meadow-88");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
});
