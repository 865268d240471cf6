// Loads the wasm binary once per JavaScript realm (a page, a worker, a Node process).
// Internal to the package: index.js (the local analyzer) and worker.js use it, and
// dropText (what `withText: false` does to a result).
//
// Where the bytes come from:
// - nothing given: `../pkg/newsmark_bg.wasm` next to this file, found from import.meta.url,
//   so it works from the repository, from node_modules and from a bundle alike;
// - a URL (or a string, resolved against the document's base URL in a page): fetched in
//   browsers; in Node a `file:` URL or a plain path is read with fs (Node's fetch cannot
//   read files);
// - bytes (ArrayBuffer, Uint8Array) or a compiled WebAssembly.Module: used as they are,
//   which is how an extension or a bundler that already holds the binary passes it.

import init, { Analyzer } from '../pkg/newsmark.js';

// The wasm is built with 128-bit SIMD. Without it, compiling fails with a message about
// opcodes; say what is missing instead. The bytes: a module whose one function returns
// i8x16.splat(i32.const 0).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11,
]);

// The first analysis parses the embedded models; doing it while loading means `ready`
// is the moment analyses become fast.
const WARM_UP = 'Models load on first use, an editor said.';

export const isNode = typeof globalThis.process?.versions?.node === 'string';

/** The binary shipped with the package. */
export function defaultWasmURL() {
  return new URL('../pkg/newsmark_bg.wasm', import.meta.url);
}

let loading = null;

/**
 * Resolves to the glue module's `Analyzer` class once the wasm is instantiated. The glue
 * holds one instance per realm, so the first source given wins and later calls share
 * it; a failed load is forgotten, so a later call may try another source.
 */
export function loadWasm(source) {
  if (!loading) {
    loading = load(source ?? defaultWasmURL()).catch((e) => {
      loading = null;
      throw e;
    });
  }
  return loading;
}

async function load(source) {
  if (!WebAssembly.validate(SIMD_PROBE)) {
    throw new Error(
      'newsmark: this engine lacks WebAssembly SIMD (needs Chrome or Edge 91, Firefox 89, Safari 16.4, Node 16.4 or later)',
    );
  }
  let input = source;
  let where = 'the given module';
  if (typeof source === 'string' || source instanceof URL) {
    where = String(source);
    input = isNode ? await readInNode(source) : new URL(source, baseURL());
  } else if (!(source instanceof ArrayBuffer || ArrayBuffer.isView(source) || source instanceof WebAssembly.Module)) {
    throw new TypeError('newsmark: `wasm` must be a URL, a string, an ArrayBuffer, a Uint8Array or a WebAssembly.Module');
  }
  try {
    await init({ module_or_path: input });
  } catch (e) {
    throw new Error(`newsmark: cannot load the wasm binary from ${where}: ${e?.message ?? e}`, { cause: e });
  }
  // Parse the models now, with a throwaway analyzer, so `ready` means fast.
  const warm = new Analyzer();
  try {
    warm.analyze(WARM_UP);
  } finally {
    warm.free();
  }
  return Analyzer;
}

function baseURL() {
  return globalThis.document?.baseURI ?? globalThis.location?.href;
}

async function readInNode(source) {
  let url;
  try {
    url = new URL(source);
  } catch {
    url = null; // not an absolute URL: a file path
  }
  if (url && url.protocol !== 'file:') return url; // http(s): Node's fetch reads it
  // A variable specifier, and the bundler hints, keep bundlers for browsers from
  // trying to resolve a Node built-in they cannot ship.
  const fsName = 'node:fs/promises';
  const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ fsName);
  try {
    return await readFile(url ?? source);
  } catch (e) {
    throw new Error(`newsmark: cannot read the wasm binary ${String(source)}: ${e.message}`, { cause: e });
  }
}

/** Deletes the `text` of every span of `analysis` in place (`withText: false`), and returns it. */
export function dropText(analysis) {
  for (const e of analysis.entities) delete e.text;
  for (const c of analysis.claims) {
    for (const span of [c.cue, c.source, c.source_resolved, ...c.content]) if (span) delete span.text;
  }
  for (const h of analysis.hedges) {
    delete h.cue.text;
    if (h.scope) delete h.scope.text;
  }
  return analysis;
}
