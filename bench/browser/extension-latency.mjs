// How long the browser extension takes from the click to the highlights on the long-read
// fixture (tests/e2e/fixtures/extension/long-read.html, 20,000+ words), warm and after
// the background service worker was stopped (cold start: the worker restarts, loads the
// wasm from the extension's files, and analyses).
//
// The click is the panel's "Mark this article" button, which runs the same toggle(tabId)
// as the toolbar click (see tests/e2e/fixtures/extension/harness.mjs). The time is from
// the button press (Date.now() in the panel) to the content script having drawn the
// highlights (Date.now() in the page, reported with the result): extraction with
// Readability, the message to the worker, the analysis, the message back, the ranges.
//
//   node bench/browser/extension-latency.mjs [RUNS=9]

import { execFileSync } from 'node:child_process';
import { launch, median, openFixture, stopServiceWorkers, toggle } from '../../tests/e2e/fixtures/extension/harness.mjs';

const runs = Number(process.argv[2] ?? 9);
const env = await launch();
try {
  const { panel, tabId } = await openFixture(env, 'long-read.html');
  const warm = [];
  const cold = [];
  let words = 0;
  // The first toggle starts the wasm in a fresh worker; it is a cold start too.
  for (let i = 0; i < runs; i++) {
    await stopServiceWorkers(env, panel);
    const on = await toggle(panel, tabId);
    if (on.record.status !== 'done') throw new Error(`status ${on.record.status}`);
    cold.push(on.ms);
    await toggle(panel, tabId);
    const again = await toggle(panel, tabId);
    warm.push(again.ms);
    words = again.record.summary.words;
    await toggle(panel, tabId);
  }
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const fmt = (xs) => `median ${median(xs)} ms (min ${Math.min(...xs)}, max ${Math.max(...xs)})`;
  console.log(`extension click to highlights, long-read.html (${words} words read), ${runs} runs, ${new Date().toISOString().slice(0, 10)}, commit ${commit}`);
  console.log(`  warm worker: ${fmt(warm)}`);
  console.log(`  cold start (worker stopped first): ${fmt(cold)}`);
  console.log(JSON.stringify({ words, runs, warm, cold, warmMedian: median(warm), coldMedian: median(cold) }));
} finally {
  await env.close();
}
