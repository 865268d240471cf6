// The page in headless Chromium: paste an article, check that the registered highlight
// ranges cover exactly the spans the analyser returns, toggle a layer, hover a highlight,
// and run the no-Highlight-API fallback with hostile text; check the server's security
// headers and that another origin cannot frame the page; recover from an analyser that
// failed to load. Any console error, page error, dialog or request to another origin
// fails the test.
//
// Expectations come from the same wasm module, loaded in node, so they track whatever
// the models return; a second test checks that the native CLI agrees with the wasm.
//
//   node --test tests/e2e/page.test.mjs      (after the wasm build: ./scripts/test does both)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './lib/chromium.mjs';
import { refuseRequests, watchPage } from './lib/problems.mjs';
import { PAGE_CSP, serve } from '../../scripts/serve.mjs';
import { analyze, initSync } from '../../www/pkg/newsmark.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const ARTICLE_FILE = here('article.txt');
const ARTICLE = readFileSync(ARTICLE_FILE, 'utf8');
const HOSTILE = `${ARTICLE}\n<img src=x onerror=alert(1)> <script>alert(2)</script> & “quotes”\n`;
const ARTIFACTS = here('artifacts');

initSync({ module: readFileSync(here('../../www/pkg/newsmark_bg.wasm')) });

/** The highlight runs the page should register: [name, start, end, text], by layer. */
function expectedRuns(text) {
  const a = analyze(text);
  const flag = (c) => (c.source_kind === 'vague' || c.source_kind === 'none' ? '-flag' : '');
  const runs = { entities: [], claims: [], hedges: [] };
  const add = (layer, name, p) => p.end > p.start && runs[layer].push([name, p.start, p.end, text.slice(p.start, p.end)]);
  for (const e of a.entities) add('entities', `ent-${e.label.toLowerCase()}`, e);
  for (const c of a.claims) {
    if (c.source) add('claims', `claim-source${flag(c)}`, c.source);
    add('claims', `claim-cue${flag(c)}`, c.cue);
    for (const p of c.content) add('claims', `claim-content${flag(c)}`, p);
  }
  for (const h of a.hedges) add('hedges', 'hedge', h.cue);
  // The offsets are UTF-16: each part's text is exactly the JS slice.
  for (const e of a.entities) assert.equal(text.slice(e.start, e.end), e.text);
  for (const c of a.claims) for (const p of [c.cue, ...c.content]) assert.equal(text.slice(p.start, p.end), p.text);
  for (const h of a.hedges) assert.equal(text.slice(h.cue.start, h.cue.end), h.cue.text);
  return runs;
}
const sorted = (runs) => runs.map((r) => r.join('|')).sort();
const layerOf = (name) => (name.startsWith('ent-') ? 'entities' : name.startsWith('claim-') ? 'claims' : 'hedges');

let server, base, context, userDir;
const problems = [];
const origins = new Set(); // where the page may send requests: the servers of this file

