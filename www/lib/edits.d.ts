import type { Analysis } from '../pkg/newsmark.js';

/**
 * Replace `[from, to)` of the document as it is when this change applies with `insert`
 * UTF-16 code units. A `Change[]` is sequential: each change is in the coordinates left by
 * the changes before it.
 */
export interface Change {
  from: number;
  to: number;
  insert: number;
}

/** The single change (common prefix and suffix) that turns `oldText` into `newText`; null when equal. */
export function diffText(oldText: string, newText: string): Change | null;

/**
 * `analysis` (UTF-16 offsets) moved through `changes`. A span a change touches (overlaps,
 * or meets at either end) is dropped, with the whole claim or hedge it belongs to; later
 * spans shift. Every kept span covers the same text at its new place. Other properties
 * of the objects are copied as they are.
 */
export function mapAnalysis<A extends Analysis>(analysis: A, changes: readonly Change[]): A;
