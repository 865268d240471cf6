// The npm package as a third party gets it: `scripts/package` builds the tarball, which is
// installed into an empty temporary project (npm --offline: the package has no
// dependencies) and used from there, in Node and in headless Chromium.
//
// - Node: import('newsmark') analyses a text with exact UTF-16 offsets; the modules only
//   reference files inside the package; latest wins (20 rapid requests: 1 result, 19
//   AbortErrors); aborted signals; dispose() really frees the wasm memory.
// - edits: diffText and mapAnalysis against an independent model (property tests over
//   random texts with emoji, CRLF, combining marks and RTL, and random edits).
// - session: debounce, latest wins, results mapped through edits made while they ran, and
//   an idle document triggers no analysis (node:test's mock timers: the test owns time).
// - Chromium: a page under `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'`
//   uses the worker-backed analyzer with no CSP violation; controls show that a blob
//   worker and a policy without 'wasm-unsafe-eval' are caught.
//
//   node --test tests/e2e/package.test.mjs           (after the wasm build)
//   NEWSMARK_BENCH=1 node --test tests/e2e/package.test.mjs   (adds the benchmark: time to
//       analyse 1,000-, 10,000- and 100,000-word documents through the worker; prints medians)

import { after, before, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const ROOT = here('../..');
const FIXTURES = here('fixtures/package');
const DOC = readFileSync(join(FIXTURES, 'doc.txt'), 'utf8');
const VERSION = /^version = "([^"]+)"/m.exec(readFileSync(join(ROOT, 'Cargo.toml'), 'utf8'))[1];
const TGZ = join(ROOT, 'target/npm', `newsmark-${VERSION}.tgz`);
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

let tmp;
let pkgDir;
let newsmark; // the installed package's main module
let edits; // newsmark/edits
let sessionMod; // newsmark/session

