// The module worker behind the worker-backed analyzer (index.js). It owns one wasm
// Analyzer and answers one request at a time; index.js decides which requests reach it.
//
// Messages in:  { type: 'init', wasm }            wasm: URL string | ArrayBuffer | Uint8Array | Module
//               { type: 'analyze', id, text, layers }
// Messages out: { type: 'ready' } | { type: 'failed', message }
//               { type: 'result', id, analysis } | { type: 'result', id, error }

import { loadWasm } from './loader.js';

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
    try {
      const analysis = analyzer.analyze(data.text, data.layers ? { layers: data.layers } : undefined);
      postMessage({ type: 'result', id: data.id, analysis });
    } catch (e) {
      postMessage({ type: 'result', id: data.id, error: String(e?.message ?? e) });
    }
  }
};
