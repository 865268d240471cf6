/**
 * newsmark: entities, attributed claims and hedges in English news.
 *
 * Every offset in every result is in UTF-16 code units, the units of JavaScript strings,
 * CodeMirror positions and `selectionStart`: `text.slice(part.start, part.end) === part.text`.
 */
import type { Analysis, Layer } from '../pkg/newsmark.js';

export type {
  Analysis,
  Claim,
  Entity,
  EntityLabel,
  Hedge,
  HedgeType,
  Layer,
  Part,
  SourceKind,
} from '../pkg/newsmark.js';
export type { Change } from './edits.js';
export { diffText, mapAnalysis } from './edits.js';
export type { Session, SessionOptions } from './session.js';
export { createSession } from './session.js';

/**
 * Where the wasm binary comes from. A string or URL is fetched in browsers (a string is
 * resolved against the document's base URL); in Node a `file:` URL or a path is read with
 * `fs`. Bytes or a compiled module are used as they are. Default: the package's own
 * binary, `newsmark/wasm`, found next to the package's modules.
 */
export type WasmSource = string | URL | ArrayBuffer | Uint8Array | WebAssembly.Module;

export interface CreateAnalyzerOptions {
  /** The wasm binary (see {@link WasmSource}); default: the one shipped in the package. */
  wasm?: WasmSource;
  /**
   * `true` (the default where `Worker` exists, except in Node): analyse in the package's
   * module worker. A string or URL: the worker script to start instead (for example
   * `chrome.runtime.getURL('newsmark/lib/worker.js')` in an extension). `false` (the
   * default in Node and service workers): analyse in this thread.
   */
  worker?: boolean | string | URL;
}

export interface AnalyzeRequestOptions {
  /** Layers to return (default: all three); the others come back as empty arrays. */
  layers?: Layer[];
  /** Aborting rejects the request with a DOMException named "AbortError". */
  signal?: AbortSignal;
  /**
   * `false`: the spans come back without their `text` (slice the analysed text with
   * `start` and `end` instead). For long documents this halves what crosses from the
   * worker and what the page must decode. Default `true`.
   */
  withText?: boolean;
}

export interface NewsmarkAnalyzer {
  /** "worker": analyses run in a module worker; "local": in this thread. */
  readonly kind: 'worker' | 'local';
  /** Settles when the wasm is loaded and its models parsed; rejects with an Error saying why it could not load. */
  readonly ready: Promise<void>;
  /**
   * Analyses the whole `text`; offsets are UTF-16 code units. One request runs at a time
   * and the latest wins: a request not yet started when a newer one arrives rejects with
   * a DOMException named "AbortError" (so do aborted requests, and pending ones on dispose).
   */
  analyze(text: string, options?: AnalyzeRequestOptions): Promise<Analysis>;
  /** Frees the wasm analyzer (local) or terminates the worker; later calls reject. */
  dispose(): void;
}

/** Returns at once; await `ready` (or the first `analyze`) to know it loaded. */
export function createAnalyzer(options?: CreateAnalyzerOptions): NewsmarkAnalyzer;
