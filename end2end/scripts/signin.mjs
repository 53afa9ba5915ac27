// Signs a page in as a demo person (the demo password) and waits for the home page.
export async function signIn(page, base, email) {
  await page.goto(base + "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("demo-lantern-harbour");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(base + "/");
}