before(() => {
  assert.ok(existsSync(join(ROOT, 'www/pkg/newsmark_bg.wasm')), 'build the wasm first (scripts/lib/setup.sh build_page)');
  execFileSync(join(ROOT, 'scripts/package'), { env: { ...process.env, NO_BUILD: '1' }, stdio: 'pipe' });
  tmp = mkdtempSync(join(tmpdir(), 'newsmark-consumer-'));
  writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // A fresh cache and --offline: the install must need nothing but the tarball.
  execFileSync(
    'npm',
    ['install', TGZ, '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--cache', join(tmp, '.npm-cache')],
    { cwd: tmp, stdio: 'pipe' },
  );
  pkgDir = join(tmp, 'node_modules/newsmark');
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const load = async () => {
  newsmark ??= await import(pathToFileURL(join(pkgDir, 'lib/index.js')).href);
  edits ??= await import(pathToFileURL(join(pkgDir, 'lib/edits.js')).href);
  sessionMod ??= await import(pathToFileURL(join(pkgDir, 'lib/session.js')).href);
};

/** Every part of `analysis` (with a `text`) is exactly `text.slice(start, end)`. */
function assertExact(analysis, text) {
  let n = 0;
  const check = (p) => {
    assert.equal(text.slice(p.start, p.end), p.text, `span [${p.start}, ${p.end})`);
    n++;
  };
  for (const e of analysis.entities) check(e);
  for (const c of analysis.claims) {
    check(c.cue);
    if (c.source) check(c.source);
    if (c.source_resolved) check(c.source_resolved);
    c.content.forEach(check);
  }
  for (const h of analysis.hedges) check(h.cue);
  return n;
}

/** `analysis` with the `text` of every span removed, as `withText: false` returns it (a deep copy). */
function withoutText(analysis) {
  const copy = structuredClone(analysis);
  const drop = (p) => p && delete p.text;
  copy.entities.forEach(drop);
  for (const c of copy.claims) [c.cue, c.source, c.source_resolved, ...c.content].forEach(drop);
  for (const h of copy.hedges) [h.cue, h.scope].forEach(drop);
  return copy;
}

/** A document long enough that every layer has more than 1,000 items (the worker sends pieces of 500). */
function longDoc() {
  let text = '';
  while (text.length < 400_000) text += `${DOC}\n`;
  return text;
}

// ---------------------------------------------------------------- Node

describe('installed in Node', () => {
  test('import("newsmark") in the temporary project analyses with UTF-16 offsets', () => {
    const script = `
      const { createAnalyzer } = await import('newsmark');
      const { readFileSync } = await import('node:fs');
      const text = readFileSync(0, 'utf8');
      const a = createAnalyzer();
      await a.ready;
      const analysis = await a.analyze(text);
      a.dispose();
      // The binary is its own export, so a caller can pass its own copy.
      const { createRequire } = await import('node:module');
      const wasmPath = createRequire(process.cwd() + '/').resolve('newsmark/wasm');
      const { mapAnalysis } = await import('newsmark/edits');
      const { createSession } = await import('newsmark/session');
      console.log(JSON.stringify({ kind: a.kind, analysis, wasmPath, edits: typeof mapAnalysis, session: typeof createSession }));
    `;
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: tmp, input: DOC, encoding: 'utf8' }),
    );
    assert.equal(out.kind, 'local');
    assert.equal(out.edits, 'function');
    assert.equal(out.session, 'function');
    assert.equal(out.wasmPath, join(pkgDir, 'pkg/newsmark_bg.wasm'));
    const a = out.analysis;
    assert.ok(assertExact(a, DOC) > 40);
    // Names after emoji (astral: two code units each), CRLF and combining marks.
    const person = a.entities.find((e) => e.text === 'Elena Marsh');
    assert.equal(person?.label, 'PERSON');
    assert.equal(person.start, DOC.indexOf('Elena Marsh'));
    const jose = a.entities.find((e) => e.label === 'PERSON' && e.start === DOC.indexOf('José'));
    assert.equal(jose?.text, 'José Nu\u0301n\u0303ez');
    const transit = a.entities.find((e) => e.text === 'Northgate Transit');
    assert.equal(transit?.start, DOC.indexOf('Northgate Transit'));
    const claim = a.claims.find((c) => c.source?.text === 'Mayor Elena Marsh');
    assert.equal(claim?.source_kind, 'named');
    assert.ok(a.hedges.some((h) => h.cue.text === 'allegedly'));
  });

  test('the wasm can be passed as bytes, and the result is the same', () => {
    const script = `
      const { createAnalyzer } = await import('newsmark');
      const { readFileSync } = await import('node:fs');
      const { createRequire } = await import('node:module');
      const bytes = readFileSync(createRequire(process.cwd() + '/').resolve('newsmark/wasm'));
      const a = createAnalyzer({ worker: false, wasm: new Uint8Array(bytes) });
      console.log(JSON.stringify(await a.analyze(readFileSync(0, 'utf8'))));
    `;
    const viaBytes = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: tmp, input: DOC, encoding: 'utf8' }),
    );
    const wrong = `
      const { createAnalyzer } = await import('newsmark');
      const a = createAnalyzer({ wasm: new URL('file:///nonexistent/newsmark_bg.wasm') });
      a.ready.then(() => console.log('loaded'), (e) => console.log(e.message));
    `;
    const message = execFileSync(process.execPath, ['--input-type=module', '-e', wrong], { cwd: tmp, encoding: 'utf8' });
    assert.match(message, /newsmark: cannot read the wasm binary file:\/\/\/nonexistent\/newsmark_bg\.wasm/);
    return load().then(async () => {
      const a = newsmark.createAnalyzer({ worker: false });
      assert.deepEqual(await a.analyze(DOC), viaBytes);
      a.dispose();
    });
  });

  test('the package references only its own files, and exports every public module in www/lib', () => {
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    assert.equal(pkg.type, 'module');
    assert.equal(pkg.sideEffects, false);
    assert.equal(pkg.dependencies, undefined);
    for (const peer of ['@codemirror/state', '@codemirror/view']) {
      assert.ok(pkg.peerDependencies[peer], peer);
      assert.equal(pkg.peerDependenciesMeta[peer].optional, true);
    }
    for (const [key, target] of Object.entries(pkg.exports)) {
      for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
        assert.ok(existsSync(join(pkgDir, file)), `${key} -> ${file}`);
      }
    }
    for (const name of ['highlight', 'text-model', 'textarea', 'contenteditable', 'codemirror', 'edits', 'session', 'worker']) {
      if (existsSync(join(ROOT, 'www/lib', `${name}.js`))) assert.ok(pkg.exports[`./${name}`], `./${name} exported`);
    }
    assert.ok(pkg.exports['./wasm'] && pkg.exports['.']);
    for (const f of ['README.md', 'LICENSE-MIT', 'LICENSE-APACHE']) assert.ok(existsSync(join(pkgDir, f)), f);
    const refs = /(?:from\s*|import\(\s*|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
    let checked = 0;
    for (const dir of ['lib', 'pkg']) {
      for (const file of readdirSync(join(pkgDir, dir)).filter((f) => /\.(js|d\.ts)$/.test(f))) {
        const src = readFileSync(join(pkgDir, dir, file), 'utf8');
        for (const [, rel] of src.matchAll(refs)) {
          const target = resolve(pkgDir, dir, rel.replace(/\.js$/, file.endsWith('.d.ts') ? '.d.ts' : '.js'));
          const found = existsSync(target) || existsSync(resolve(pkgDir, dir, rel));
          assert.ok(found && target.startsWith(pkgDir + sep), `${dir}/${file} references ${rel}`);
          checked++;
        }
      }
    }
    assert.ok(checked >= 8, `${checked} references checked`);
  });

  test('local analyzer: 20 rapid requests give one result and 19 AbortErrors', async () => {
    await load();
    const a = newsmark.createAnalyzer({ worker: false });
    await a.ready;
    const settled = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => a.analyze(`${DOC} ${i}`)));
    const ok = settled.filter((s) => s.status === 'fulfilled');
    assert.equal(ok.length, 1);
    assert.equal(settled[19].status, 'fulfilled', 'the latest request wins');
    for (const s of settled.slice(0, 19)) {
      assert.equal(s.reason.name, 'AbortError');
      assert.ok(s.reason instanceof DOMException);
    }
    assertExact(settled[19].value, `${DOC} 19`);
    a.dispose();
  });

  test('an aborted signal rejects with AbortError; unknown layers with an Error', async () => {
    await load();
    const a = newsmark.createAnalyzer({ worker: false });
    await assert.rejects(a.analyze(DOC, { signal: AbortSignal.abort() }), { name: 'AbortError' });
    const c = new AbortController();
    const p = a.analyze(DOC, { signal: c.signal });
    c.abort();
    await assert.rejects(p, { name: 'AbortError' });
    await assert.rejects(a.analyze(DOC, { layers: ['nope'] }), /unknown layer `nope`/);
    const only = await a.analyze(DOC, { layers: ['hedges'] });
    assert.deepEqual([only.entities.length, only.claims.length], [0, 0]);
    assert.ok(only.hedges.length > 0);
    a.dispose();
  });

  test('withText: false returns the same spans without their text; the default keeps it', async () => {
    await load();
    const a = newsmark.createAnalyzer({ worker: false });
    const full = await a.analyze(DOC);
    assertExact(full, DOC);
    const bare = await a.analyze(DOC, { withText: false });
    assert.deepEqual(bare, withoutText(full));
    assert.ok(full.entities.length > 0 && full.claims.length > 0 && full.hedges.length > 0);
    assert.equal('text' in bare.entities[0], false);
    assert.equal('text' in bare.claims[0].cue, false);
    assert.deepEqual(await a.analyze(DOC, { withText: true }), full);
    a.dispose();
  });

  test('highlight: mapSliced maps in yielding slices and stops when no longer wanted; nearestRuns keeps the nearest', async () => {
    const hl = await import(pathToFileURL(join(pkgDir, 'lib/highlight.js')).href);
    const items = Array.from({ length: 5000 }, (_, i) => i);
    let yields = 0;
    const doubled = await hl.mapSliced(items, (x) => x * 2, { sliceMs: 0, wanted: () => ++yields > 0 });
    assert.deepEqual(doubled, items.map((x) => x * 2));
    assert.ok(yields >= 5000 / 256 - 1, `it yielded between slices: ${yields}`);
    let calls = 0;
    const stopped = await hl.mapSliced(items, () => calls++, { sliceMs: 0, wanted: () => false });
    assert.equal(stopped, null);
    assert.ok(calls < items.length, `stopped after ${calls} of ${items.length}`);

    // Runs every 10 units; the visible text is [50,000, 51,000).
    const runs = Array.from({ length: 20_000 }, (_, i) => ({ start: i * 10, end: i * 10 + 5 }));
    const gap = (r) => (r.end < 50_000 ? 50_000 - r.end : r.start > 51_000 ? r.start - 51_000 : 0);
    const near = hl.nearestRuns(runs, 50_000, 51_000, { max: 300, reach: 12_000 });
    assert.equal(near.runs.length, 300);
    const worstKept = Math.max(...near.runs.map(gap));
    const bestLeft = Math.min(...runs.filter((r) => !near.runs.includes(r)).map(gap));
    assert.ok(worstKept <= bestLeft, `kept the nearest: ${worstKept} <= ${bestLeft}`);
    assert.ok(runs.filter((r) => r.start >= 50_000 && r.end <= 51_000).every((r) => near.runs.includes(r)), 'every visible run');
    const [from, to] = near.covered;
    assert.ok(from < 50_000 && to > 51_000);
    assert.ok(runs.filter((r) => r.end > from && r.start < to && gap(r) < gap(near.runs.at(-1))).every((r) => near.runs.includes(r)), 'covered means every run there is kept');
    // Few runs: all within reach are kept, and the window covers the whole reach.
    const all = hl.nearestRuns(runs.slice(0, 100), 0, 100);
    assert.equal(all.runs.length, 100);
    assert.deepEqual(all.covered, [-12_000, 12_100]);
  });

  test('dispose() frees the wasm Analyzer: created and disposed again and again, memory stays flat', async () => {
    await load();
    const glue = await import(pathToFileURL(join(pkgDir, 'pkg/newsmark.js')).href);
    let big = '';
    while (big.split(/\s+/).length < 10_000) big += `${DOC}\n`;
    const memory = (await glue.default()).memory; // the instance the package loaded
    const sizes = [];
    for (let i = 0; i < 6; i++) {
      const a = newsmark.createAnalyzer({ worker: false });
      await a.analyze(big);
      a.dispose();
      await assert.rejects(a.analyze(DOC), /disposed/);
      sizes.push(memory.buffer.byteLength);
    }
    assert.equal(sizes[5], sizes[1], `memory after each create/analyze/dispose: ${sizes}`);
    // Control: analyzers kept alive each hold their tables, so the same loop grows memory.
    const alive = [];
    for (let i = 0; i < 4; i++) {
      const a = newsmark.createAnalyzer({ worker: false });
      await a.analyze(big);
      alive.push(a);
    }
    assert.ok(memory.buffer.byteLength > sizes[5], `kept alive: ${memory.buffer.byteLength} > ${sizes[5]}`);
    for (const a of alive) a.dispose();
  });
});

