// The analyser runs here, off the main thread: a long article can take longer than a
// frame to analyse (and the first call parses the models), and typing must not wait
// for it. One request at a time; the page sends the latest text when this one is done.

import init, { analyze } from './pkg/newsmark.js';

// The wasm is built with 128-bit SIMD (.cargo/config.toml). A browser without it would
// fail to compile the module with a message about opcodes; say what is missing instead.
// The bytes: a module whose one function returns i8x16.splat(i32.const 0).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11,
]);
const ready = WebAssembly.validate(SIMD_PROBE)
  ? init().then(() => analyze('Models load on first use, an editor said.'))
  : Promise.reject(
      new Error('this browser lacks WebAssembly SIMD (Chrome or Edge 91, Firefox 89, Safari 16.4 or later)'),
    );

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
