import { expect, Page, TestInfo, test } from "@playwright/test";

export const PASSWORD = "demo-lantern-harbour";
export const DEMO = {
  admin: { email: "morgan.reyes@harbourgroup.example", name: "Morgan Reyes" },
  hr: { email: "priya.nair@harbourgroup.example", name: "Priya Nair" },
  manager: { email: "ben.silva@harbourgroup.example", name: "Ben Silva" },
  staff: { email: "carla.ivanova@harbourgroup.example", name: "Carla Ivanova" },
};

/** Waits until the page is interactive: hydrated when JavaScript is on, loaded otherwise. */
export async function ready(page: Page) {
  await page.waitForLoadState("load");
  if (test.info().project.name === "js") {
    await page.locator("body[data-hydrated]").waitFor({ state: "attached", timeout: 10_000 });
  }
}

export async function login(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await ready(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

export async function loginAs(page: Page, who: keyof typeof DEMO) {
  await login(page, DEMO[who].email);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
}

export async function logout(page: Page) {
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("heading", { name: "Log in to Rapport" })).toBeVisible();
}

/** A tag that keeps data made by the two projects apart. */
export function tag(info: TestInfo) {
  return info.project.name;
}

export async function shot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: `screenshots/${info.project.name}-${name}.png`, fullPage: true });
}
