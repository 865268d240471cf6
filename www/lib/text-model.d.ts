/**
 * The text of a DOM subtree as one string, with a table back to the DOM.
 *
 * `text` is every Text node's data in document order, with "\n" for block boundaries and
 * `<br>`. Offsets are UTF-16 code units (the units of JavaScript strings and of every
 * newsmark result). Within one Text node an offset maps linearly to the DOM offset; the
 * "\n"s that stand for block boundaries and `<br>` belong to no node. Reading never
 * writes to the DOM.
 */
export interface TextModelOptions {
  /** The root's computed `white-space` (read from the root when omitted). In a collapsing
   * context ("normal", "nowrap") "\n", "\r", "\t" read as spaces and indentation between
   * blocks is skipped. */
  whiteSpace?: string;
}

export class TextModel {
  constructor(root: Node, options?: TextModelOptions);
  readonly root: Node;
  /** The text newsmark analyses. */
  readonly text: string;
  /** The Text nodes read, in document order. */
  readonly nodes: Text[];
  /** Where each node's data starts in `text` (UTF-16 code units). */
  readonly starts: number[];
  /**
   * The DOM position of a text offset. An offset on a block or `<br>` newline goes to the
   * start of the next node ('forward', for a span's start) or the end of the previous one
   * ('backward', for its end). Null when there is no node in that direction.
   */
  position(offset: number, bias?: 'forward' | 'backward'): [Text, number] | null;
  /** [start, end) as a StaticRange (not updated by later mutations), or null when it covers no text. */
  staticRange(start: number, end: number): StaticRange | null;
  /** [start, end) as a live Range (for measuring), or null when it covers no text. */
  range(start: number, end: number): Range | null;
  /** The text offset of a position inside one of `nodes`, or -1 for any other node. */
  offsetOf(node: Node, offset: number): number;
  /** The text of some of the nodes only (`indices` into `nodes`, ascending). */
  subset(indices: number[]): TextSubset;
}

/**
 * The text of a subset of a TextModel's nodes (the article of a page, without its
 * navigation and ads). `text` is the chosen nodes' text in document order, with "\n"
 * where the model had a block boundary between two of them and a space where it had
 * other text between them. Spans map back to ranges that never cover the text left out.
 */
export class TextSubset {
  constructor(model: TextModel, indices: number[]);
  readonly model: TextModel;
  /** The text newsmark analyses. */
  readonly text: string;
  /** The chosen Text nodes, in document order. */
  readonly nodes: Text[];
  /** [start, end) as StaticRanges, one per stretch contiguous in both texts; empty when it covers no text. */
  staticRanges(start: number, end: number): StaticRange[];
  /** A live Range over the first stretch of [start, end) (for scrolling to it), or null. */
  firstRange(start: number, end: number): Range | null;
}

/** Reads `root` into a TextModel. */
export function textModel(root: Node, options?: TextModelOptions): TextModel;
