// html-report.mjs - drives ctrace's HTML and SVG reports in headless
// Chromium the way a person would (hover, click, type, pick a thread) and
// checks what the page shows. One browser for every check given:
//   node html-report.mjs CHECK=FILE ...
// CHECK is split (HTML of tests/progs/split; add shot=PNG for a
// screenshot), threads (HTML of tests/progs/threads), svg (SVG of split),
// escape-html / escape-svg (tests/gen-profile.c's golden profile, names
// that need escaping), program-html / program-svg with program=COMMAND
// (a real program recorded with markup in its command line), big (HTML of
// a 1M-sample profile: opens, time to first draw), open (any HTML report,
// repeatable: opens and draws without an error).
// Prints "ok"/"not ok" lines; exits non-zero when a check failed.
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { launch, open, check as report } from './lib.mjs';

const HIGHLIGHT = [112, 72, 232]; // search matches, report.js and flamegraph.js

const check = (ok, what) => report(ok, what.replace(/\s+/g, ' ').slice(0, 300));

async function browserStart() {
  try {
    return await launch();
  } catch (e) {
    // playwright-core 1.65 refuses lib.mjs's --user-data-dir flag; it
    // makes a profile of its own without it
    if (!/userDataDir/.test(String(e))) throw e;
    return chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }
}

async function openReport(browser, file) {
  // a dialog is a failure, but for the one a test answers (r.reply)
  const dialogs = [];
  const r = await open(browser, pathToFileURL(file).href);
  r.page.on('dialog', (d) => {
    if (r.reply != null) {
      d.accept(r.reply);
      r.reply = null;
    } else {
      dialogs.push(d.message());
      d.dismiss();
    }
  });
  r.dialogs = dialogs;
  return r;
}

const pct = (s) => {
  const m = /([0-9.]+)%/.exec(s || '');
  return m ? Number(m[1]) : NaN;
};
const within = (v, lo, hi) => v >= lo && v <= hi;

/* ---- the HTML report's flame graph, read through the mouse ---- */

async function canvasBox(page) {
  const box = await page.locator('#flame').boundingBox();
  const row = Number(await page.getAttribute('#flame', 'data-row'));
  return { ...box, row, rows: Math.round(box.height / row) };
}

// The tooltip's name and figures at (FX of the width, row R from the top).
async function hover(page, box, fx, r) {
  await page.mouse.move(box.x + fx * box.width, box.y + (r + 0.5) * box.row);
  if (await page.isHidden('#tooltip')) return null;
  return {
    name: await page.textContent('#tooltip .tt-name'),
    text: await page.textContent('#tooltip'),
  };
}

// Every frame under the column at FX, from the top row down.
async function column(page, fx) {
  const box = await canvasBox(page);
  const out = [];
  for (let r = 0; r < box.rows; r++) {
    const t = await hover(page, box, fx, r);
    if (t) out.push({ row: r, ...t });
  }
  return out;
}

async function pixel(page, x, y) {
  return page.evaluate(([x, y]) => {
    const c = document.getElementById('flame');
    const dpr = c.width / c.clientWidth;
    return Array.from(c.getContext('2d').getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data);
  }, [x, y]);
}

