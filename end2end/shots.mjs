import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:3200';
const [,, who, ...paths] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.on('console', m => { if (m.type() === 'error') console.log('console error:', m.text()); });
await page.goto(base + '/login');
await page.fill('input[name=email]', who + '@harbourgroup.example');
await page.fill('input[name=password]', 'demo-lantern-harbour');
await page.click('button[type=submit]');
await page.getByRole('heading', { name: /Welcome/ }).waitFor();
let i = 0;
for (const p of paths) {
  await page.goto(base + p);
  await page.waitForTimeout(800);
  await page.screenshot({ path: `/tmp/shot-${who}-${i++}.png`, fullPage: true });
  console.log(p, await page.title());
}
await browser.close();