before(async () => {
  ({ server, url: base } = await serve(here('../../www'), 0));
  origins.add(base);
  userDir = mkdtempSync(join(tmpdir(), 'newsmark-chromium-'));
  context = await launchChromium(userDir, {
    viewport: { width: 1360, height: 1000 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  // Nothing may leave the local server: record and refuse any other request.
  await refuseRequests(context, (url) => [...origins].some((o) => url.href.startsWith(o)), problems);
});

after(async () => {
  await context?.close();
  server?.close();
  if (userDir) rmSync(userDir, { recursive: true, force: true });
});

async function open({ fallback = false, dark = false } = {}) {
  const page = await context.newPage();
  watchPage(page, problems, { dialogs: true });
  if (fallback) await page.addInitScript(() => delete CSS.highlights);
  if (dark) await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(base);
  await page.waitForFunction(() => document.getElementById('timing').dataset.length === '0');
  return page;
}

/** Waits until the highlights of the current text and layers are registered. */
const settled = (page) => page.waitForFunction(() => document.documentElement.dataset.state === 'ready');

/** Pastes `text` through the real clipboard and waits for its analysis to be on screen. */
async function paste(page, text) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.focus('#text');
  await page.keyboard.press('ControlOrMeta+V');
  await page.waitForFunction((n) => document.getElementById('timing').dataset.length === String(n), text.length);
  assert.equal(await page.inputValue('#text'), text);
}

/**
 * Every highlight range the page registered (but the hover one) as [name, start, end, text],
 * with the page's `newsmark-page-` prefix of its name removed; highlights of other names
 * (another instance's, the page's own hover emphasis) are skipped.
 */
const registered = (page) =>
  page.evaluate(() => {
    // The mirror holds the text as a row of text nodes; offsets are counted across them.
    const starts = new Map();
    let at = 0;
    for (const node of document.getElementById('mirror').childNodes) {
      starts.set(node, at);
      at += node.length;
    }
    const text = document.getElementById('text').value;
    const out = [];
    for (const [full, hl] of CSS.highlights) {
      if (!full.startsWith('newsmark-page-') || full === 'newsmark-page-active') continue;
      const name = full.slice('newsmark-page-'.length);
      for (const r of hl) {
        if (!starts.has(r.startContainer) || !starts.has(r.endContainer)) out.push(['stray', 0, 0, name]);
        const [s, e] = [starts.get(r.startContainer) + r.startOffset, starts.get(r.endContainer) + r.endOffset];
        if (r.toString() !== text.slice(s, e)) out.push(['wrong text', s, e, name]);
        out.push([name, s, e, text.slice(s, e)]);
      }
    }
    return out;
  });

function assertClean() {
  assert.deepEqual(problems.splice(0), [], 'no console errors, page errors, dialogs or foreign requests');
}

test('highlights cover exactly the analysed spans, layer by layer; toggling a layer removes it', async () => {
  const want = expectedRuns(ARTICLE);
  const total = want.entities.length + want.claims.length + want.hedges.length;
  assert.ok(total > 0, 'the analyser finds something in the test article');

  const page = await open();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.highlights), 'native');
  // Someone else's highlight on the same page: the page must leave it alone.
  await page.evaluate(() => CSS.highlights.set('other', new Highlight(document.createRange())));
  await paste(page, ARTICLE);
  assert.equal(await page.textContent('#mirror'), ARTICLE, 'the mirror shows the text as typed');

  const got = await registered(page);
  for (const layer of ['entities', 'claims', 'hedges']) {
    assert.deepEqual(sorted(got.filter((r) => layerOf(r[0]) === layer)), sorted(want[layer]), `${layer} highlights`);
  }
  assert.equal(got.length, total);
  assert.equal(await page.textContent('#n-claims'), String(want.claims.filter((r) => r[0].includes('cue')).length));

  // Keyboard toggle of the claims layer: its highlights go, the others stay.
  await page.focus('#legend input[value=claims]');
  await page.keyboard.press('Space');
  await settled(page);
  const off = await registered(page);
  assert.equal(off.filter((r) => layerOf(r[0]) === 'claims').length, 0, 'claims hidden');
  assert.deepEqual(sorted(off), sorted([...want.entities, ...want.hedges]));
  await page.keyboard.press('Space');
  await settled(page);
  assert.deepEqual(sorted(await registered(page)), sorted([...want.entities, ...want.claims, ...want.hedges]));

  // Typing: each keystroke updates the text at once and the highlights within a frame.
  const typed = ' Analysts say the wall may not be enough.';
  await page.focus('#text');
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(typed);
  const text = ARTICLE + typed;
  await page.waitForFunction((n) => document.getElementById('timing').dataset.length === String(n), text.length);
  const now = expectedRuns(text);
  assert.deepEqual(sorted(await registered(page)), sorted([...now.entities, ...now.claims, ...now.hedges]));
  assert.equal(await page.textContent('#mirror'), text);
  assert.ok(
    await page.evaluate(() => CSS.highlights.has('other')),
    'a highlight the page did not create survives its edits and renders',
  );

  // The keyboard explains what the caret is in.
  const cue = now.claims.find((r) => r[0].startsWith('claim-cue'));
  if (cue) {
    await page.evaluate((at) => document.getElementById('text').setSelectionRange(at, at), cue[1]);
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('#tip:not([hidden])');
    assert.match(await page.textContent('#tip'), /Claim ·/);
    await page.keyboard.press('Escape');
    assert.equal(await page.isHidden('#tip'), true);
  }

  // Hovering a highlight explains it.
  await page.locator('#text').blur();
  const first = want.entities[0] ?? want.claims[0];
  const box = await page.evaluate(
    ([name, start]) => {
      for (const r of CSS.highlights.get(`newsmark-page-${name}`)) {
        if (r.startOffset === start) {
          const b = r.getClientRects()[0];
          return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
        }
      }
    },
    [first[0], first[1]],
  );
  await page.mouse.move(box.x, box.y);
  await page.waitForSelector('#tip:not([hidden])');
  const tip = await page.textContent('#tip');
  assert.ok(tip.includes(first[3]) || tip.includes('Claim'), `tooltip explains the highlight: ${tip}`);

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'page.png'), fullPage: true });
  await page.close();
  assertClean();
});

test('dark mode renders without errors', async () => {
  const page = await open({ dark: true });
  await page.click('#sample');
  await page.waitForFunction(() => Number(document.getElementById('timing').dataset.length) > 0);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(bg, 'rgb(248, 247, 243)', 'dark background');
  await page.screenshot({ path: join(ARTIFACTS, 'page-dark.png'), fullPage: true });
  await page.close();
  assertClean();
});

