// Loads pages many times, each in a fresh browser context, and reports how many hydrate and how fast.
// Usage: node scripts/hydration-check.mjs [base-url] [loads] [email|-] [path...]
//   With an email, signs in once (demo password) and loads the paths signed in; "-" for anonymous.
import { chromium } from "@playwright/test";
import { signIn } from "./signin.mjs";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const loads = Number(process.argv[3] ?? 40);
const email = process.argv[4] && process.argv[4] !== "-" ? process.argv[4] : null;
const paths = process.argv.slice(5).length ? process.argv.slice(5) : ["/login"];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
});

let storageState;
if (email) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, base, email);
  storageState = await context.storageState();
  await context.close();
}

let failed = 0;
const times = [];
for (let i = 0; i < loads; i++) {
  // A fresh context each time: nothing cached, as on a first visit.
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e).split("\n")[0]));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text().split("\n")[0]));
  const path = paths[i % paths.length];
  const t0 = Date.now();
  await page.goto(base + path);
  const ok = await page
    .locator("body[data-hydrated]")
    .waitFor({ state: "attached", timeout: 15_000 })
    .then(() => true, () => false);
  if (ok) times.push(Date.now() - t0);
  else {
    failed++;
    console.log(`load ${i + 1} of ${path} did not hydrate in 15 s`, errors.slice(0, 3));
  }
  await context.close();
}
times.sort((a, b) => a - b);
const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
console.log(
  `${loads} loads of ${paths.length} page(s): ${loads - failed} hydrated, ${failed} did not; ` +
    `time to hydrate p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, max ${times.at(-1)} ms`,
);
await browser.close();
process.exit(failed ? 1 : 0);
