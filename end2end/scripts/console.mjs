// Loads one page signed in and prints the browser console and page errors (for hydration problems).
// Usage: node scripts/console.mjs base-url email path
import { chromium } from "@playwright/test";
import { signIn } from "./signin.mjs";

const [base, email, path] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage();
await signIn(page, base, email);
page.on("console", (m) => console.log(`console.${m.type()}: ${m.text()}`));
page.on("pageerror", (e) => console.log(`pageerror: ${e}`));
await page.goto(base + path);
const ok = await page.locator("body[data-hydrated]").waitFor({ state: "attached", timeout: 10000 }).then(() => true, () => false);
console.log(`hydrated: ${ok}`);
await browser.close();
