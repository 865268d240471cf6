// `newsmark analyze --format html` opened from disk in headless Chromium: every span of
// the JSON analysis is a marked element with exactly its text, layer by layer; the
// report runs no script (hostile text included), logs no console error and requests
// nothing; it reads in light and dark mode (screenshots in tests/e2e/artifacts/).
//
// Expectations come from the same binary's JSON output (`analyze --jsonl`, offsets in
// Unicode scalars), so they track whatever the models return.
//
//   NEWSMARK_BIN=target/debug/newsmark node --test tests/e2e/report.test.mjs

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from './lib/chromium.mjs';
import { refuseRequests, watchPage } from './lib/problems.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const BIN = process.env.NEWSMARK_BIN ?? here('../../target/debug/newsmark');
const FIXTURES = here('../fixtures');
const ARTIFACTS = here('artifacts');
const HOSTILE =
  'Officials said the plan <script>document.title="ran"</script> could fail & "might" collapse, ' +
  "according to Reuters. <img src=x onerror=\"document.title='ran'\"> 'Maybe', she said.\n";

const docs = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => ({ id: f, text: readFileSync(join(FIXTURES, f), 'utf8') }));
docs.push({ id: '<b id="x">&amp;</b>', text: HOSTILE });

/** Every marked span of an analysis as "part|class|text", offsets in Unicode scalars. */
function expectedMarks(text, a) {
  const chars = Array.from(text);
  const slice = (p) => chars.slice(p.start, p.end).join('');
  const out = { entities: [], claims: [], hedges: [] };
  const add = (layer, part, cls, p) => p && p.end > p.start && out[layer].push(`${part}|${cls}|${slice(p)}`);
  for (const e of a.entities) add('entities', 'entity', `m-ent-${e.label}`, e);
  for (const c of a.claims) {
    const flag = c.source_kind === 'vague' || c.source_kind === 'none' ? '-flag' : '';
    add('claims', 'source', `m-claim-source${flag}`, c.source);
    add('claims', 'cue', `m-claim-cue${flag}`, c.cue);
    for (const p of c.content) add('claims', 'content', `m-claim-content${flag}`, p);
  }
  for (const h of a.hedges) {
    add('hedges', 'scope', 'm-hedge-scope', h.scope);
    add('hedges', 'cue', 'm-hedge', h.cue);
  }
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

/** The marked elements of one section, joined by data-m, as "part|class|text" per layer. */
const markedIn = (page, section) =>
  page.evaluate((sel) => {
    const pieces = new Map();
    for (const el of document.querySelectorAll(`${sel} .text [data-m]`)) {
      const m = el.dataset.m;
      if (!pieces.has(m)) pieces.set(m, { layer: el.dataset.layer, key: `${el.dataset.part}|${el.className}|`, text: '' });
      pieces.get(m).text += el.textContent;
    }
    const out = { entities: [], claims: [], hedges: [] };
    for (const p of pieces.values()) out[p.layer].push(p.key + p.text);
    for (const k of Object.keys(out)) out[k].sort();
    return out;
  }, section);

let context, userDir, dir;
const problems = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsmark-report-'));
  userDir = join(dir, 'profile');
  context = await launchChromium(userDir, {
    viewport: { width: 1360, height: 1000 },
  });
  // The report is one file: any other request (an image in hostile text, say) is a failure.
  await refuseRequests(context, (url) => url.protocol === 'file:', problems, 'request');
});

after(async () => {
  await context?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(file, { dark = false } = {}) {
  const page = await context.newPage();
  watchPage(page, problems, { dialogs: true });
  await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return page;
}

function assertClean() {
  assert.deepEqual(problems.splice(0), [], 'no console errors, page errors, dialogs or requests');
}

test('a JSONL report marks every span of every document, runs nothing, and lists its documents', async () => {
  const input = docs.map((d) => JSON.stringify(d)).join('\n') + '\n';
  const json = execFileSync(BIN, ['analyze', '--jsonl'], { input, encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const file = join(dir, 'report.html');
  writeFileSync(file, execFileSync(BIN, ['analyze', '--jsonl', '--format', 'html'], { input }));

  const page = await open(file);
  assert.equal(await page.title(), `newsmark: <stdin>`, 'the title is the escaped input name, not changed by a script');
  assert.equal(await page.evaluate(() => document.scripts.length), 0, 'no <script> element');
  assert.equal(
    await page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length),
    0,
    'no event-handler attribute',
  );
  assert.equal(
    await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content'),
    "default-src 'none'; style-src 'unsafe-inline'",
  );
  const toc = await page.$$eval('nav.toc a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
  assert.deepEqual(
    toc.map(([t]) => t),
    docs.map((d) => d.id),
    'the table of contents lists each id as text',
  );

  let total = 0;
  for (const [n, d] of docs.entries()) {
    const section = `#doc-${n}`;
    assert.equal(toc[n][1], section);
    assert.equal(await page.textContent(`${section} h2`), d.id);
    assert.equal(await page.textContent(`${section} .text`), d.text, 'the text shows exactly as given');
    const want = expectedMarks(d.text, json[n]);
    const got = await markedIn(page, section);
    for (const layer of ['entities', 'claims', 'hedges']) {
      assert.deepEqual(got[layer], want[layer], `${d.id}: ${layer}`);
      total += want[layer].length;
    }
    // Every highlighted element says what it is.
    assert.equal(await page.$$eval(`${section} .text [data-m]:not([title])`, (e) => e.length), 0);
    const claims = json[n].claims.length;
    assert.equal(await page.textContent(`${section} .c-claim dd`), String(claims));
    const shown = await page.$$eval(`${section} tr[data-kind] td`, (tds) => tds.map((td) => Number(td.textContent)));
    assert.equal(shown.reduce((a, b) => a + b, 0), claims, 'claims by source kind add up');
  }
  assert.ok(total > 50, `the fixtures give spans to check (${total})`);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'report-jsonl.png') });
  assertClean();
  await page.close();
});

test('one article in light and dark mode: every span marked; screenshots', async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const src = join(FIXTURES, 'harbor-strike.txt');
  const text = readFileSync(src, 'utf8');
  const json = JSON.parse(execFileSync(BIN, ['analyze', src], { encoding: 'utf8' }));
  const file = join(dir, 'one.html');
  writeFileSync(file, execFileSync(BIN, ['analyze', '--format', 'html', src]));
  const backgrounds = [];
  for (const dark of [false, true]) {
    const page = await open(file, { dark });
    assert.equal(await page.$$eval('nav.toc', (n) => n.length), 0, 'no table of contents for one article');
    assert.equal(await page.textContent('#doc-0 .text'), text);
    assert.deepEqual(await markedIn(page, '#doc-0'), expectedMarks(text, json));
    backgrounds.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
    await page.screenshot({ path: join(ARTIFACTS, dark ? 'report-dark.png' : 'report.png'), fullPage: true });
    await page.close();
  }
  assert.notEqual(backgrounds[0], backgrounds[1], 'dark mode has its own colours');
  assertClean();
});