async function splitChecks(browser, file, shot) {
  const { page, errors, outside, dialogs } = await openReport(browser, file);
  await page.waitForSelector('body[data-ready]');
  check(errors.length === 0, `split: no console error (${errors.join(' | ')})`);
  check(outside.length === 0, `split: no request leaves the file (${outside.join(' ')})`);
  const header = await page.textContent('header');
  check(/build\/progs\/split/.test(header) && /CPU time/.test(header) && /Samples/.test(header) && /Hz/.test(header),
    'split: the header shows the program, CPU time, samples and rates');

  // the hottest path is on the left: hot is there with about 75%
  let left = await column(page, 0.1);
  const hot = left.find((f) => /^hot(\.|$)/.test(f.name));
  check(hot && within(pct(hot.text), 70, 80), `split: the flame graph shows hot with ~75% (${hot && hot.text})`);
  check(/ms|s/.test(hot ? hot.text : ''), 'split: the tooltip shows CPU time');
  if (shot && hot) { // the page as it opens, a tooltip on hot
    const b = await canvasBox(page);
    await page.mouse.move(b.x + 0.3 * b.width, b.y + (hot.row + 0.5) * b.row);
    await page.screenshot({ path: shot, fullPage: true });
  }
  const right = hot && (await hover(page, await canvasBox(page), 0.9, hot.row));
  check(right && /^cold(\.|$)/.test(right.name) && within(pct(right.text), 20, 30),
    `split: cold is beside it with ~25% (${right && right.text})`);
  const widest = await page.$$eval('#widest li', (li) => li.map((x) => x.textContent));
  check(widest.some((t) => /^hot/.test(t) && within(pct(t), 70, 80)), 'split: the list of widest frames names hot');
  const first = await page.textContent('#table tbody tr:first-child');
  check(/^burn/.test(first.trim()) && within(pct(first), 95, 100.1), `split: burn heads the bottleneck table (${first})`);

  // click on hot: it fills the width, the breadcrumb names it
  const box = await canvasBox(page);
  await page.mouse.click(box.x + 0.1 * box.width, box.y + (hot.row + 0.5) * box.row);
  const crumb = await page.textContent('#crumbs [aria-current]');
  check(/^hot/.test(crumb), `split: after a click the breadcrumb shows the zoomed frame (${crumb})`);
  const zoomed = (await column(page, 0.9)).find((f) => /^hot/.test(f.name));
  check(!!zoomed, 'split: after a click hot spans the whole width');
  check((await column(page, 0.9)).every((f) => !/^cold/.test(f.name)), 'split: after a click cold is out of view');
  check(/hot/.test(await page.textContent('#details .fn-title')), 'split: a click selects the function');
  await page.click('#reset-zoom');
  left = await column(page, 0.9);
  check(left.some((f) => /^cold/.test(f.name)), 'split: Reset zoom shows cold again');

  // search: cold's frames turn the highlight color, the match shows its share
  const coldRow = left.find((f) => /^cold/.test(f.name)).row;
  const cb = await canvasBox(page);
  const px = (fx, r) => pixel(page, fx * cb.width, (r + 0.5) * cb.row);
  check(JSON.stringify(await px(0.9, coldRow)) !== JSON.stringify([...HIGHLIGHT, 255]), 'split: cold is warm before a search');
  await page.fill('#search', 'cold');
  await page.waitForFunction(() => /Matched/.test(document.getElementById('search-info').textContent));
  const info = await page.textContent('#search-info');
  check(within(pct(info), 20, 30) && /ms|s/.test(info), `split: the search shows the matches' share (${info})`);
  const hl = await px(0.9, coldRow);
  check(hl[0] === HIGHLIGHT[0] && hl[1] === HIGHLIGHT[1] && hl[2] === HIGHLIGHT[2],
    `split: the search highlights cold (pixel ${hl})`);
  const other = await px(0.1, coldRow);
  check(other[2] !== HIGHLIGHT[2], 'split: the search leaves hot alone');
  const rows = await page.$$eval('#table tbody tr', (r) => r.map((x) => x.cells[0].textContent));
  check(rows.length >= 1 && rows.every((n) => /cold/.test(n)), `split: the search filters the table (${rows})`);
  await page.fill('#search', '');
  await page.waitForFunction(() => document.getElementById('search-info').textContent === '');

  // the table sorts by a column header
  await page.click('#table th[data-key=total] button');
  check((await page.getAttribute('#table th[data-key=total]', 'aria-sort')) === 'descending' &&
    within(pct(await page.textContent('#table tbody tr:first-child td:nth-child(3)')), 99.5, 100),
    'split: a click on Total sorts the table by total time');

  // the function panel: callers, callees and source lines of hot
  await page.click('#table tbody tr:has(td.fn:text-matches("^hot"))');
  const details = await page.textContent('#details');
  check(/Callers\s*main/.test(details) && /Callees\s*burn/.test(details) && /split\.c:\d+/.test(details),
    `split: the panel shows hot's callers, callees and lines (${details.slice(0, 200)})`);

  // the call tree: hot's path is open, cold's opens with a click
  const burns = () => page.$$eval('#tree .t-fn', (x) => x.filter((e) => e.textContent === 'burn').length);
  check((await burns()) === 1, 'split: the call tree opens on the hottest path');
  const coldTree = page.locator('#tree .tree-row', { has: page.locator('.t-fn', { hasText: /^cold/ }) });
  check((await coldTree.getAttribute('aria-expanded')) === 'false', 'split: cold starts collapsed');
  await coldTree.locator('.toggle').click();
  check((await burns()) === 2 && (await coldTree.getAttribute('aria-expanded')) === 'true',
    'split: a click expands cold in the call tree');

  check(dialogs.length === 0, 'split: no dialog');
  await page.close();
}