test('fallback without CSS.highlights: same runs as spans, user text never becomes HTML', async () => {
  const want = expectedRuns(HOSTILE);
  const page = await open({ fallback: true });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.highlights), 'fallback');
  await paste(page, HOSTILE);

  assert.equal(await page.locator('img').count(), 0, 'no <img> from the pasted text');
  assert.equal(await page.locator('#mirror script, #mirror *:not(span)').count(), 0);
  assert.equal(await page.textContent('#mirror'), HOSTILE);

  // Each character's classes must be exactly the names of the runs covering it.
  const classes = await page.evaluate(() => {
    const out = [];
    for (const node of document.getElementById('mirror').childNodes) {
      const names = node.nodeType === Node.ELEMENT_NODE ? [...node.classList].map((c) => c.slice(2)).sort() : [];
      for (let i = 0; i < node.textContent.length; i++) out.push(names.join(' '));
    }
    return out;
  });
  const all = [...want.entities, ...want.claims, ...want.hedges];
  const perUnit = Array.from({ length: HOSTILE.length }, (_, i) =>
    [...new Set(all.filter(([, s, e]) => s <= i && i < e).map(([n]) => n))].sort().join(' '),
  );
  assert.deepEqual(classes, perUnit);
  await page.close();
  assertClean();
});

test('every response carries the security headers; the CSP is the meta policy plus frame-ancestors', async () => {
  const html = readFileSync(here('../../www/index.html'), 'utf8');
  const meta = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)[1];
  assert.equal(PAGE_CSP, `${meta}; frame-ancestors 'none'`, 'the header policy is the meta policy plus frame-ancestors');
  assert.match(PAGE_CSP, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.doesNotMatch(PAGE_CSP, /unsafe-inline/);

  // What the browser received for the page, its scripts (the worker's too) and the wasm.
  const seen = new Map();
  const page = await context.newPage();
  watchPage(page, problems);
  context.on('response', (r) => seen.set(new URL(r.url()).pathname, r));
  await page.goto(base);
  await page.waitForFunction(() => document.documentElement.dataset.state === 'ready');
  const files = ['/', '/app.js', '/lib/index.js', '/lib/highlight.js', '/lib/loader.js', '/lib/worker.js'];
  for (const path of [...files, '/pkg/newsmark.js', '/pkg/newsmark_bg.wasm', '/style.css']) {
    assert.ok(seen.has(path), `the page loaded ${path}`);
    const h = await seen.get(path).allHeaders();
    assert.equal(h['content-security-policy'], PAGE_CSP, `${path}: CSP`);
    assert.equal(h['x-content-type-options'], 'nosniff', `${path}: nosniff`);
    assert.equal(h['referrer-policy'], 'no-referrer', `${path}: referrer policy`);
    assert.equal(h['cross-origin-opener-policy'], 'same-origin', `${path}: COOP`);
    assert.equal(h['cross-origin-resource-policy'], 'same-origin', `${path}: CORP`);
    assert.match(h['permissions-policy'], /camera=\(\)/, `${path}: permissions policy`);
  }
  assert.equal((await seen.get('/pkg/newsmark_bg.wasm').allHeaders())['content-type'], 'application/wasm');
  // The header links the three editor demos, on this origin, and each is there.
  const demos = await page.$$eval('header nav a', (as) => as.map((a) => a.href));
  assert.deepEqual(demos.map((h) => new URL(h).pathname), ['/demos/codemirror.html', '/demos/textarea.html', '/demos/contenteditable.html']);
  for (const href of demos) {
    assert.equal(new URL(href).origin, new URL(base).origin, `${href}: same origin`);
    assert.equal((await fetch(href)).status, 200, `${href} is served`);
  }
  await page.close();

  // Errors carry them too, and a caller's per-path headers add to or replace them.
  const missing = await fetch(new URL('no-such-file', base));
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('content-security-policy'), PAGE_CSP);
  const custom = await serve(here('../../www'), 0, {
    headers: (path) => (path === '/sample.txt' ? { 'Content-Security-Policy': "default-src 'none'", 'referrer-policy': null, 'x-extra': '1' } : undefined),
  });
  try {
    const res = await fetch(new URL('sample.txt', custom.url));
    assert.equal(res.headers.get('content-security-policy'), "default-src 'none'");
    assert.equal(res.headers.get('referrer-policy'), null);
    assert.equal(res.headers.get('x-extra'), '1');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal((await fetch(custom.url)).headers.get('content-security-policy'), PAGE_CSP);
  } finally {
    custom.server.close();
  }
  assertClean();
});

