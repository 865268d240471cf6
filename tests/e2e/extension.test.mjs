// The browser extension (target/extension/chromium, built from www/extension by this test)
// in headless Chromium, loaded unpacked, on the six fixture pages of
// tests/e2e/fixtures/extension served by scripts/serve.mjs.
//
// How the toolbar click is stood in for (a click on the browser's toolbar cannot be made
// headless) is in fixtures/extension/harness.mjs: the panel's button runs the same
// toggle(tabId) as the click. Waits are on storage events and DOM events, never on
// fixed sleeps.
//
//   NO_BUILD=1 ./scripts/build-extension && node --test tests/e2e/extension.test.mjs

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Analyzer, initSync } from '../../www/pkg/newsmark.js';
import { longRead } from './fixtures/extension/make-long-read.mjs';
import { launch, openFixture, stopServiceWorkers, toggle, waitForReport } from './fixtures/extension/harness.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
initSync({ module: readFileSync(here('../../www/pkg/newsmark_bg.wasm')) });
const nodeAnalyzer = new Analyzer();

let env;
const requests = [];
// Every wait here is on an event; should one never come, the test fails after this long
// instead of holding up the whole run.
const BOUNDED = { timeout: 180_000 };

before(async () => {
  env = await launch();
  env.context.on('request', (r) => requests.push(r.url()));
});
after(async () => {
  await env?.close();
});

/**
 * Every newsmark highlight range in a frame (read in the page's own world through
 * CSS.highlights), with its text and where it sits; and what the fixture expects marked.
 */
function probe() {
  const ranges = [];
  for (const [name, hl] of CSS.highlights) {
    if (!name.startsWith('newsmark-')) continue;
    for (const r of hl) {
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      const el = r.startContainer.parentElement;
      ranges.push({
        name,
        text: range.toString(),
        chrome: Boolean(el.closest('[data-region="chrome"]')),
        expect: [...document.querySelectorAll('[data-expect]')].indexOf(el.closest('[data-expect]')),
      });
    }
  }
  return { ranges, expected: document.querySelectorAll('[data-expect]').length, foreign: [...CSS.highlights.keys()].filter((k) => !k.startsWith('newsmark-')) };
}

/** The frame of a page that holds the article ([data-expect] elements). */
async function articleFrame(page) {
  for (const f of page.frames()) if (await f.evaluate(() => document.querySelector('[data-expect]') !== null)) return f;
  throw new Error('no article frame');
}

const outerHTML = async (page) => Promise.all(page.frames().map((f) => f.evaluate(() => document.documentElement.outerHTML)));
// Stylesheets adopted by the page's documents (no element, so outerHTML would not show one).
const adoptedSheets = async (page) => Promise.all(page.frames().map((f) => f.evaluate(() => document.adoptedStyleSheets.length)));

/** What the highlights should show for an analysed text: kind -> span texts. */
function expectedByKind(text) {
  const a = nodeAnalyzer.analyze(text);
  const out = new Map();
  const add = (kind, p) => p && p.end > p.start && (out.get(kind) ?? out.set(kind, []).get(kind)).push(text.slice(p.start, p.end));
  const flag = (c) => (c.source_kind === 'vague' || c.source_kind === 'none' ? '-flag' : '');
  for (const e of a.entities) add(`ent-${e.label.toLowerCase()}`, e);
  for (const c of a.claims) {
    add(`claim-source${flag(c)}`, c.source);
    add(`claim-cue${flag(c)}`, c.cue);
    for (const p of c.content) add(`claim-content${flag(c)}`, p);
  }
  for (const h of a.hedges) add('hedge', h.cue);
  return { analysis: a, byKind: out };
}

const extraction = [];