// ---------------------------------------------------------------- edits

/** A small deterministic PRNG (mulberry32), so a failure is reproducible from its seed. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'Mayor Elena Marsh said the bridge may reopen. ',
  '“We are not cutting corners,” she said. ',
  'Analysts at Northgate Bank believe prices could rise 3% by June, according to Reuters. ',
  'José Nu\u0301n\u0303ez told The Harbour Times that sales fell. ',
  '😀 ',
  '👨\u200d👩\u200d👧 ',
  '\r\n',
  '\n\n',
  'שלום עולם ',
  'مرحبا ',
  'Cafe\u0301 ',
  'It is allegedly the largest. ',
  'Critics said it was unlikely, if the weather holds. ',
];
const INSERTS = ['x', ' ', 'Marsh', '😀', '\r\n', 'e\u0301', 'שלום', ' said ', '"', 'Reuters '];

function randomText(r) {
  let s = '';
  const n = 3 + Math.floor(r() * 10);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)];
  return s;
}

/** 1-4 sequential random changes (any position, even inside a surrogate pair); returns [changes, newText]. */
function randomEdits(r, text) {
  const changes = [];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const from = Math.floor(r() * (text.length + 1));
    const to = Math.min(text.length, from + (r() < 0.5 ? 0 : Math.floor(r() * 12)));
    let ins = r() < 0.3 && to > from ? '' : INSERTS[Math.floor(r() * INSERTS.length)];
    if (to === from && ins === '') ins = 'x';
    changes.push({ from, to, insert: ins.length });
    text = text.slice(0, from) + ins + text.slice(to);
  }
  return [changes, text];
}

