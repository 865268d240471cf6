// newsmark: entities, attributed claims and hedges in English news, from JavaScript.
//
// createAnalyzer() returns an analyzer at once; its `ready` settles when the wasm is
// loaded. Two kinds behind one interface (after Harper's LocalLinter / WorkerLinter):
// - worker-backed (the default where `Worker` exists): the wasm runs in a module worker,
//   so a long document never blocks the page;
// - local (`worker: false`; the default in Node and in service workers, which cannot
//   start workers): the wasm runs in this thread.
// Both run one request at a time and the latest wins: a request that has not started
// when a newer one arrives rejects with an AbortError, so an editor that asks on every
// keystroke only ever waits for the text it has now. Requests made in the same task are
// coalesced the same way (only the last one runs).
//
// Offsets in every result are UTF-16 code units, the units of JavaScript strings.

import { defaultWasmURL, dropText, isNode, loadWasm } from './loader.js';

export { diffText, mapAnalysis } from './edits.js';
export { createSession } from './session.js';

const abortError = (why) => new DOMException(`newsmark: ${why}`, 'AbortError');

/** @param {import('./index.js').CreateAnalyzerOptions} [options] */
export function createAnalyzer(options = {}) {
  const { wasm, worker = canStartWorkers() } = options;
  if (worker === false) return localAnalyzer(wasm);
  if (typeof Worker !== 'function') {
    throw new Error('newsmark: Web Workers are not available here; pass { worker: false } for the local analyzer');
  }
  return workerAnalyzer(wasm, worker === true ? null : worker);
}

// Node 20 has no global Worker; a service worker has none either.
function canStartWorkers() {
  return typeof Worker === 'function' && !isNode;
}

/**
 * One request at a time, latest wins. `run(text, layers, withText)` does the work; `ready` gates
 * the first request. Requests are taken on a microtask after `ready`, so a burst in one
 * task leaves only its last request.
 */
function queue(ready, run) {
  let pending = null; // the newest request not yet started
  let current = null; // the request running now
  let scheduled = false;
  let disposed = false;

  const settle = (req, ok, value) => {
    if (req.done) return;
    req.done = true;
    req.signal?.removeEventListener('abort', req.onAbort);
    (ok ? req.resolve : req.reject)(value);
  };

  const schedule = () => {
    if (scheduled || current || !pending) return;
    scheduled = true;
    ready.then(
      () => {
        scheduled = false;
        pump();
      },
      (e) => {
        scheduled = false;
        if (pending) settle(pending, false, e);
        pending = null;
      },
    );
  };

  const pump = () => {
    if (disposed || current || !pending) return;
    const req = (current = pending);
    pending = null;
    let work;
    try {
      work = Promise.resolve(run(req.text, req.layers, req.withText));
    } catch (e) {
      work = Promise.reject(e);
    }
    work
      .then(
        (analysis) => settle(req, true, analysis),
        (e) => settle(req, false, e),
      )
      .finally(() => {
        current = null;
        schedule();
      });
  };

  return {
    submit(text, { layers, signal, withText = true } = {}) {
      if (disposed) return Promise.reject(new Error('newsmark: this analyzer has been disposed'));
      if (typeof text !== 'string') return Promise.reject(new TypeError('newsmark: analyze(text) needs a string'));
      if (signal?.aborted) return Promise.reject(abortError('the request was aborted'));
      return new Promise((resolve, reject) => {
        const req = { text, layers, signal, withText, resolve, reject, done: false };
        req.onAbort = () => {
          if (pending === req) pending = null;
          // A running request cannot be interrupted; its result is dropped.
          settle(req, false, abortError('the request was aborted'));
        };
        signal?.addEventListener('abort', req.onAbort, { once: true });
        if (pending) settle(pending, false, abortError('superseded by a newer request'));
        pending = req;
        schedule();
      });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const req of [pending, current]) if (req) settle(req, false, abortError('the analyzer was disposed'));
      pending = current = null;
    },
  };
}

