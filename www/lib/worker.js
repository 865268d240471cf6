// The module worker behind the worker-backed analyzer (index.js). It owns one wasm
// Analyzer and answers one request at a time; index.js decides which requests reach it.
//
// A result goes back in pieces of at most PIECE items per layer: the page decodes each
// message on its main thread, and one message holding 100,000 claims (a megabyte of news)
// would take longer to decode than a frame. With `withText: false` the spans also lose
// their `text` (the caller has the text and slices it), which keeps long quotes from
// being copied twice.
//
// Messages in:  { type: 'init', wasm }            wasm: URL string | ArrayBuffer | Uint8Array | Module
//               { type: 'analyze', id, text, layers, withText }
// Messages out: { type: 'ready' } | { type: 'failed', message }
//               { type: 'piece', id, entities, claims, hedges } zero or more times, then
//               { type: 'result', id } | { type: 'result', id, error }

import { dropText, loadWasm } from './loader.js';

const PIECE = 500;

let analyzer = null;

onmessage = async ({ data }) => {
  if (data.type === 'init') {
    try {
      const Analyzer = await loadWasm(data.wasm);
      analyzer = new Analyzer();
      postMessage({ type: 'ready' });
    } catch (e) {
      postMessage({ type: 'failed', message: String(e?.message ?? e) });
    }
  } else if (data.type === 'analyze') {
    let a;
    try {
      a = analyzer.analyze(data.text, data.layers ? { layers: data.layers } : undefined);
    } catch (e) {
      postMessage({ type: 'result', id: data.id, error: String(e?.message ?? e) });
      return;
    }
    if (data.withText === false) dropText(a);
    const most = Math.max(a.entities.length, a.claims.length, a.hedges.length);
    for (let i = 0; i < most; i += PIECE) {
      postMessage({
        type: 'piece',
        id: data.id,
        entities: a.entities.slice(i, i + PIECE),
        claims: a.claims.slice(i, i + PIECE),
        hedges: a.hedges.slice(i, i + PIECE),
      });
    }
    postMessage({ type: 'result', id: data.id });
  }
};
