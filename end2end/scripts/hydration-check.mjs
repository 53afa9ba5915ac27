// Loads pages many times in fresh browser contexts and reports how often, and how fast, they hydrate.
// Usage: node scripts/hydration-check.mjs [base-url] [loads] [path...]
import { chromium } from "@playwright/test";
const base = process.argv[2] ?? "http://127.0.0.1:3000";
const loads = Number(process.argv[3] ?? 40);
const paths = process.argv.slice(4).length ? process.argv.slice(4) : ["/login"];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
});
let failed = 0;
const times = [];
for (let i = 0; i < loads; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  const path = paths[i % paths.length];
  const t0 = Date.now();
  await page.goto(base + path);
  const ok = await page.locator("body[data-hydrated]").waitFor({ state: "attached", timeout: 15_000 }).then(() => true, () => false);
  const ms = Date.now() - t0;
  if (ok) times.push(ms);
  else {
    failed++;
    console.log(`load ${i + 1} of ${path} did not hydrate in 15 s`, errors.slice(0, 3));
  }
  await context.close();
}
times.sort((a, b) => a - b);
const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
console.log(`${loads} loads: ${loads - failed} hydrated, ${failed} did not; time to hydrate p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, max ${times.at(-1)} ms`);
await browser.close();
process.exit(failed ? 1 : 0);