/**
 * The independent model: the text as an array of character identities. A span survives
 * when, after every change, its characters are all still there, in one run, with the
 * same neighbours (or the same text boundary) on both sides: an edit inside it or at
 * either edge changes one of these. Returns mapped {start, end} or null, per span.
 */
function model(textLength, changes, spans) {
  let chars = Array.from({ length: textLength }, (_, i) => i);
  let fresh = -1;
  const alive = spans.map(() => true);
  for (const c of changes) {
    const inserted = Array.from({ length: c.insert }, () => fresh--);
    chars = [...chars.slice(0, c.from), ...inserted, ...chars.slice(c.to)];
    const at = new Map(chars.map((id, i) => [id, i]));
    spans.forEach((s, k) => {
      if (!alive[k]) return;
      const first = at.get(s.start);
      if (first === undefined) return (alive[k] = false);
      for (let j = 0; j < s.end - s.start; j++) if (chars[first + j] !== s.start + j) return (alive[k] = false);
      const before = first === 0 ? 'edge' : chars[first - 1];
      const afterIdx = first + (s.end - s.start);
      const after = afterIdx === chars.length ? 'edge' : chars[afterIdx];
      const wasBefore = s.start === 0 ? 'edge' : s.start - 1;
      const wasAfter = s.end === textLength ? 'edge' : s.end;
      if (before !== wasBefore || after !== wasAfter) alive[k] = false;
    });
  }
  const at = new Map(chars.map((id, i) => [id, i]));
  return spans.map((s, k) => (alive[k] ? { start: at.get(s.start), end: at.get(s.start) + (s.end - s.start) } : null));
}

/** All spans of an analysis, each tagged with its owner (entity / claim / hedge index). */
function spansOf(a) {
  const out = [];
  a.entities.forEach((e, i) => out.push({ owner: `e${i}`, role: 'entity', ...e }));
  a.claims.forEach((c, i) => {
    out.push({ owner: `c${i}`, role: 'cue', ...c.cue });
    if (c.source) out.push({ owner: `c${i}`, role: 'source', ...c.source });
    if (c.source_resolved) out.push({ owner: `c${i}`, role: 'resolved', ...c.source_resolved });
    c.content.forEach((p, j) => out.push({ owner: `c${i}`, role: `content${j}`, ...p }));
  });
  a.hedges.forEach((h, i) => {
    out.push({ owner: `h${i}`, role: 'cue', ...h.cue });
    if (h.scope) out.push({ owner: `h${i}`, role: 'scope', ...h.scope });
  });
  return out;
}