async function checkFixture(name, { csp = false } = {}) {
  const { page, panel, tabId } = await openFixture(env, name);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const before = await outerHTML(page);
  const sheetsBefore = await adoptedSheets(page);

  const on = await toggle(panel, tabId);
  assert.equal(on.record.status, 'done', `${name}: ${JSON.stringify(on.record).slice(0, 300)}`);
  const frame = await articleFrame(page);
  const { ranges, expected, foreign } = await frame.evaluate(probe);
  assert.deepEqual(foreign, [], `${name}: only newsmark- highlight names`);
  assert.ok(ranges.length > 0, `${name}: highlights drawn`);

  // None of the chrome, all of the body.
  const inChrome = ranges.filter((r) => r.chrome);
  assert.deepEqual(inChrome.map((r) => r.text), [], `${name}: no highlight in nav, ads, comments, captions, footer`);
  const covered = new Set(ranges.map((r) => r.expect).filter((i) => i >= 0));
  const missed = [];
  for (let i = 0; i < expected; i++) if (!covered.has(i)) missed.push(i);
  assert.deepEqual(missed, [], `${name}: every headline, standfirst and body paragraph has a highlight`);

  // The highlights show exactly the analysis of the text the extension read.
  const text = on.record.text;
  const { analysis, byKind } = expectedByKind(text);
  for (const r of ranges) {
    const kind = r.name.slice('newsmark-ext-'.length);
    assert.ok((byKind.get(kind) ?? []).some((t) => t.includes(r.text)), `${name}: ${kind} range "${r.text}" is a span of the analysis`);
  }
  for (const [kind, texts] of byKind) {
    assert.ok(ranges.filter((r) => r.name === `newsmark-ext-${kind}`).length >= texts.length, `${name}: every ${kind} span drawn`);
  }

  // How well the body was picked: characters of the fixture's body and chrome text found
  // in what the extension read.
  const regions = await frame.evaluate(() => ({
    body: [...document.querySelectorAll('[data-expect]')].map((e) => e.textContent.replace(/\s+/g, ' ').trim()),
    chrome: [...document.querySelectorAll('[data-region="chrome"]')].map((e) => e.textContent.replace(/\s+/g, ' ').trim()).filter(Boolean),
  }));
  const flat = text.replace(/\s+/g, ' ');
  const bodyChars = regions.body.reduce((n, t) => n + t.length, 0);
  const bodyFound = regions.body.filter((t) => flat.includes(t)).reduce((n, t) => n + t.length, 0);
  const chromeFound = regions.chrome.filter((t) => flat.includes(t));
  extraction.push({ name, bodyRecall: bodyFound / bodyChars, chromeBlocksRead: chromeFound.length, chromeBlocks: regions.chrome.length, words: on.record.summary.words, ms: on.ms });
  assert.equal(bodyFound, bodyChars, `${name}: the whole body was read`);
  assert.deepEqual(chromeFound, [], `${name}: no chrome text was read`);

  // The panel's groups are the analysis's.
  await panel.waitForFunction((n) => document.querySelectorAll('#claims .group').length > 0 || n === 0, analysis.claims.length);
  const shown = await panel.evaluate(() => ({
    claims: Object.fromEntries([...document.querySelectorAll('#claims .group')].map((g) => [g.dataset.kind, Number(g.dataset.count)])),
    hedges: Object.fromEntries([...document.querySelectorAll('#hedges .group')].map((g) => [g.dataset.kind, Number(g.dataset.count)])),
    people: [...document.querySelectorAll('#names-PERSON li')].map((li) => [li.dataset.name, Number(li.dataset.count)]),
    orgs: [...document.querySelectorAll('#names-ORG li')].map((li) => [li.dataset.name, Number(li.dataset.count)]),
    share: document.querySelector('#claims-share strong')?.dataset.share ?? null,
  }));
  const count = (xs, key) => xs.reduce((m, x) => m.set(key(x), (m.get(key(x)) ?? 0) + 1), new Map());
  assert.deepEqual(shown.claims, Object.fromEntries(count(analysis.claims, (c) => c.source_kind)), `${name}: claims by source kind`);
  assert.deepEqual(shown.hedges, Object.fromEntries(count(analysis.hedges, (h) => h.type)), `${name}: hedges by type`);
  const names = (label) =>
    [...count(analysis.entities.filter((e) => e.label === label), (e) => text.slice(e.start, e.end).replace(/\s+/g, ' ').trim())]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  assert.deepEqual(shown.people, names('PERSON'), `${name}: people by frequency`);
  assert.deepEqual(shown.orgs, names('ORG'), `${name}: organisations by frequency`);
  const flagged = analysis.claims.filter((c) => c.source_kind === 'vague' || c.source_kind === 'none').length;
  if (analysis.claims.length) assert.equal(shown.share, (flagged / analysis.claims.length).toFixed(4), `${name}: vague or missing share`);

  const during = await outerHTML(page);
  assert.deepEqual(during, before, `${name}: the DOM is byte-identical while marked`);
  assert.deepEqual(await adoptedSheets(page), sheetsBefore, `${name}: no stylesheet adopted by the page`);

  const off = await toggle(panel, tabId);
  assert.equal(off.on, false);
  const left = await frame.evaluate(probe);
  assert.equal(left.ranges.length, 0, `${name}: toggling off removes every highlight`);
  assert.deepEqual(await outerHTML(page), before, `${name}: the DOM is byte-identical after`);
  assert.deepEqual(errors, [], `${name}: no page errors`);
  if (csp) assert.ok(on.record.summary.claims.total > 0);
  await panel.close();
  await page.close();
  return on;
}

