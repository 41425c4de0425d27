// speedscope.mjs - loads a ctrace speedscope file into the real speedscope
// app (the npm package's release build) in headless Chromium, the way its
// README says: index.html#profileURL=..., both served by a tiny HTTP server
// on 127.0.0.1 that this script starts and stops. Checks that the import
// went through speedscope's own importer with no console error or warning,
// that every profile (one per thread) is offered, and that the sandwich
// view's table lists the expected functions (by the start of their names).
// usage: node speedscope.mjs FILE.speedscope.json PROFILES FUNCTION... [-- FILE ...]
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, open, check as report } from './lib.mjs';

// the files to load, each with its number of profiles and some functions
const loads = [];
for (const arg of process.argv.slice(2)) {
  if (arg === '--' || !loads.length) loads.push([]);
  if (arg !== '--') loads[loads.length - 1].push(arg);
}
if (!loads.length || loads.some((l) => l.length < 3)) {
  console.error('usage: node speedscope.mjs FILE.speedscope.json PROFILES FUNCTION... [-- FILE ...]');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const app = join(here, 'node_modules/speedscope/dist/release');
const types = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.wasm': 'application/wasm',
};

// The app's files, and the profiles as /profile/N.json: one origin, no CORS.
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const profile = path.match(/^\/profile\/(\d+)\.json$/);
  const local = profile ? loads[profile[1]]?.[0] ?? '' : join(app, normalize(path).replace(/^(\.\.[/\\])+/, ''));
  try {
    const body = readFileSync(local);
    res.writeHead(200, { 'content-type': types[extname(local)] || 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

async function load(index, file, nprofiles, functions) {
  const name = file.replace(/.*\//, '');
  const check = (ok, what) => report(ok, `${name}: ${what}`);
  // open() on a blank page first, so that the console is watched from the
  // app's first line on
  const { page, errors, outside } = await open(browser, 'about:blank', { allowHttpLocalhost: true });
  // the software GL driver warns about its own speed ("GPU stall due to
  // ReadPixels"): not speedscope's, left aside
  const warnings = [];
  const logs = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' && !/GL Driver Message/.test(m.text())) warnings.push(m.text());
    logs.push(m.text());
  });
  await page.goto(`${base}/index.html#profileURL=${encodeURIComponent(`${base}/profile/${index}.json`)}`);

  // the toolbar names the profile shown: "thread N (name) in process ..."
  // (or says that the import failed)
  const loaded = await page.waitForFunction(() => {
    const t = document.body.innerText;
    return /\bthread \d+ \(/.test(t) ? 'shown' : /something went wrong/i.test(t) ? 'failed' : null;
  }, null, { timeout: 30000 }).then((h) => h.jsonValue(), () => 'timed out') === 'shown';
  check(loaded, 'speedscope shows the profile');
  if (!loaded) {
    check(false, `the page says: ${(await page.evaluate(() => document.body.innerText)).slice(0, 200)}; ` +
      `the console: ${errors.join(' | ')}`);
    return page.close();
  }
  check(logs.some((l) => /Importing as speedscope json file/.test(l)), 'imported as speedscope\'s own format');
  const text = await page.evaluate(() => document.body.innerText);
  check(!/something went wrong|cannot|couldn't|unrecognized/i.test(text), 'no import error on the page');

  // the profile switcher lists one profile per thread: "1/3" in the toolbar
  const count = text.match(/\b\d+\s*\/\s*(\d+)\b/);
  check(count ? count[1] === nprofiles : nprofiles === '1',
    `${nprofiles} profile(s) offered (${count ? count[0] : 'no switcher'})`);

  // the sandwich view is a DOM table of the functions (the rows in view);
  // its search box (ctrl-f) narrows it to one
  await page.getByText('Sandwich').click({ timeout: 30000 });
  // ctrl-f opens the search box once the view listens for keys: a press
  // that comes before is lost, so press again until the box is there
  const search = page.locator('input:visible').first();
  for (let i = 0; i < 60 && !(await search.isVisible()); i++) {
    await page.keyboard.press('Control+f');
    await search.waitFor({ state: 'visible', timeout: 500 }).catch(() => {});
  }
  for (const f of functions) {
    await search.fill(f, { timeout: 30000 });
    const found = await page.waitForFunction((name) =>
      [...document.querySelectorAll('table td')].some((td) => td.innerText.startsWith(name)),
    f, { timeout: 30000 }).then(() => true, () => false);
    check(found, `the sandwich table lists ${JSON.stringify(f)}`);
  }

  check(errors.length === 0, `no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
  check(warnings.length === 0, `no console warnings${warnings.length ? ': ' + warnings.join(' | ') : ''}`);
  check(outside.length === 0, `no request left the machine${outside.length ? ': ' + outside.join(' ') : ''}`);
  await page.close();
}

const browser = await launch();
try {
  for (const [index, [file, nprofiles, ...functions]] of loads.entries())
    await load(index, file, nprofiles, functions);
} finally {
  await browser.close();
  server.close();
}
