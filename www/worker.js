// The analyser runs here, off the main thread: a long article can take longer than a
// frame to analyse (and the first call parses the models), and typing must not wait
// for it. One request at a time; the page sends the latest text when this one is done.
//
// The answer goes back in pieces of at most PIECE items per layer, and without the `text`
// of its spans (the page has the text and slices it): the page decodes each message on its
// main thread, and one message holding 100,000 claims, or claims whose content runs for
// pages, would take longer to decode than a frame. Messages: {id, piece: {entities, claims, hedges}} zero or more
// times, then {id, done: true, ms}; or {id, error, permanent}. After an error the page
// drops this worker and starts a fresh one (a wasm trap leaves the instance unusable),
// except when the error is `permanent` (this browser cannot run the analyser at all).

import init, { Analyzer } from './pkg/newsmark.js';

const PIECE = 500;

// The wasm is built with 128-bit SIMD (.cargo/config.toml). A browser without it would
// fail to compile the module with a message about opcodes; say what is missing instead.
// The bytes: a module whose one function returns i8x16.splat(i32.const 0).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11,
]);
const simd = WebAssembly.validate(SIMD_PROBE);
let analyzer = null; // one per worker: it keeps its working memory between texts
const ready = simd
  ? init().then(() => {
      analyzer = new Analyzer();
      analyzer.analyze('Models load on first use, an editor said.');
    })
  : Promise.reject(
      new Error('this browser lacks WebAssembly SIMD (Chrome or Edge 91, Firefox 89, Safari 16.4 or later)'),
    );
// Reported with the first request; marked handled here so it is not also an uncaught error.
ready.catch(() => {});

onmessage = async ({ data: { id, text } }) => {
  try {
    await ready;
    const t0 = performance.now();
    const a = analyzer.analyze(text);
    const ms = performance.now() - t0;
    const most = Math.max(a.entities.length, a.claims.length, a.hedges.length);
    for (let i = 0; i < most; i += PIECE) {
      const piece = {
        entities: a.entities.slice(i, i + PIECE),
        claims: a.claims.slice(i, i + PIECE),
        hedges: a.hedges.slice(i, i + PIECE),
      };
      for (const e of piece.entities) delete e.text;
      for (const c of piece.claims) {
        for (const span of [c.cue, c.source, c.source_resolved, ...c.content]) if (span) delete span.text;
      }
      for (const h of piece.hedges) delete h.cue.text;
      postMessage({ id, piece });
    }
    postMessage({ id, done: true, ms });
  } catch (e) {
    postMessage({ id, error: String(e?.message ?? e), permanent: !simd });
  }
};
