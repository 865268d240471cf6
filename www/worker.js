// The analyser runs here, off the main thread: a long article can take longer than a
// frame to analyse (and the first call parses the models), and typing must not wait
// for it. One request at a time; the page sends the latest text when this one is done.

import init, { analyze } from './pkg/newsmark.js';

const ready = init().then(() => analyze('Models load on first use, an editor said.'));

onmessage = async ({ data: text }) => {
  try {
    await ready;
    const t0 = performance.now();
    const analysis = analyze(text);
    postMessage({ text, analysis, ms: performance.now() - t0 });
  } catch (e) {
    postMessage({ text, error: String(e?.message ?? e) });
  }
};