describe('edits', () => {
  test('diffText: applying the change gives the new text, with the longest common prefix and suffix', async () => {
    await load();
    const r = rng(7);
    assert.equal(edits.diffText('same', 'same'), null);
    for (let k = 0; k < 2000; k++) {
      const a = randomText(r);
      const [, b] = randomEdits(r, a);
      const c = edits.diffText(a, b);
      if (a === b) {
        assert.equal(c, null);
        continue;
      }
      assert.equal(a.slice(0, c.from) + b.slice(c.from, c.from + c.insert) + a.slice(c.to), b);
      // Maximal: the next code unit on either side differs (or a text ends).
      const growPrefix = c.from < Math.min(a.length, b.length) && a[c.from] === b[c.from] && c.to > c.from && c.insert > 0;
      const growSuffix = c.to > c.from && c.insert > 0 && a[c.to - 1] === b[c.from + c.insert - 1];
      assert.ok(!growPrefix && !growSuffix, JSON.stringify({ a, b, c }));
    }
  });

  test('mapAnalysis on real analyses and random edits equals the model: no kept span touches an edit, each keeps its text', async () => {
    await load();
    const a = newsmark.createAnalyzer({ worker: false });
    const r = rng(20261203);
    let kept = 0;
    let dropped = 0;
    for (let k = 0; k < 150; k++) {
      const text = randomText(r);
      const analysis = await a.analyze(text);
      for (let e = 0; e < 6; e++) {
        const [changes, next] = randomEdits(r, text);
        const mapped = edits.mapAnalysis(analysis, changes);
        const ctx = JSON.stringify({ text, changes });
        // Kept owners, and their spans, exactly as the model says.
        const spans = spansOf(analysis);
        const expected = model(text.length, changes, spans);
        const deadOwners = new Set(spans.filter((_, i) => !expected[i]).map((s) => s.owner));
        const want = new Map();
        spans.forEach((s, i) => {
          if (!deadOwners.has(s.owner)) want.set(`${s.owner}/${s.role}`, { ...expected[i], old: text.slice(s.start, s.end) });
        });
        // Map mapped spans back to owners: mapAnalysis keeps order, so pair by survival.
        const survivors = (list, prefix) => list.map((_, i) => `${prefix}${i}`).filter((o) => !deadOwners.has(o));
        const got = spansOf(mapped);
        const rename = new Map();
        for (const [prefix, list] of [['e', analysis.entities], ['c', analysis.claims], ['h', analysis.hedges]]) {
          survivors(list, prefix).forEach((o, i) => rename.set(`${prefix}${i}`, o));
        }
        assert.equal(got.length, want.size, ctx);
        for (const s of got) {
          const key = `${rename.get(s.owner)}/${s.role}`;
          const w = want.get(key);
          assert.ok(w, `${key} ${ctx}`);
          assert.deepEqual([s.start, s.end], [w.start, w.end], `${key} ${ctx}`);
          assert.equal(next.slice(s.start, s.end), w.old, `${key} keeps its text ${ctx}`);
          if (s.text !== undefined) assert.equal(s.text, w.old);
        }
        kept += got.length;
        dropped += spans.length - got.length;
      }
    }
    a.dispose();
    // The property must have been exercised both ways.
    assert.ok(kept > 2000 && dropped > 500, `kept ${kept}, dropped ${dropped}`);
  });

  test('mapAnalysis: an empty change list returns the analysis; a no-op change drops nothing; bad changes throw', async () => {
    await load();
    const a = newsmark.createAnalyzer({ worker: false });
    const analysis = await a.analyze(DOC);
    a.dispose();
    assert.equal(edits.mapAnalysis(analysis, []), analysis);
    const p = analysis.entities[3].start;
    assert.deepEqual(edits.mapAnalysis(analysis, [{ from: p, to: p, insert: 0 }]), analysis);
    assert.throws(() => edits.mapAnalysis(analysis, [{ from: 5, to: 2, insert: 0 }]), RangeError);
    assert.throws(() => edits.mapAnalysis(analysis, [{ from: 1, to: 2 }]), TypeError);
    // Typing before an entity shifts it; typing inside it drops it.
    const marsh = analysis.entities.find((e) => e.text === 'Elena Marsh');
    const before = edits.mapAnalysis(analysis, [{ from: 0, to: 0, insert: 4 }]);
    assert.ok(before.entities.some((e) => e.text === 'Elena Marsh' && e.start === marsh.start + 4));
    const inside = edits.mapAnalysis(analysis, [{ from: marsh.start + 2, to: marsh.start + 2, insert: 1 }]);
    assert.ok(!inside.entities.some((e) => e.text === 'Elena Marsh'));
    assert.ok(!inside.claims.some((c) => c.source?.text === 'Mayor Elena Marsh'), 'the claim whose source changed goes too');
  });
});

// ---------------------------------------------------------------- session