async function threadsChecks(browser, file) {
  const { page, errors, outside } = await openReport(browser, file);
  await page.waitForSelector('body[data-ready]');
  check(errors.length === 0 && outside.length === 0, `threads: opens cleanly (${errors} ${outside})`);
  const opts = await page.$$eval('#thread-select option', (o) => o.map((x) => ({ v: x.value, t: x.textContent })));
  const w3 = opts.find((o) => /^worker-3 /.test(o.t));
  check(w3 && within(pct(w3.t), 45, 55), `threads: the selector lists worker-3 with ~50% (${w3 && w3.t})`);
  const rootAll = (await column(page, 0.5)).pop();
  await page.selectOption('#thread-select', w3.v);
  const info = await page.textContent('#selection-info');
  check(/worker-3/.test(info) && within(pct(info), 45, 55), `threads: selecting worker-3 shows its share (${info})`);
  const root = (await column(page, 0.5)).pop();
  const time = / — (.*), /.exec(w3.t)[1];
  check(root && root.name === 'all' && root.text.includes(time) && root.text !== rootAll.text,
    `threads: the flame graph shows worker-3's ${time} (${root && root.text})`);
  const total = await page.textContent('#table tbody tr:first-child td:nth-child(3)');
  check(total.startsWith(time), `threads: the table shows worker-3's time (${total})`);
  const w1 = opts.find((o) => /^worker-1 /.test(o.t));
  await page.selectOption('#thread-select', w1.v);
  check(within(pct(await page.textContent('#selection-info')), 12, 22), 'threads: worker-1 holds ~17%');
  await page.selectOption('#thread-select', 'all');
  check(within(pct(await page.textContent('#table tbody tr:first-child td:nth-child(3)')), 99, 100.1),
    'threads: back to all threads');
  await page.close();
}

async function svgFrames(page) {
  return page.$$eval('g.f', (gs) => gs.map((g) => {
    const r = g.querySelector('rect');
    return {
      title: g.querySelector('title').textContent,
      width: Number(r.getAttribute('width')),
      hidden: g.classList.contains('hide') || getComputedStyle(g).display === 'none',
      match: g.classList.contains('match'),
      fill: getComputedStyle(r).fill,
    };
  }));
}

