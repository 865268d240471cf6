import type { Analysis, Layer } from '../pkg/newsmark.js';
import type { Change } from './edits.js';
import type { NewsmarkAnalyzer } from './index.js';

export interface SessionOptions {
  /** The analyzer to use (it is not disposed with the session). */
  analyzer: Pick<NewsmarkAnalyzer, 'analyze'>;
  /** The document's whole current text. */
  getText: () => string;
  /**
   * A result for `text`, the document's text now (offsets in UTF-16 code units). When the
   * document changed while the analysis ran, the result has been mapped through the
   * changes: spans they touched are gone, the rest moved; a fresh analysis follows.
   */
  onResult: (analysis: Analysis, text: string) => void;
  /** Analysis errors other than aborts; default: console.error. */
  onError?: (error: unknown) => void;
  /** Quiet time after the last change before analysing; default 150 ms. */
  debounceMs?: number;
  /** Layers to analyse (default: all). */
  layers?: Layer[];
}

export interface Session {
  /**
   * The document changed. Pass the change when known (UTF-16 offsets in the text before
   * it) so a result in flight maps precisely; without it the session diffs the texts.
   */
  changed(change?: Change): void;
  /** Analyse now (no debounce): call once after creating the session, and when options change. */
  refresh(): void;
  /** Stops timers and drops any result still on its way; the analyzer stays. */
  dispose(): void;
}

/**
 * Debounced, latest-wins whole-document analysis. Never runs on its own: only
 * `changed()` (after `debounceMs` of quiet) and `refresh()` start an analysis.
 */
export function createSession(options: SessionOptions): Session;