describe('session', () => {
  const DEBOUNCE = 100;
  const flush = () => new Promise((ok) => setImmediate(ok)); // setImmediate is not mocked below

  /** The real local analyzer behind a counter, and optionally a gate the test opens. */
  async function harness({ gated = false } = {}) {
    await load();
    const real = newsmark.createAnalyzer({ worker: false });
    await real.ready;
    const h = { calls: [], gets: 0, results: [], gates: [], real };
    h.analyzer = {
      analyze(text, options) {
        h.calls.push(text);
        if (!gated) return real.analyze(text, options);
        return new Promise((ok) => h.gates.push(ok)).then(() => real.analyze(text, options));
      },
    };
    h.text = DOC;
    h.next = () => new Promise((ok) => (h.wake = ok));
    h.session = sessionMod.createSession({
      analyzer: h.analyzer,
      getText: () => {
        h.gets++;
        return h.text;
      },
      onResult: (analysis, text) => {
        h.results.push({ analysis, text });
        h.wake?.();
      },
      onError: (e) => assert.fail(e),
      debounceMs: DEBOUNCE,
    });
    /** An edit as an editor reports it. */
    h.edit = (from, to, insert, report = true) => {
      h.text = h.text.slice(0, from) + insert + h.text.slice(to);
      h.session.changed(report ? { from, to, insert: insert.length } : undefined);
    };
    return h;
  }

  test('an idle document triggers no analysis, and nothing polls', async (t) => {
    const h = await harness();
    t.mock.timers.enable({ apis: ['setTimeout'] });
    h.session.refresh();
    await h.next();
    assert.equal(h.calls.length, 1);
    const gets = h.gets;
    t.mock.timers.tick(DEBOUNCE * 50); // five seconds of quiet, on the test's clock
    await flush();
    assert.equal(h.calls.length, 1, 'no analysis while idle');
    assert.equal(h.gets, gets, 'not even a look at the text');
    // One edit: nothing until the debounce has passed, then exactly one analysis.
    h.edit(0, 0, 'Breaking: ');
    t.mock.timers.tick(DEBOUNCE - 1);
    await flush();
    assert.equal(h.calls.length, 1);
    const done = h.next();
    t.mock.timers.tick(1);
    await done;
    assert.equal(h.calls.length, 2);
    assert.equal(h.results[1].text, h.text);
    t.mock.timers.tick(DEBOUNCE * 50);
    await flush();
    assert.equal(h.calls.length, 2, 'quiet again after the result');
    h.session.dispose();
    h.real.dispose();
  });

  test('a burst of edits is analysed once, after the pause', async (t) => {
    const h = await harness();
    t.mock.timers.enable({ apis: ['setTimeout'] });
    for (let i = 0; i < 10; i++) {
      h.edit(h.text.length, h.text.length, ` word${i}`);
      t.mock.timers.tick(DEBOUNCE / 2);
    }
    await flush();
    assert.equal(h.calls.length, 0);
    const done = h.next();
    t.mock.timers.tick(DEBOUNCE / 2);
    await done;
    assert.deepEqual(h.calls, [h.text]);
    assertExact(h.results[0].analysis, h.text);
    h.session.dispose();
    h.real.dispose();
  });

  for (const report of [true, false]) {
    test(`a result that returns after edits is mapped onto the new text (${report ? 'changes reported' : 'no change objects: diffed'})`, async (t) => {
      const h = await harness({ gated: true });
      t.mock.timers.enable({ apis: ['setTimeout'] });
      h.session.refresh();
      assert.equal(h.calls.length, 1);
      // While the analysis runs: type before the first sentence, and inside "Tuesday".
      const marsh = DOC.indexOf('Elena Marsh');
      h.edit(marsh - 6, marsh - 6, 'Deputy ', report);
      const tue = h.text.indexOf('Tuesday');
      h.edit(tue + 3, tue + 3, 'x', report);
      t.mock.timers.tick(DEBOUNCE); // the next analysis waits for the one in flight
      await flush();
      assert.equal(h.calls.length, 1, 'one request at a time');
      const first = h.next();
      h.gates.shift()();
      await first;
      const { analysis, text } = h.results[0];
      assert.equal(text, h.text);
      assertExact(analysis, text);
      const fresh = await h.real.analyze(DOC);
      assert.ok(!analysis.entities.some((e) => e.label === 'DATE' && e.text.startsWith('Tue')), 'the edited date is gone');
      // Entities before the first edit and after the second are all kept (shifted).
      const edge = DOC.indexOf('Tuesday') + 'Tuesday'.length;
      const newEdge = h.text.indexOf('Tuexsday') + 'Tuexsday'.length;
      const shift = 'Deputy x'.length;
      const outside = (e) => e.end < marsh - 6 || e.start > edge;
      assert.deepEqual(
        analysis.entities.filter((e) => e.end < marsh - 6 || e.start > newEdge).map((e) => [e.text, e.start]),
        fresh.entities.filter(outside).map((e) => [e.text, e.start > edge ? e.start + shift : e.start]),
      );
      if (report) {
        // Reported changes are precise: "Elena Marsh", between the edits, stays (moved).
        const moved = analysis.entities.find((e) => e.text === 'Elena Marsh');
        assert.equal(moved?.start, fresh.entities.find((e) => e.text === 'Elena Marsh').start + 'Deputy '.length);
      }
      // The fresh analysis of the new text follows, at once (its debounce already passed).
      assert.equal(h.calls.length, 2);
      assert.equal(h.calls[1], h.text);
      const second = h.next();
      h.gates.shift()();
      await second;
      assert.deepEqual(h.results[1].analysis, await h.real.analyze(h.text));
      t.mock.timers.tick(DEBOUNCE * 20);
      await flush();
      assert.equal(h.calls.length, 2);
      h.session.dispose();
      h.real.dispose();
    });
  }

  test('errors reach onError: a failing analysis, and an exception thrown by onResult', { timeout: 30_000 }, async () => {
    await load();
    const errors = [];
    let settle;
    const reported = () => new Promise((ok) => (settle = ok));
    const failing = { analyze: () => Promise.reject(new Error('boom')) };
    const s1 = sessionMod.createSession({ analyzer: failing, getText: () => 'x', onResult: () => assert.fail('no result'), onError: (e) => (errors.push(e.message), settle()) });
    let wait = reported();
    s1.refresh();
    await wait;
    const real = newsmark.createAnalyzer({ worker: false });
    const s2 = sessionMod.createSession({ analyzer: real, getText: () => DOC, onResult: () => { throw new Error('from onResult'); }, onError: (e) => (errors.push(e.message), settle()) });
    wait = reported();
    s2.refresh();
    await wait;
    assert.deepEqual(errors, ['boom', 'from onResult']);
    s1.dispose();
    s2.dispose();
    real.dispose();
  });

  test('dispose() drops the result in flight and stops the timer', async (t) => {
    const h = await harness({ gated: true });
    t.mock.timers.enable({ apis: ['setTimeout'] });
    h.session.refresh();
    h.edit(0, 0, 'x');
    h.session.dispose();
    h.gates.shift()();
    await flush();
    await flush();
    t.mock.timers.tick(DEBOUNCE * 10);
    await flush();
    assert.equal(h.results.length, 0);
    assert.equal(h.calls.length, 1);
    h.real.dispose();
  });
});

// ---------------------------------------------------------------- Chromium

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8', '.ts': 'text/plain', '.json': 'application/json', '.md': 'text/plain' };

