// The browser benchmark: times the wasm build of `analyze` on one text, in this page's
// main thread (the product runs it in a Web Worker; the cost is the same work).
//
// Why a baseline: these machines are shared and noisy, so absolute milliseconds move from
// run to run; a JavaScript word split of the same text, timed in the same page between
// the same repetitions, moves with them, and the ratio is what to compare across runs.
//
// `window.newsmarkBench(text, reps)` is what bench/browser/run.mjs calls (with real news
// when ../shared/data is present); the Run button uses the bundled article.
//
// `?pkg=DIR` loads another wasm-bindgen build, DIR relative to the repository root
// (default `www/pkg`): build the old code into `target/…` to compare before and after.

const dir = new URLSearchParams(location.search).get('pkg') ?? 'www/pkg';
if (!/^[\w./-]+$/.test(dir) || dir.split('/').includes('..')) throw new Error(`bad pkg directory: ${dir}`);
const { default: init, analyze } = await import(new URL(`../../${dir}/newsmark.js`, import.meta.url).href);

const ready = init().then(() => analyze('Models load on first use, an editor said.'));

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn) {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Runs every case `reps` times, interleaved, and returns one row per case. */
export async function bench(text, reps = 7) {
  await ready;
  const baseline = () => text.match(/\p{L}+|\p{N}+/gu)?.length ?? 0;
  const cases = [
    ['baseline: JS word split', baseline],
    // A layer runs with what it needs: claims use entities, hedges use claims.
    ['analyze, layers: [entities]', () => analyze(text, { layers: ['entities'] })],
    ['analyze, layers: [claims] (+ entities)', () => analyze(text, { layers: ['claims'] })],
    ['analyze (all layers)', () => analyze(text)],
  ];
  for (const [, fn] of cases) fn(); // warm up: JIT, wasm tiers, first-use model parsing
  const times = cases.map(() => []);
  for (let r = 0; r < reps; r++) cases.forEach(([, fn], k) => times[k].push(time(fn)));
  const bytes = new TextEncoder().encode(text).length;
  const base = median(times[0]);
  return cases.map(([name], k) => {
    const med = median(times[k]);
    return { name, median_ms: med, min_ms: Math.min(...times[k]), mb_per_s: bytes / 1e3 / med, ratio: med / base };
  });
}

function show(rows) {
  const body = document.querySelector('#out tbody');
  body.replaceChildren();
  for (const r of rows) {
    const tr = document.createElement('tr');
    for (const v of [r.name, r.median_ms.toFixed(1), r.min_ms.toFixed(1), r.mb_per_s.toFixed(2), r.ratio.toFixed(1)]) {
      const td = document.createElement('td');
      td.textContent = v;
      tr.append(td);
    }
    body.append(tr);
  }
}

async function bundledText() {
  const article = await (await fetch('../../tests/e2e/article.txt')).text();
  let text = '';
  while (text.split(/\s+/).length < 10_000) text += article + '\n\n';
  return text;
}

window.newsmarkBench = async (text, reps) => {
  const rows = await bench(text, reps);
  show(rows);
  return rows;
};

document.querySelector('#run').addEventListener('click', async () => show(await bench(await bundledText())));