async function svgChecks(browser, file) {
  const report = await openReport(browser, file);
  const { page, errors, outside, dialogs } = report;
  const root = await page.evaluate(() => document.documentElement.localName + ' ' +
    document.getElementsByTagName('parsererror').length);
  check(root === 'svg 0', `svg: Chromium parses it as an SVG document (${root})`);
  check(errors.length === 0 && outside.length === 0, `svg: no console error, no request (${errors} ${outside})`);
  let frames = await svgFrames(page);
  const full = frames[0].width;
  const hot = frames.find((f) => /^hot/.test(f.title));
  check(hot && within(pct(hot.title), 70, 80), `svg: hot's frame says ~75% in its tooltip (${hot && hot.title})`);
  const hotIndex = frames.indexOf(hot);
  await page.locator('g.f').nth(hotIndex).click();
  frames = await svgFrames(page);
  check(Math.abs(frames[hotIndex].width - full) < 1, `svg: a click zooms hot to the full width (${frames[hotIndex].width} of ${full})`);
  check(frames.filter((f) => /^cold/.test(f.title)).every((f) => f.hidden), 'svg: after the click cold is hidden');
  await page.click('#reset');
  frames = await svgFrames(page);
  check(Math.abs(frames[hotIndex].width - hot.width) < 0.01, 'svg: Reset zoom restores the frames');
  report.reply = '^cold';
  await page.click('#search');
  check(report.reply === null && dialogs.length === 0, 'svg: Search asks for a regex');
  frames = await svgFrames(page);
  const cold = frames.filter((f) => /^cold/.test(f.title));
  check(cold.length > 0 && cold.every((f) => f.match && f.fill === `rgb(${HIGHLIGHT.join(', ')})`) &&
    frames.filter((f) => f.match).length === cold.length, 'svg: the search highlights cold and only cold');
  const matched = await page.textContent('#matched');
  check(within(pct(matched), 20, 30), `svg: the search shows the matches' share (${matched})`);
  await page.close();
}

// Names with markup, quotes, control characters and invalid UTF-8 show as
// text; nothing runs, no element appears that the report did not make.
const HOSTILE = [
  'html</script><b>',
  'operator<<(std::ostream&, "quoted" & \'single\')',
  'std::vector<int, std::allocator<int> >::push_back(int const&)',
  'caf\u00e9_na\u00efve_\u20ac_\u{1f525}',
  'bad\ufffd\ufffd_utf8_\ufffd(_\ufffd\ufffd\ufffd_\ufffd\ufffd',
  'pipe|back`tick*star_under\\',
];

// NAMES: check that the golden profile's names show; PROGRAM: the command
// line recorded, markup included, that the header shows as text.
async function escapeHtmlChecks(browser, file, names, program) {
  const what = names ? 'escape-html' : 'program-html';
  const { page, errors, outside, dialogs } = await openReport(browser, file);
  await page.waitForSelector('body[data-ready]');
  check(errors.length === 0 && outside.length === 0 && dialogs.length === 0,
    `${what}: opens with no error, request or dialog (${errors} ${outside} ${dialogs})`);
  const elements = () => page.evaluate(() => [document.scripts.length,
    document.querySelectorAll('img, iframe, object, embed, a, b:not(#details b):not(#tooltip b)').length]);
  let [scripts, foreign] = await elements();
  check(scripts === 2 && foreign === 0, `${what}: no element from a name (${scripts} scripts, ${foreign} others)`);
  if (program) {
    check((await page.textContent('#program')) === program, `${what}: the header shows the command line as text`);
    check((await page.title()).startsWith(program), `${what}: so does the window title`);
  }
  if (names) {
    const cells = await page.$$eval('#table tbody td.fn', (td) => td.map((x) => x.textContent));
    for (const name of HOSTILE) check(cells.includes(name), `${what}: the table shows ${JSON.stringify(name)} as text`);
    check(cells.includes('ctl???tab?'), `${what}: control characters show as ?`);
    await page.fill('#search', 'script|<b>|&');
    await page.waitForFunction(() => /Matched/.test(document.getElementById('search-info').textContent));
    const box = await canvasBox(page);
    for (let r = 0; r < box.rows; r++) await hover(page, box, 0.6, r);
    [scripts, foreign] = await elements();
    check(dialogs.length === 0 && scripts === 2 && foreign === 0, `${what}: searching and tooltips run nothing`);
  }
  await page.close();
}