test('another origin cannot frame the page (frame-ancestors)', async () => {
  // A page on a second server (another port: another origin) whose own policy allows
  // framing the newsmark page; the newsmark page's frame-ancestors must refuse it.
  const dir = mkdtempSync(join(tmpdir(), 'newsmark-framer-'));
  writeFileSync(join(dir, 'frame.html'), `<!doctype html><title>framer</title><iframe src="${base}"></iframe>`);
  const framer = await serve(dir, 0, {
    headers: { '/frame.html': { 'content-security-policy': `default-src 'none'; frame-src ${base}` } },
  });
  origins.add(framer.url);
  const page = await context.newPage();
  const messages = [];
  page.on('console', (m) => messages.push(m.text()));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  try {
    const blocked = page.waitForEvent('console', (m) => /frame-ancestors/.test(m.text()));
    await page.goto(new URL('frame.html', framer.url).href);
    const message = (await blocked).text();
    assert.match(message, /frame-ancestors 'none'/);
    assert.ok(message.includes(base), `the refusal names the framed page: ${message}`);
    assert.match(message, /blocked|Refused/);
    // The frame holds Chromium's error page, not the editor.
    const child = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(child, 'the iframe exists');
    assert.equal(await child.$('#text'), null, 'no newsmark editor inside the frame');
    assert.ok(!child.url().startsWith(base), `the frame did not load the page: ${child.url()}`);
    assert.deepEqual(messages.filter((m) => !/frame-ancestors/.test(m)), [], 'no other console messages');
  } finally {
    await page.close();
    framer.server.close();
    origins.delete(framer.url);
    rmSync(dir, { recursive: true, force: true });
  }
  assertClean();
});

test('an analyser that fails to load is reported, and a fresh one serves the next edit', async () => {
  // A download cut short: the first request for the wasm gets only its first kilobyte, so
  // the worker's init fails for real (a CompileError); later requests get the whole file.
  const wasm = readFileSync(here('../../www/pkg/newsmark_bg.wasm'));
  await context.route(
    (url) => url.pathname.endsWith('/pkg/newsmark_bg.wasm'),
    (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: wasm.subarray(0, 1024) }),
    { times: 1 },
  );
  const page = await context.newPage();
  watchPage(page, problems);
  await page.goto(base);
  await page.waitForFunction(() => document.documentElement.dataset.state === 'error');
  assert.match(await page.textContent('#status'), /Analysis failed: .*It restarts with your next edit\./);

  const want = expectedRuns(ARTICLE);
  await paste(page, ARTICLE);
  assert.deepEqual(sorted(await registered(page)), sorted([...want.entities, ...want.claims, ...want.hedges]));
  assert.doesNotMatch(await page.textContent('#status'), /failed/, 'the failure notice is gone');
  await page.close();
  assertClean();
});

test('the native CLI gives the same analysis as the wasm module (UTF-16 offsets)', (t) => {
  const bin = process.env.NEWSMARK_BIN ?? here('../../target/debug/newsmark');
  if (!existsSync(bin)) return t.skip(`no CLI binary at ${bin} (cargo build first)`);
  const out = execFileSync(bin, ['analyze', '--offsets', 'utf16', ARTICLE_FILE], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), analyze(ARTICLE));
});

test('wasm API: plain JSON-compatible objects, layer selection, bad options rejected', () => {
  const all = analyze(ARTICLE);
  assert.deepEqual(JSON.parse(JSON.stringify(all)), all, 'no Maps, no undefined holes');
  assert.equal(Object.getPrototypeOf(all), Object.prototype);
  for (const c of all.claims) assert.ok(c.source === null || typeof c.source.text === 'string');
  const some = analyze(ARTICLE, { layers: ['claims'] });
  assert.deepEqual(some, { entities: [], claims: all.claims, hedges: [] });
  assert.deepEqual(analyze(ARTICLE, { layers: ['entities'] }), { entities: all.entities, claims: [], hedges: [] });
  assert.deepEqual(analyze(ARTICLE, { layers: ['hedges', 'entities'] }), { ...all, claims: [] });
  assert.deepEqual(analyze(ARTICLE, { layers: [] }), { entities: [], claims: [], hedges: [] });
  assert.deepEqual(analyze(ARTICLE, {}), all);
  assert.deepEqual(analyze(ARTICLE, null), all);
  assert.throws(() => analyze(ARTICLE, { layers: ['quotes'] }), /unknown layer `quotes`/);
  assert.deepEqual(analyze(''), { entities: [], claims: [], hedges: [] });
  // Lone surrogates cannot cross into Rust as-is; they must not break the call.
  assert.doesNotThrow(() => analyze('Broken \ud800 pair, he said.'));
});