function localAnalyzer(wasm) {
  let analyzer = null;
  let disposed = false;
  const ready = loadWasm(wasm).then((Analyzer) => {
    if (disposed) throw new Error('newsmark: this analyzer has been disposed');
    analyzer = new Analyzer();
  });
  ready.catch(() => {}); // callers see the error through `ready` or analyze()
  const q = queue(ready, (text, layers, withText) => {
    const analysis = analyzer.analyze(text, layers ? { layers } : undefined);
    return withText ? analysis : dropText(analysis);
  });
  return {
    kind: 'local',
    ready,
    analyze: (text, options) => q.submit(text, options),
    dispose() {
      if (disposed) return;
      disposed = true;
      q.dispose();
      analyzer?.free();
      analyzer = null;
    },
  };
}

function workerAnalyzer(wasm, workerURL) {
  let worker;
  let disposed = false;
  let nextId = 1;
  const waiting = new Map(); // request id -> { resolve, reject, analysis (the pieces so far) }
  let startFailed;
  let readyOk;
  let readyFail;
  const ready = new Promise((ok, fail) => {
    readyOk = ok;
    readyFail = fail;
  });
  ready.catch(() => {});
  const fail = (e) => {
    startFailed ??= e;
    readyFail(e);
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };

  try {
    // Written as a literal so bundlers find the worker and emit it as its own file.
    worker = workerURL
      ? new Worker(workerURL, { type: 'module' })
      : new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  } catch (e) {
    fail(new Error(`newsmark: cannot start the analysis worker: ${e?.message ?? e}`, { cause: e }));
  }

  if (worker) {
    worker.onmessage = ({ data }) => {
      if (data.type === 'ready') readyOk();
      else if (data.type === 'failed') fail(new Error(data.message));
      else if (data.type === 'piece') {
        // The result comes in pieces (worker.js says why); each is added as it arrives.
        const into = waiting.get(data.id)?.analysis;
        if (!into) return;
        for (const layer of ['entities', 'claims', 'hedges']) {
          const list = into[layer];
          for (const item of data[layer]) list.push(item);
        }
      } else if (data.type === 'result') {
        const w = waiting.get(data.id);
        waiting.delete(data.id);
        if (!w) return;
        if (data.error != null) w.reject(new Error(data.error));
        else w.resolve(w.analysis);
      }
    };
    worker.onerror = (e) => {
      e.preventDefault?.();
      fail(new Error(`newsmark: the analysis worker failed: ${e.message || 'it could not be loaded (blocked or not found)'}`));
    };
    worker.onmessageerror = () => fail(new Error('newsmark: a message from the analysis worker could not be read'));
    worker.postMessage({ type: 'init', wasm: wasmForWorker(wasm) });
  }

  const q = queue(ready, (text, layers, withText) => {
    if (startFailed) return Promise.reject(startFailed);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject, analysis: { entities: [], claims: [], hedges: [] } });
      worker.postMessage({ type: 'analyze', id, text, layers, withText });
    });
  });

  return {
    kind: 'worker',
    ready,
    analyze: (text, options) => q.submit(text, options),
    dispose() {
      if (disposed) return;
      disposed = true;
      q.dispose();
      worker?.terminate();
      readyFail(new Error('newsmark: this analyzer has been disposed'));
      waiting.clear();
    },
  };
}

// What the worker's loader gets: a URL as an absolute string (the worker's own base URL
// differs from the page's), bytes as a copy (the caller keeps theirs), a Module as is.
function wasmForWorker(wasm) {
  if (wasm == null) return defaultWasmURL().href;
  if (typeof wasm === 'string' || wasm instanceof URL) {
    return new URL(wasm, globalThis.document?.baseURI ?? globalThis.location?.href).href;
  }
  if (wasm instanceof ArrayBuffer) return wasm.slice(0);
  if (ArrayBuffer.isView(wasm)) return new Uint8Array(wasm.buffer, wasm.byteOffset, wasm.byteLength).slice();
  return wasm;
}
