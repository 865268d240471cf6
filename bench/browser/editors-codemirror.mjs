// Latency of the CodeMirror extension in headless Chromium: from the last keystroke of a
// burst of typing to the marks of the new analysis being in the editor (the state updated
// and the view redrawn, which CodeMirror does inside the dispatch), for documents of
// 1,000, 10,000 and 100,000 words; median of REPS bursts each. Also the demo page's
// download (every file it requests, raw and gzipped).
//
//   ./scripts/build-demos && node bench/browser/editors-codemirror.mjs [REPS=9]
//
// The latency includes the extension's debounce (150 ms, the default): the columns split
// it (medians each) into the debounce (last keystroke to request), the analysis round trip
// (request to answer: the worker analyses the whole document) and the landing on the main
// thread (answer to marks in the view: building the decorations, mapping, dispatch).
//
// Text: PolNeAR dev articles (real US political news) from ../shared/data when it is
// there (read, never copied into the repository), repeated to reach 100,000 words;
// otherwise the bundled test article repeated.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { launchChromium } from '../../tests/e2e/lib/chromium.mjs';
import { serve } from '../../scripts/serve.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const reps = Number(process.argv[2] ?? 9);
const words = (s) => s.split(/\s+/).filter(Boolean).length;
const DEBOUNCE = 150;
if (!existsSync(here('../../www/demos/vendor/codemirror.js'))) {
  console.error('www/demos/vendor/codemirror.js is missing: run ./scripts/build-demos first');
  process.exit(1);
}

function source() {
  const file = join(process.env.NEWSMARK_DATA ?? here('../../../shared/data'), 'claims/polnear-dev.jsonl');
  if (existsSync(file)) {
    const parts = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).text);
    return { parts, what: 'PolNeAR dev articles' };
  }
  return { parts: [readFileSync(here('../../tests/e2e/article.txt'), 'utf8')], what: 'the bundled test article (../shared/data not found)' };
}

/** The articles' paragraphs, in order (repeating them if needed), until `n` words. */
function textOf(parts, n) {
  const paragraphs = parts.flatMap((p) => p.split(/\n\s*\n|\n/).map((x) => x.trim()).filter(Boolean));
  let text = '';
  let count = 0;
  for (let i = 0; count < n; i++) {
    const p = paragraphs[i % paragraphs.length];
    text += `${p}\n\n`;
    count += words(p);
  }
  return text;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const { server, url: base } = await serve(here('../../www'), 0);
const userDir = mkdtempSync(join(tmpdir(), 'newsmark-cm-bench-'));
const context = await launchChromium(userDir, {
  viewport: { width: 1200, height: 900 },
});
await context.route(`${base}demos/bench-blank.html`, (route) =>
  route.fulfill({ contentType: 'text/html; charset=utf-8', body: '<!doctype html><meta charset="utf-8"><div id="host"></div>' }),
);

try {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const { parts, what } = source();
  console.log(`newsmark CodeMirror latency, ${new Date().toISOString().slice(0, 10)}, commit ${commit}, `
    + `load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores; text: ${what}; ${reps} bursts per size`);
  console.log('words      marks   keystroke->marks   debounce   request->answer   landing   first analysis');

  for (const n of [1_000, 10_000, 100_000]) {
    const text = textOf(parts, n);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${base}demos/bench-blank.html`);
    const first = await page.evaluate(async ({ text, DEBOUNCE }) => {
      const m = await import(new URL('vendor/codemirror.js', location.href).href);
      window.landed = [];
      window.waiters = [];
      const inner = m.demoAnalyzer();
      await inner.ready;
      // Stamps each request and its answer, to split the latency.
      window.calls = [];
      const analyzer = {
        analyze(text, options) {
          const call = { requestAt: performance.now() };
          calls.push(call);
          return inner.analyze(text, options).then((a) => {
            call.answerAt = performance.now();
            return a;
          });
        },
        dispose: () => inner.dispose(),
      };
      const t0 = performance.now();
      window.view = new m.EditorView({
        parent: document.getElementById('host'),
        state: m.EditorState.create({
          doc: text,
          extensions: [
            m.EditorView.lineWrapping,
            m.newsmark({
              analyzer,
              debounceMs: DEBOUNCE,
              onAnalysis: ({ version, ms }) => {
                landed.push({ version, at: performance.now(), ms });
                for (const w of waiters.splice(0)) w();
              },
            }),
          ],
        }),
      });
      window.next = (v) =>
        new Promise((resolve) => {
          const check = () => (landed.some((l) => l.version >= v) ? resolve() : waiters.push(check));
          check();
        });
      await next(1);
      window.lastKey = 0;
      // The time of the last keystroke, as the browser stamped the event.
      view.contentDOM.addEventListener('keydown', (e) => (lastKey = e.timeStamp), true);
      return { ms: performance.now() - t0, marks: m.newsmarkSpans(view.state).length };
    }, { text, DEBOUNCE });

    const rows = [];
    let version = 1;
    for (let r = 0; r < reps; r++) {
      // A burst at the start of a different line each time, spread over the document.
      await page.evaluate((r) => {
        const doc = view.state.doc;
        const line = doc.line(Math.max(1, Math.floor(((r + 1) / (12 + 1)) * doc.lines)));
        view.dispatch({ selection: { anchor: line.from } });
        view.focus();
      }, r);
      await page.keyboard.type('Yes ', { delay: 30 });
      version += 1;
      rows.push(
        await page.evaluate(async (v) => {
          await next(v);
          const l = landed.find((x) => x.version === v);
          const c = calls.at(-1);
          return { total: l.at - lastKey, debounce: c.requestAt - lastKey, trip: c.answerAt - c.requestAt, land: l.at - c.answerAt };
        }, version),
      );
    }
    const med = (k) => median(rows.map((x) => x[k]));
    const f = (x) => `${Math.round(x)} ms`.padStart(8);
    console.log(
      `${String(words(text)).padEnd(10)} ${String(first.marks).padStart(6)}   ${f(med('total'))}           ${f(med('debounce'))}   `
        + `${f(med('trip'))}          ${f(med('land'))}   ${f(first.ms)}`,
    );
    await page.close();
  }

  // The demo page's download: every file it requests until its first analysis lands.
  const page = await context.newPage();
  const files = new Set();
  page.on('requestfinished', (r) => files.add(new URL(r.url()).pathname));
  await page.goto(`${base}demos/codemirror.html`);
  await page.waitForSelector('#editor[data-version="1"]');
  await page.close();
  let raw = 0;
  let gz = 0;
  console.log('\ndemo download (www/demos/codemirror.html)            bytes    gzipped');
  for (const f of [...files].sort()) {
    const body = readFileSync(here(`../../www${f}`));
    const z = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gz += z;
    console.log(`${f.padEnd(48)} ${String(body.length).padStart(9)} ${String(z).padStart(10)}`);
  }
  console.log(`${'total'.padEnd(48)} ${String(raw).padStart(9)} ${String(gz).padStart(10)}`);
} finally {
  await context.close();
  server.close();
  rmSync(userDir, { recursive: true, force: true });
}