/**
 * A tiny server for the CSP pages: /app/ is the fixture directory (plus generated texts),
 * /newsmark/ the installed package; every response carries `policy`, with a report-uri
 * so violations inside workers reach the test too.
 */
function cspServer(texts) {
  const state = { policy: CSP, reports: [] };
  const roots = { '/app/': FIXTURES, '/newsmark/': () => pkgDir };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/favicon.ico') return res.writeHead(204).end(); // no console error for it
    const headers = { 'content-security-policy': `${state.policy}; report-uri /csp-report`, 'cache-control': 'no-store' };
    if (path === '/csp-report') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        state.reports.push(body);
        state.onReport?.();
        res.writeHead(204).end();
      });
      return;
    }
    if (path.startsWith('/app/') && texts.has(path.slice(5))) {
      res.writeHead(200, { ...headers, 'content-type': TYPES['.txt'] }).end(texts.get(path.slice(5)));
      return;
    }
    const prefix = Object.keys(roots).find((p) => path.startsWith(p));
    if (!prefix) return res.writeHead(404).end();
    const root = typeof roots[prefix] === 'function' ? roots[prefix]() : roots[prefix];
    const file = normalize(join(root, path.slice(prefix.length)));
    if (!file.startsWith(root + sep) || !existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, state, url: `http://127.0.0.1:${server.address().port}` })));
}

