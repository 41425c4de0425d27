// lib.mjs - headless Debian Chromium for the report tests: launched with the
// flags this sandbox needs, and with every request that would leave the
// machine refused and recorded, so a test can assert that a page stays
// offline.
import { chromium } from 'playwright-core';

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ], // playwright gives every launch a fresh, empty profile directory
  });
  return browser;
}

// Opens URL (file://...) in a new page; returns { page, errors, outside }:
// console errors and uncaught exceptions, and requests for anything but
// file: and data: URLs (which are aborted).
export async function open(browser, url, { allowHttpLocalhost = false } = {}) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // waits are for conditions, never fixed delays; the limit only guards
  // against a hang on a loaded machine (the sanitizer runs share the CPU)
  page.setDefaultTimeout(30000);
  const errors = [];
  const outside = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/*', (route) => {
    const u = route.request().url();
    const local = u.startsWith('file:') || u.startsWith('data:') || u.startsWith('blob:') ||
      (allowHttpLocalhost && /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(u));
    if (local) return route.continue();
    outside.push(u);
    return route.abort();
  });
  await page.goto(url);
  return { page, errors, outside };
}

export function check(ok, what) {
  console.log(`${ok ? 'ok' : 'not ok'} - ${what}`);
  if (!ok) process.exitCode = 1;
}
