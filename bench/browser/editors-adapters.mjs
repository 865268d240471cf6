// Latency from the last keystroke to updated highlights, textarea and contenteditable
// adapters, for 1,000-, 10,000- and 100,000-word documents, in headless Chromium.
//
//   node bench/browser/editors-adapters.mjs [REPS=7]
//
// Per run: the adapter is attached (worker analyzer, default 150 ms debounce), its first
// result drawn; the caret goes to the middle of the document and a word is typed; the
// latency is from the last input event to the draw (onDraw) of the first result whose
// text contains the typed word: debounce + whole-document analysis in the worker +
// structured clone + mapping + drawing. Also reported: the longest main-thread task seen
// while typing and waiting (PerformanceObserver 'longtask', 0 when none over 50 ms).
//
// Text: PolNeAR dev articles (real US political news) joined and repeated to each size,
// read from ../shared/data when it is there (never copied into the repository); otherwise
// the bundled test article repeated.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../tests/e2e/lib/chromium.mjs';
import { serve } from '../../scripts/serve.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const reps = Number(process.argv[2] ?? 7);
const words = (s) => s.split(/\s+/).filter(Boolean).length;

function source() {
  const data = process.env.NEWSMARK_DATA ?? here('../../../shared/data');
  const file = join(data, 'claims/polnear-dev.jsonl');
  if (existsSync(file)) {
    const texts = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).text);
    return { texts, what: 'PolNeAR dev articles' };
  }
  return { texts: [readFileSync(here('../../tests/e2e/article.txt'), 'utf8')], what: 'the bundled test article (../shared/data not found)' };
}

/** Whole articles joined with blank lines, cycling through them, cut after `n` words. */
function document(texts, n) {
  const parts = [];
  let count = 0;
  for (let i = 0; count < n; i++) {
    const t = texts[i % texts.length].trim();
    parts.push(t);
    count += words(t);
  }
  const joined = parts.join('\n\n');
  const cut = [...joined.matchAll(/\S+/g)][n - 1];
  return joined.slice(0, cut.index + cut[0].length);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const { server, url } = await serve(here('../..'), 0);
const userDir = mkdtempSync(join(tmpdir(), 'newsmark-bench-adapters-'));
const context = await launchChromium(userDir, {
  viewport: { width: 1200, height: 900 },
});

async function run(kind, text) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && !m.location().url.endsWith('/favicon.ico') && errors.push(m.text()));
  await page.goto(new URL('tests/e2e/fixtures/adapters/index.html', url).href);
  await page.waitForFunction(() => document.documentElement.dataset.ready);
  await page.evaluate(async ([kind, text]) => {
    let el;
    if (kind === 'textarea') {
      el = document.createElement('textarea');
      el.style.cssText = 'width: 900px; height: 700px';
      el.value = text;
    } else {
      el = document.createElement('div');
      el.contentEditable = 'true';
      el.style.cssText = 'width: 900px; height: 700px; overflow: auto';
      for (const para of text.split('\n\n')) {
        const p = document.createElement('p');
        p.textContent = para;
        el.append(p);
      }
    }
    document.getElementById('stage').append(el);
    window.bench = { lastInput: 0, drawnAt: 0, want: null, result: null, longest: 0 };
    el.addEventListener('input', () => (bench.lastInput = performance.now()));
    await new Promise((resolve) => {
      let pending = false;
      const attach = kind === 'textarea' ? newsmark.attachTextarea : newsmark.attachContentEditable;
      attach(el, {
        analyzer: newsmark.real,
        onResult(a, t) {
          if (!bench.want || t.includes(bench.want)) pending = true;
        },
        onDraw() {
          if (!pending) return;
          pending = false;
          bench.drawnAt = performance.now();
          resolve();
        },
      });
    });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) bench.longest = Math.max(bench.longest, e.duration);
    }).observe({ type: 'longtask' });
    el.focus();
    if (kind === 'textarea') el.setSelectionRange(el.value.length >> 1, el.value.length >> 1);
    else {
      const p = el.children[el.children.length >> 1].firstChild;
      getSelection().collapse(p, p.data.length >> 1);
    }
    bench.drawnAt = 0;
  }, [kind, text]);
  const word = ' Brussels';
  await page.evaluate((w) => (bench.want = w), word);
  await page.keyboard.type(word);
  await page.waitForFunction(() => bench.drawnAt > 0, null, { timeout: 120_000 });
  const out = await page.evaluate(() => ({ latency: bench.drawnAt - bench.lastInput, longest: bench.longest }));
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  await page.close();
  return out;
}

try {
  const { texts, what } = source();
  console.log(`${what}; ${reps} runs per cell; ${context.browser()?.version() ?? 'chromium'}; debounce 150 ms (included)`);
  console.log(`${'adapter'.padEnd(16)} ${'words'.padStart(8)} ${'median ms'.padStart(10)} ${'min ms'.padStart(8)} ${'max ms'.padStart(8)} ${'longest task ms'.padStart(16)}`);
  for (const size of [1_000, 10_000, 100_000]) {
    const text = document(texts, size);
    for (const kind of ['textarea', 'contenteditable']) {
      const lat = [];
      let longest = 0;
      for (let i = 0; i < reps; i++) {
        const r = await run(kind, text);
        lat.push(r.latency);
        longest = Math.max(longest, r.longest);
      }
      console.log(`${kind.padEnd(16)} ${String(words(text)).padStart(8)} ${median(lat).toFixed(0).padStart(10)} ${Math.min(...lat).toFixed(0).padStart(8)} ${Math.max(...lat).toFixed(0).padStart(8)} ${longest.toFixed(0).padStart(16)}`);
    }
  }
} finally {
  await context.close();
  server.close();
  rmSync(userDir, { recursive: true, force: true });
}