async function escapeSvgChecks(browser, file, names, program) {
  const what = names ? 'escape-svg' : 'program-svg';
  const { page, errors, outside, dialogs } = await openReport(browser, file);
  const root = await page.evaluate(() => document.documentElement.localName + ' ' +
    document.getElementsByTagName('parsererror').length + ' ' + document.getElementsByTagName('b').length +
    ' ' + document.getElementsByTagName('script').length + ' ' + document.getElementsByTagName('img').length);
  check(root === 'svg 0 0 1 0', `${what}: one SVG document, no injected element (${root})`);
  check(errors.length === 0 && outside.length === 0 && dialogs.length === 0,
    `${what}: opens with no error, request or dialog (${errors} ${outside} ${dialogs})`);
  if (names) {
    const titles = await page.$$eval('g.f title', (t) => t.map((x) => x.textContent.split('\n')[0]));
    for (const name of HOSTILE) check(titles.includes(name), `${what}: a frame is named ${JSON.stringify(name)}`);
    check(titles.includes('ctl???tab?'), `${what}: control characters show as ?`);
  }
  if (program) check((await page.textContent('text.title')) === program, `${what}: the title shows the command line as text`);
  await page.close();
}

// Any report (made with view options): opens, draws, no error. One page
// for all of them: a new page costs more than the report.
let openPage = null;
async function openChecks(browser, file) {
  const name = file.replace(/.*\//, '');
  if (!openPage) openPage = await openReport(browser, file);
  else await openPage.page.goto(pathToFileURL(file).href);
  const { page, errors, outside, dialogs } = openPage;
  await page.waitForSelector('body[data-ready]');
  const rows = await page.$$eval('#table tbody tr', (r) => r.length);
  const frames = await page.$$eval('#widest li', (r) => r.length);
  check(errors.length === 0 && outside.length === 0 && dialogs.length === 0 && rows > 0 && frames > 0,
    `open ${name}: draws ${frames} frames and ${rows} table rows, no error (${errors} ${outside} ${dialogs})`);
}

async function bigChecks(browser, file) {
  const t0 = Date.now();
  const { page, errors, outside } = await openReport(browser, file);
  await page.waitForSelector('body[data-ready]');
  const ms = Date.now() - t0;
  console.log(`# big: ready ${ms} ms after the page was asked for`);
  check(errors.length === 0 && outside.length === 0, `big: opens cleanly (${errors} ${outside})`);
  check(ms < Number(process.env.BIG_OPEN_MS || 5000), `big: shows in ${ms} ms`);
  const rows = await page.$$eval('#table tbody tr', (r) => r.length);
  check(rows === 100, `big: the table shows its first 100 rows (${rows})`);
  const t1 = Date.now();
  await page.selectOption('#thread-select', { index: 1 });
  await page.waitForFunction(() => /worker/.test(document.getElementById('selection-info').textContent));
  console.log(`# big: thread switch ${Date.now() - t1} ms`);
  await page.close();
}

const browser = await browserStart();
try {
  const pairs = process.argv.slice(2).map((a) => a.split(/=(.*)/s).slice(0, 2));
  const args = Object.fromEntries(pairs);
  for (const [k, v] of pairs) if (k === 'open') await openChecks(browser, v);
  if (args.split) await splitChecks(browser, args.split, args.shot);
  if (args.threads) await threadsChecks(browser, args.threads);
  if (args.svg) await svgChecks(browser, args.svg);
  if (args['escape-html']) await escapeHtmlChecks(browser, args['escape-html'], true, null);
  if (args['escape-svg']) await escapeSvgChecks(browser, args['escape-svg'], true, null);
  if (args['program-html']) await escapeHtmlChecks(browser, args['program-html'], false, args.program);
  if (args['program-svg']) await escapeSvgChecks(browser, args['program-svg'], false, args.program);
  if (args.big) await bigChecks(browser, args.big);
} catch (e) {
  check(false, `no exception: ${e.stack || e}`);
} finally {
  await browser.close();
}