test('the shipped manifests: narrow permissions, wasm-only CSP, Firefox differences generated', BOUNDED, () => {
  const chromium = JSON.parse(readFileSync(`${env.built}/manifest.json`, 'utf8'));
  assert.deepEqual(chromium.permissions, ['activeTab', 'scripting', 'sidePanel', 'storage']);
  assert.equal(chromium.host_permissions, undefined);
  // Hosts only on request (the per-site "always on" option), never at install.
  assert.deepEqual(chromium.optional_host_permissions, ['http://*/*', 'https://*/*']);
  assert.equal(chromium.content_scripts, undefined);
  assert.equal(chromium.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  assert.equal(chromium.background.service_worker, 'background.js');
  const firefox = JSON.parse(readFileSync(`${env.built}/../firefox/manifest.json`, 'utf8'));
  assert.deepEqual(firefox.background.scripts, ['background.js']);
  assert.equal(firefox.side_panel, undefined);
  assert.equal(firefox.sidebar_action.default_panel, 'panel.html');
  assert.ok(firefox.browser_specific_settings.gecko.id);
  assert.equal(firefox.host_permissions, undefined);
  assert.deepEqual(firefox.optional_host_permissions, chromium.optional_host_permissions);
  assert.deepEqual(firefox.permissions, ['activeTab', 'scripting', 'storage']);
});

test('web-ext lint passes on the Firefox build (no errors)', BOUNDED, () => {
  // Exit status 0 means no errors; warnings are listed for the report.
  const out = execFileSync(here('../../node_modules/.bin/web-ext'), ['lint', '--source-dir', `${env.built}/../firefox`, '--output', 'json'], {
    encoding: 'utf8',
  });
  const report = JSON.parse(out.slice(out.indexOf('{')));
  assert.equal(report.summary.errors, 0, JSON.stringify(report.errors));
  for (const w of report.warnings) console.log(`web-ext lint warning: ${w.code} ${w.file ?? ''}:${w.line ?? ''}`);
});

test('the long-read fixture is the generator output and has 20,000+ words', BOUNDED, () => {
  const { words, html } = longRead();
  assert.ok(words >= 20000);
  assert.equal(readFileSync(here('fixtures/extension/long-read.html'), 'utf8'), html);
});

for (const name of ['standard.html', 'live-blog.html', 'rtl-emoji.html', 'iframe.html', 'long-read.html']) {
  test(`${name}: body marked, chrome not, DOM untouched, panel matches the analysis`, BOUNDED, async () => {
    await checkFixture(name);
  });
}

test('strict-csp.html (default-src \'none\'; script-src \'self\'): marked all the same', BOUNDED, async () => {
  const page = await env.context.newPage();
  const res = await page.goto(`${env.base}/strict-csp.html`);
  assert.equal(res.headers()['content-security-policy'], "default-src 'none'; script-src 'self'");
  await page.close();
  await checkFixture('strict-csp.html', { csp: true });
});

test('live blog: paragraphs added after load are read and marked', BOUNDED, async () => {
  const { page, panel, tabId } = await openFixture(env, 'live-blog.html');
  const on = await toggle(panel, tabId);
  assert.equal(on.record.status, 'done');
  for (const [n, words] of [[1, 'Mei Chen'], [2, 'Oskar Berg']]) {
    const report = waitForReport(panel, tabId, words);
    await page.click('#load-more');
    await report;
    const marked = await page.evaluate((n) => {
      const p = document.querySelector(`[data-update="${n}"]`);
      let hits = 0;
      for (const [name, hl] of CSS.highlights) {
        if (name.startsWith('newsmark-')) for (const r of hl) if (p.contains(r.startContainer)) hits++;
      }
      return hits;
    }, n);
    assert.ok(marked > 0, `update ${n} is marked`);
  }
  await toggle(panel, tabId);
  await panel.close();
  await page.close();
});

test('clicking a panel item scrolls to it and flashes its highlight', BOUNDED, async () => {
  const { page, panel, tabId } = await openFixture(env, 'long-read.html');
  await toggle(panel, tabId);
  const scrolled = page.evaluate(() => new Promise((resolve) => addEventListener('scroll', () => resolve(scrollY), { once: true })));
  // The last claim is far below the fold; the item is a button, pressed by keyboard.
  await panel.focus('#claims .group:last-of-type li:last-child button');
  await panel.keyboard.press('Enter');
  assert.ok((await scrolled) > 0, 'the page scrolled');
  await page.waitForFunction(() => (CSS.highlights.get('newsmark-ext-active')?.size ?? 0) > 0);
  await toggle(panel, tabId);
  await panel.close();
  await page.close();
});

test('panel: layer switches redraw the page; text readable in light and dark mode', BOUNDED, async () => {
  const { page, panel, tabId } = await openFixture(env, 'standard.html');
  await toggle(panel, tabId);
  const names = () => page.evaluate(() => [...CSS.highlights.keys()].filter((k) => k.startsWith('newsmark-ext-')).sort());
  assert.ok((await names()).includes('newsmark-ext-hedge'));
  const gone = page.waitForFunction(() => !CSS.highlights.has('newsmark-ext-hedge'));
  await panel.click('input[value="hedges"]');
  await gone;
  assert.ok((await names()).some((n) => n.startsWith('newsmark-ext-ent-')), 'the other layers stay');
  assert.equal(await panel.isVisible('section[data-layer="hedges"]'), false);
  const back = page.waitForFunction(() => CSS.highlights.has('newsmark-ext-hedge'));
  await panel.click('input[value="hedges"]');
  await back;

  // WCAG contrast of the body text and of a claim cue against the panel background.
  const contrast = () =>
    panel.evaluate(() => {
      const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
      const lum = ([r, g, b]) => {
        const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const ratio = (a, b) => {
        const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
      };
      const bg = getComputedStyle(document.body).backgroundColor;
      return {
        text: ratio(getComputedStyle(document.body).color, bg),
        cue: ratio(getComputedStyle(document.querySelector('.cue')).color, bg),
      };
    });
  for (const scheme of ['light', 'dark']) {
    await panel.emulateMedia({ colorScheme: scheme });
    const c = await contrast();
    assert.ok(c.text >= 7 && c.cue >= 4.5, `${scheme}: contrast ${JSON.stringify(c)}`);
  }
  await toggle(panel, tabId);
  await panel.close();
  await page.close();
});

test('after the service worker is stopped, the next toggle still works (cold start)', BOUNDED, async () => {
  const { page, panel, tabId } = await openFixture(env, 'standard.html');
  const warm = await toggle(panel, tabId);
  await toggle(panel, tabId);
  assert.equal(await stopServiceWorkers(env, panel), `${env.extOrigin}/background.js`, 'the worker is stopped');
  const cold = await toggle(panel, tabId);
  assert.equal(cold.record.status, 'done');
  const { ranges } = await page.evaluate(probe);
  assert.ok(ranges.length > 0 && ranges.every((r) => !r.chrome));
  console.log(`standard.html click to highlights: warm ${warm.ms} ms, after the service worker was stopped ${cold.ms} ms`);
  await toggle(panel, tabId);
  await panel.close();
  await page.close();
});

/** The always-on registration's sites, read from an extension page. */
const registeredSites = (page) =>
  page.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts({ ids: ['newsmark-always-on'] }))[0]?.matches ?? []);

