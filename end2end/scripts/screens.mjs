// Full-page screenshots of pages as one person sees them, to look at what was built.
// Usage: node scripts/screens.mjs [base-url] [email|-] [path...]
// Writes screenshots/look-<n>.png, one per path, with JavaScript on (after hydration).
import { chromium } from "@playwright/test";
import { signIn } from "./signin.mjs";
import fs from "node:fs";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const email = process.argv[3] && process.argv[3] !== "-" ? process.argv[3] : null;
const paths = process.argv.slice(4).length ? process.argv.slice(4) : ["/"];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
page.on("pageerror", (e) => console.log("page error:", String(e).split("\n")[0]));
if (email) {
  await signIn(page, base, email);
}
fs.mkdirSync("screenshots", { recursive: true });
for (const [i, path] of paths.entries()) {
  await page.goto(base + path);
  await page.waitForFunction(() => document.body.dataset.hydrated === "true", null, { timeout: 15000 }).catch(() => console.log("not hydrated:", path));
  await page.waitForLoadState("networkidle");
  const file = `screenshots/look-${i}.png`;
  await page.screenshot({ path: file, fullPage: true });
  console.log(file, path);
}
await browser.close();
