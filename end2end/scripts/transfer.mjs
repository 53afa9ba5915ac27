// Prints the bytes a first and a second visit to a page transfer over the network (headers and
// bodies as sent, so compression and caching count), per kind of resource.
// Usage: node scripts/transfer.mjs [base-url] [email] [path]
//   base-url defaults to http://127.0.0.1:3000; with an email, signs in with the demo password first.
import { chromium } from "@playwright/test";
import { signIn } from "./signin.mjs";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const email = process.argv[3];
const path = process.argv[4] ?? "/";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
});
const context = await browser.newContext();
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send("Network.enable");
const kinds = new Map();
const requests = new Map();
cdp.on("Network.responseReceived", (e) => requests.set(e.requestId, e));
cdp.on("Network.loadingFinished", (e) => {
  const r = requests.get(e.requestId);
  if (!r) return;
  const url = new URL(r.response.url);
  const kind = url.pathname.endsWith(".wasm") ? "wasm" : url.pathname.endsWith(".js") ? "js" : url.pathname.endsWith(".css") ? "css" : "html+api";
  const k = kinds.get(kind) ?? { requests: 0, bytes: 0, cached: 0 };
  k.requests += 1;
  k.bytes += e.encodedDataLength;
  if (r.response.fromDiskCache || r.response.fromMemoryCache) k.cached += 1;
  kinds.set(kind, k);
});

async function visit(label) {
  kinds.clear();
  await page.goto(base + path);
  await page.locator("body[data-hydrated]").waitFor({ state: "attached", timeout: 30_000 }).catch(() => {});
  await page.waitForLoadState("networkidle");
  let total = 0;
  const rows = [...kinds.entries()].map(([kind, k]) => {
    total += k.bytes;
    return `${kind} ${k.requests} req ${k.bytes} B${k.cached ? ` (${k.cached} from cache)` : ""}`;
  });
  console.log(`${label}: ${total} bytes transferred [${rows.join("; ")}]`);
}

if (email) {
  await signIn(page, base, email);
  // Start cold, signed in.
  await cdp.send("Network.clearBrowserCache");
}
await visit(`first visit to ${path}`);
await visit(`second visit to ${path}`);
await browser.close();