/**
 * Waits until the always-on registration covers exactly `sites` (none: unregistered).
 * The background registers after a storage or permission event, and the browser has no
 * event for a registration, so this asks every 25 ms (page.waitForFunction would take
 * the pending promise of an async predicate for a true answer).
 */
const waitForRegistered = (page, sites) =>
  page.evaluate(async (want) => {
    for (;;) {
      const all = await chrome.scripting.getRegisteredContentScripts();
      if (all.length <= 1 && (all[0]?.matches ?? []).join() === want.join()) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }, sites);

/**
 * Whether newsmark's content script runs in any frame of the tab (asked in its isolated
 * world, from an extension page).
 */
async function contentScriptIn(extensionPage, tabId) {
  const results = await extensionPage.evaluate(
    (tabId) =>
      chrome.scripting.executeScript({
        target: { tabId, allFrames: true },
        func: () => Boolean(globalThis[Symbol.for('newsmark.extension.content')]),
      }),
    tabId,
  );
  return results.some((r) => r.result);
}

// The browser's permission prompt cannot be answered headless. The test copy of the
// extension holds http://127.0.0.1/* from its manifest (harness.mjs), so the browser grants
// the request at once, without a prompt; what runs is otherwise what a user's click runs:
// a real click on the panel's switch (a user gesture, which permissions.request requires),
// the list in storage, the registration, and the page's load.
test('always on: a site switched on in the panel is marked on load; switched off, it is not', BOUNDED, async () => {
  const site = 'http://127.0.0.1/*';
  const plain = await env.context.newPage();
  await plain.goto(`${env.base}/standard.html`);
  const pristine = await plain.evaluate(() => document.documentElement.outerHTML);
  await plain.close();

  const { page, panel, tabId } = await openFixture(env, 'standard.html');
  try {
    assert.deepEqual(await registeredSites(panel), [], 'nothing registered by default');
    await panel.waitForSelector('#always-on', { state: 'visible' });
    assert.equal(await panel.textContent('#site-name'), 'http://127.0.0.1');
    assert.equal(await panel.isChecked('#always-on'), false);
    await panel.click('#always-on');
    await waitForRegistered(panel, [site]);
    const [script] = await panel.evaluate(() => chrome.scripting.getRegisteredContentScripts());
    assert.deepEqual(script.js, ['content/auto.js', 'content/content.js']);
    assert.deepEqual(script.css, ['content/highlights.css']);
    assert.equal(script.allFrames, true);
    assert.deepEqual(await panel.evaluate(() => chrome.storage.local.get('alwaysOn')), { alwaysOn: [site] });
    assert.equal(await panel.isChecked('#always-on'), true);

    // Reloaded, the page is marked with no click, and its DOM is the DOM of a page loaded
    // without newsmark.
    const marked = waitForReport(panel, tabId, 'Mayor Elena Varga');
    await page.reload();
    const record = await marked;
    assert.ok(record.summary.claims.total > 0);
    const { ranges } = await page.evaluate(probe);
    assert.ok(ranges.length > 0, 'highlights drawn on load');
    assert.deepEqual(ranges.filter((r) => r.chrome).map((r) => r.text), []);
    const state = await panel.evaluate((k) => chrome.storage.session.get(k), `tab:${tabId}`);
    assert.equal(state[`tab:${tabId}`].on, true);
    assert.equal(await page.evaluate(() => document.documentElement.outerHTML), pristine, 'DOM byte-identical');
    await panel.waitForFunction(() => document.getElementById('toggle').getAttribute('aria-pressed') === 'true');

    // The panel's button turns this page off as it would a clicked one.
    const off = await toggle(panel, tabId);
    assert.equal(off.on, false);
    assert.equal((await page.evaluate(probe)).ranges.length, 0);

    // Switched off: unregistered, and the next load runs nothing of newsmark's.
    await panel.click('#always-on');
    await waitForRegistered(panel, []);
    assert.deepEqual(await panel.evaluate(() => chrome.storage.local.get('alwaysOn')), { alwaysOn: [] });
    await page.reload();
    assert.equal(await contentScriptIn(panel, tabId), false, 'no content script after the site was removed');
    assert.equal((await page.evaluate(probe)).ranges.length, 0);
  } finally {
    await panel.evaluate(() => chrome.storage.local.remove('alwaysOn'));
    await waitForRegistered(panel, []);
    await panel.close();
    await page.close();
  }
});

test('always on: the options page adds and removes sites; a site the browser does not grant is not registered', BOUNDED, async () => {
  const options = await env.context.newPage();
  try {
    await options.goto(`${env.extOrigin}/options.html`);
    assert.equal(await options.isVisible('#no-sites'), true);
    // A site in the list that the browser does not grant (one the user revoked in the
    // browser's settings looks like this) is listed as such and never registered.
    await options.evaluate(() => chrome.storage.local.set({ alwaysOn: ['https://news.example/*'] }));
    await options.waitForSelector('#sites li[data-site="https://news.example/*"]');
    assert.match(await options.textContent('#sites li[data-site="https://news.example/*"]'), /not allowed by the browser/);
    assert.deepEqual(await registeredSites(options), []);

    // Added through the form (a real click: the permission request needs the gesture).
    await options.fill('#site', `${env.base}/standard.html`);
    await options.click('#add-site button[type="submit"]');
    await options.waitForSelector('#sites li[data-site="http://127.0.0.1/*"]');
    assert.deepEqual(await options.evaluate(() => chrome.storage.local.get('alwaysOn')), { alwaysOn: ['https://news.example/*', 'http://127.0.0.1/*'] });
    // Registered for the granted site only, with the other still in the list.
    await waitForRegistered(options, ['http://127.0.0.1/*']);

    // A page of a registered site loads marked; removing it in the options page unregisters it.
    const { page, panel, tabId } = await openFixture(env, 'rtl-emoji.html');
    await waitForReport(panel, tabId, '');
    assert.ok((await page.evaluate(probe)).ranges.length > 0);
    await options.click('#sites li[data-site="http://127.0.0.1/*"] button');
    await options.click('#sites li[data-site="https://news.example/*"] button');
    await options.waitForSelector('#no-sites', { state: 'visible' });
    await waitForRegistered(options, []);
    await page.reload();
    assert.equal(await contentScriptIn(options, tabId), false);
    await panel.close();
    await page.close();
  } finally {
    await options.evaluate(() => chrome.storage.local.remove('alwaysOn'));
    await waitForRegistered(options, []);
    await options.close();
  }
});

test('without the Custom Highlight API the panel says so and the page is left as it is', BOUNDED, async () => {
  const { page, panel, tabId } = await openFixture(env, 'standard.html');
  const before = await outerHTML(page);
  // The content script runs in the extension's isolated world; removing `Highlight` there
  // (before the script is injected) is what a browser without the API looks like to it.
  const [worker] = env.context.serviceWorkers();
  await worker.evaluate(
    (tabId) => chrome.scripting.executeScript({ target: { tabId }, func: () => delete globalThis.Highlight }),
    tabId,
  );
  const on = await toggle(panel, tabId, { until: 'no-highlight-api' });
  assert.equal(on.record.status, 'no-highlight-api');
  assert.ok(on.record.summary.claims.total > 0, 'the summary is still made');
  await panel.waitForFunction(() => document.getElementById('status').textContent.includes('no CSS Custom Highlight API'));
  assert.equal(await panel.isVisible('#claims .group'), true);
  assert.equal((await page.evaluate(probe)).ranges.length, 0);
  assert.deepEqual(await outerHTML(page), before);
  await toggle(panel, tabId);
  await panel.close();
  await page.close();
});

test('no request left the extension or the page\'s origin', BOUNDED, () => {
  const allowed = [`${env.base}/`, `${env.extOrigin}/`];
  const out = requests.filter((u) => !allowed.some((a) => u.startsWith(a)));
  assert.ok(requests.length > 0);
  assert.deepEqual(out, []);
  // The service worker's requests are among those seen (Playwright reports them), and the
  // wasm came from the extension's own files, never a blob: or data: URL.
  assert.ok(requests.includes(`${env.extOrigin}/pkg/newsmark_bg.wasm`), 'the wasm fetched from the extension');
  assert.deepEqual(requests.filter((u) => /^(blob|data):/.test(u)), []);
  for (const e of extraction) {
    console.log(`${e.name}: body read ${(100 * e.bodyRecall).toFixed(1)}%, chrome blocks read ${e.chromeBlocksRead}/${e.chromeBlocks}, ${e.words} words, click to highlights ${e.ms} ms`);
  }
});