describe('in Chromium under a strict CSP', () => {
  let browser;
  let srv;
  const texts = new Map();

  before(async () => {
    srv = await cspServer(texts);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
    srv?.server.close();
  });

  /** Opens csp.html?mode=…, resolves with its report, the console lines and the workers seen. */
  async function run(mode, query = '') {
    const context = await browser.newContext(); // a fresh profile each time
    const page = await context.newPage();
    const consoleLines = [];
    const workers = [];
    const closed = [];
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
    page.on('worker', (w) => {
      workers.push(w.url());
      closed.push(new Promise((ok) => w.on('close', ok)));
      w.on('console', (m) => consoleLines.push(`worker ${m.type()}: ${m.text()}`));
    });
    let reportedOk;
    const reported = new Promise((ok) => (reportedOk = ok));
    await page.exposeFunction('report', (findings) => reportedOk(findings)); // installed before the page runs
    await page.goto(`${srv.url}/app/csp.html?mode=${mode}${query}`);
    const findings = await reported;
    await Promise.all(closed); // every worker the page started is gone once it disposed it
    await context.close();
    return { findings, consoleLines, workers };
  }

  test('the worker-backed analyzer works with no violation: latest wins, aborts, dispose', { timeout: 60_000 }, async () => {
    await load();
    srv.state.policy = CSP;
    srv.state.reports = [];
    const isSentinel = (r) => JSON.parse(r)['csp-report']?.['blocked-uri'] === 'blob';
    const sentinel = new Promise((ok) => (srv.state.onReport = () => srv.state.reports.some(isSentinel) && ok()));
    const { findings: f, consoleLines, workers } = await run('main');
    assert.equal(f.error, undefined, f.error);
    assert.deepEqual(f.violations, []);
    // Only the page's closing sentinel (a blob worker, refused) may complain.
    assert.deepEqual(consoleLines.filter((l) => /error|warn|refused|violat/i.test(l) && !l.includes('blob:')), []);
    assert.equal(f.kind, 'worker');
    assert.deepEqual(workers, [`${srv.url}/newsmark/lib/worker.js`]);
    // The same result as the local analyzer in Node (the same wasm).
    const local = newsmark.createAnalyzer({ worker: false });
    const expected = await local.analyze(DOC);
    local.dispose();
    assert.deepEqual(f.first, expected);
    assert.deepEqual(f.afterAbort, expected);
    assert.deepEqual(f.local, expected);
    assert.equal(f.localKind, 'local');
    assertExact(f.first, DOC);
    // 20 rapid requests: one result (the last), 19 AbortErrors.
    assert.deepEqual(f.burst, [...Array(19).fill('AbortError'), 'ok']);
    assert.deepEqual(f.burstLast, expected);
    assert.deepEqual([f.preAborted.ok, f.preAborted.name], [false, 'AbortError']);
    assert.deepEqual([f.abortedInFlight.ok, f.abortedInFlight.name], [false, 'AbortError']);
    assert.deepEqual(f.entitiesOnly, { entities: expected.entities, claims: [], hedges: [] });
    assert.match(f.badLayer.message, /unknown layer `nope`/);
    assert.equal(f.afterDispose.ok, false);
    assert.match(f.afterDispose.message, /disposed/);
    await sentinel;
    srv.state.onReport = null;
    const reports = srv.state.reports.filter((r) => !isSentinel(r));
    assert.deepEqual(reports, [], 'no CSP report from the page or its worker');
    assert.equal(srv.state.reports.length, 1, 'the sentinel alone');
  });

  test('the worker sends a long result in pieces that add up to the local analysis, with or without text', { timeout: 120_000 }, async () => {
    await load();
    const doc = longDoc();
    const local = newsmark.createAnalyzer({ worker: false });
    const expected = await local.analyze(doc);
    local.dispose();
    assert.ok(Math.min(expected.entities.length, expected.claims.length, expected.hedges.length) > 1000, 'several pieces per layer');
    texts.set('long.txt', doc);
    srv.state.policy = CSP;
    const context = await browser.newContext();
    const page = await context.newPage();
    const messages = [];
    page.on('worker', (w) => w.on('console', (m) => messages.push(m.text())));
    page.on('pageerror', (e) => messages.push(e.message));
    await page.goto(`${srv.url}/app/long.txt`);
    const got = await page.evaluate(async () => {
      const { createAnalyzer } = await import('/newsmark/lib/index.js');
      const text = await (await fetch('/app/long.txt')).text();
      const a = createAnalyzer();
      const full = await a.analyze(text);
      const bare = await a.analyze(text, { withText: false });
      a.dispose();
      return { kind: a.kind, full, bare };
    });
    await context.close();
    assert.equal(got.kind, 'worker');
    assert.deepEqual(messages, []);
    assert.deepEqual(got.full, expected);
    assert.deepEqual(got.bare, withoutText(expected));
  });

  test('control: a blob worker is refused by the policy, and ready says why', { timeout: 60_000 }, async () => {
    srv.state.policy = CSP;
    const { findings: f } = await run('blob');
    assert.ok(f.violations.some((v) => v.includes('blob')), f.violations.join('; '));
    assert.equal(f.ready.ok, false);
    assert.match(f.ready.message, /newsmark: (cannot start the analysis worker|the analysis worker failed)/);
    assert.equal(f.analyze.ok, false);
  });

  test("control: without 'wasm-unsafe-eval' the worker cannot compile; ready rejects and a report arrives", { timeout: 60_000 }, async () => {
    srv.state.policy = "default-src 'self'; script-src 'self'";
    srv.state.reports = [];
    const reportArrived = new Promise((ok) => (srv.state.onReport = ok));
    const { findings: f } = await run('nowasm');
    assert.equal(f.ready.ok, false);
    assert.match(f.ready.message, /newsmark: cannot load the wasm binary/);
    // A violation inside the worker reaches neither the page's listener nor (in this
    // Chromium) the console Playwright sees; the report endpoint is the channel that does.
    await reportArrived;
    assert.ok(srv.state.reports.some((r) => /wasm-eval|wasm-unsafe-eval|script-src/.test(r)), srv.state.reports.join('\n'));
    srv.state.onReport = null;
    srv.state.policy = CSP;
  });

  test('benchmark: analyse 1,000-, 10,000- and 100,000-word documents through the worker', { skip: !process.env.NEWSMARK_BENCH }, async () => {
    const runs = Number(process.env.NEWSMARK_BENCH_RUNS ?? 7);
    const { text: source, what } = benchSource();
    const sizes = [1_000, 10_000, 100_000];
    for (const n of sizes) texts.set(`bench-${n}.txt`, words(source, n));
    srv.state.policy = CSP;
    const { findings: f } = await run('bench', `&sizes=${sizes.join(',')}&runs=${runs}`);
    assert.deepEqual(f.violations, []);
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const line = (xs) => `median ${median(xs).toFixed(1)} ms, min ${Math.min(...xs).toFixed(1)}`;
    console.log(`# analyze() in Chromium, ${what}; ${runs} alternating runs after one warm-up each`);
    console.log('# worker: end to end through the worker (postMessage both ways included); local: the same wasm on the page thread');
    for (const r of f.out) {
      const ratio = median(r.ms.worker) / median(r.ms.local);
      console.log(`# ${Number(r.size).toLocaleString('en')} words (${r.chars.toLocaleString('en')} chars): worker ${line(r.ms.worker)}; local ${line(r.ms.local)}; worker/local x${ratio.toFixed(2)}; longest main-thread task during worker runs ${r.longestTaskInWorkerRuns.toFixed(0)} ms`);
    }
    // CPU time, which a loaded machine inflates far less than wall time: the same texts
    // through the local analyzer in Node (process CPU, so GC and compiler threads count too).
    await load();
    const a = newsmark.createAnalyzer({ worker: false });
    // Warm on the longest text first: the engine's optimizing tier compiles the hot
    // functions in background threads, which process CPU would otherwise bill to the first size.
    for (let i = 0; i < 3; i++) await a.analyze(texts.get(`bench-${sizes.at(-1)}.txt`));
    for (const n of sizes) {
      const doc = texts.get(`bench-${n}.txt`);
      await a.analyze(doc);
      const cpu = [];
      for (let i = 0; i < runs; i++) {
        const c0 = process.cpuUsage();
        await a.analyze(doc);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      console.log(`# Node ${process.version}, local analyzer, ${Number(n).toLocaleString('en')} words: CPU ${line(cpu)}`);
    }
    a.dispose();
  });
});

/** Real news when ../shared/data is there (read, never copied), else the fixture. */
function benchSource() {
  const file = join(process.env.NEWSMARK_DATA ?? join(ROOT, '../shared/data'), 'claims/polnear-dev.jsonl');
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l).text)
      .join('\n\n');
    return { text, what: 'PolNeAR dev articles, joined and repeated to length' };
  }
  return { text: DOC, what: 'the package fixture repeated to length (../shared/data not found)' };
}

/** The first `n` words of `source` repeated, whitespace kept. */
function words(source, n) {
  let out = '';
  let count = 0;
  while (count < n) {
    for (const m of source.matchAll(/\S+\s*/g)) {
      out += m[0];
      if (++count === n) break;
    }
    out += '\n\n';
  }
  return out;
}
