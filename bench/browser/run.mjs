// Runs bench/browser/index.html in headless Chromium and prints its table.
//
//   node bench/browser/run.mjs [REPS=7] [PKG=www/pkg] [BASELINE_PKG]
//
// With BASELINE_PKG (another wasm-bindgen build, relative to the repository root), the
// two builds run in alternating pages, three rounds each, and the table shows both.
//
// Text: PolNeAR dev articles (real US political news) joined until they reach 10,000
// words, read from ../shared/data when it is there (never copied into the repository);
// otherwise the bundled test article repeated to the same length, which repeats its
// words far more than real copy and so flatters the per-word-type caches.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../tests/e2e/lib/chromium.mjs';
import { serve } from '../../scripts/serve.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const reps = Number(process.argv[2] ?? 7);
const pkgs = [process.argv[3] ?? 'www/pkg', process.argv[4]].filter(Boolean);
const words = (s) => s.split(/\s+/).filter(Boolean).length;

function benchText() {
  const data = process.env.NEWSMARK_DATA ?? here('../../../shared/data');
  const file = join(data, 'claims/polnear-dev.jsonl');
  let text = '';
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim() || words(text) >= 10_000) continue;
      text += JSON.parse(line).text + '\n\n';
    }
    return { text, what: 'PolNeAR dev articles joined to 10,000 words' };
  }
  const article = readFileSync(here('../../tests/e2e/article.txt'), 'utf8');
  while (words(text) < 10_000) text += article + '\n\n';
  return { text, what: 'the bundled test article repeated to 10,000 words (../shared/data not found)' };
}

const { server, url } = await serve(here('../..'), 0);
const userDir = mkdtempSync(join(tmpdir(), 'newsmark-bench-'));
const context = await launchChromium(userDir);
try {
  const { text, what } = benchText();
  const version = context.browser()?.version() ?? 'chromium';
  console.log(`${what}: ${words(text)} words, ${Buffer.byteLength(text)} bytes; ${reps} interleaved runs; ${version}`);
  console.log(`${'case'.padEnd(58)} ${'median ms'.padStart(10)} ${'min ms'.padStart(8)} ${'MB/s'.padStart(7)} ${'× base'.padStart(8)}`);
  const rounds = pkgs.length > 1 ? 3 : 1;
  for (let round = 0; round < rounds; round++) {
    for (const pkg of pkgs) {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(new URL(`bench/browser/index.html?pkg=${encodeURIComponent(pkg)}`, url).href);
      await page.waitForFunction(() => typeof window.newsmarkBench === 'function');
      const rows = await page.evaluate(([t, r]) => window.newsmarkBench(t, r), [text, reps]);
      if (errors.length) throw new Error(`page errors (${pkg}): ${errors.join('; ')}`);
      for (const r of rows) {
        const name = pkgs.length > 1 ? `[${pkg}] ${r.name}` : r.name;
        console.log(`${name.padEnd(58)} ${r.median_ms.toFixed(1).padStart(10)} ${r.min_ms.toFixed(1).padStart(8)} ${r.mb_per_s.toFixed(2).padStart(7)} ${r.ratio.toFixed(1).padStart(8)}`);
      }
      await page.close();
    }
  }
} finally {
  await context.close();
  server.close();
  rmSync(userDir, { recursive: true, force: true });
}
