// Every journey runs twice: hydrated (JavaScript on) and as plain server-rendered HTML (JavaScript off).
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "js", use: { javaScriptEnabled: true } },
    { name: "nojs", use: { javaScriptEnabled: false } },
  ],
  webServer: {
    // A fresh demo database for every run.
    command: `rm -f ../target/e2e.db ../target/e2e.db-wal ../target/e2e.db-shm && ../target/debug/rapport serve --demo --bind 127.0.0.1:${port}`,
    url: `${baseURL}/livez`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      DATABASE_URL: "sqlite://../target/e2e.db?mode=rwc",
      // The bundle `make run` serves (E2E_SITE_ROOT=../target/site-release with the release build's
      // hash file), or the debug one.
      LEPTOS_SITE_ROOT: process.env.E2E_SITE_ROOT ?? "../target/site",
      ...(process.env.E2E_HASH_FILE ? { LEPTOS_HASH_FILE_NAME: process.env.E2E_HASH_FILE } : {}),
      RUST_LOG: "warn",
    },
  },
});
