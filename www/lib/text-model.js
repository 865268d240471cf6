// The text of a DOM subtree as one string, with a table back to the DOM.
//
// newsmark analyses plain text; a contenteditable (or an article on a page) is a tree of
// elements and Text nodes. This module reads the tree once into:
// - `text`: every Text node's data in document order, with "\n" where a block element
//   starts or ends and for every <br> (so paragraphs never run together into one
//   sentence);
// - a table from each Text node to the UTF-16 offset where its data starts.
// A Text node's data is copied with its length unchanged (in a white-space-collapsing
// context "\n", "\r" and "\t" read as spaces, which is what they render as), so inside
// one node an offset in `text` minus the node's start IS the DOM offset: no per-character
// table, and emoji, combining marks and RTL text need no special case. The "\n"s that
// stand for block boundaries and <br>s belong to no node; a span that starts or ends on
// one is moved to the nearest text position inside the span.
//
// Nothing here writes to the DOM: reading the tree never changes the host page.

// Elements that start a new line of text (HTML's block-level defaults). Reading tag
// names instead of computed styles keeps building the model free of style recalculation
// while the user types; an element styled `display: block` against its default reads as
// inline, which at worst joins two lines into one sentence.
const BLOCK = new Set(
  ('ADDRESS ARTICLE ASIDE BLOCKQUOTE CAPTION DD DETAILS DIALOG DIV DL DT FIELDSET FIGCAPTION FIGURE ' +
    'FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER HGROUP HR LI MAIN NAV OL P PRE SECTION SUMMARY TABLE TBODY ' +
    'TD TFOOT TH THEAD TR UL').split(' '),
);
// Subtrees whose text is not prose on the page.
const SKIP = new Set('SCRIPT STYLE NOSCRIPT TEMPLATE TEXTAREA INPUT SELECT OPTION BUTTON IFRAME OBJECT SVG MATH CANVAS VIDEO AUDIO'.split(' '));

const collapsing = (ws) => ws === 'normal' || ws === 'nowrap' || ws === '';
const BLANK = /^[ \t\n\r\f]*$/;
const CONTROL_WS = /[\t\n\r\f]/g;

export class TextModel {
  /** @param {Node} root @param {{ whiteSpace?: string }} [options] */
  constructor(root, options = {}) {
    this.root = root;
    /** @type {Text[]} */
    this.nodes = [];
    /** @type {number[]} start offset in `text` of each node in `nodes` */
    this.starts = [];
    /** @type {Map<Text, number>} */
    this.index = new Map();
    const view = root.ownerDocument?.defaultView;
    const ws =
      options.whiteSpace ??
      (root.nodeType === 1 && view ? view.getComputedStyle(/** @type {Element} */ (root)).whiteSpace : 'pre-wrap');
    this.text = this.#read(root, collapsing(ws));
  }

  #read(root, collapse) {
    const parts = [];
    let length = 0;
    // A block boundary is owed: written as "\n" before the next text, never at the very
    // start or end and never twice in a row (<p>a</p><p>b</p> is "a\nb").
    let owed = false;
    let endsWithNewline = true; // nothing written yet: no boundary needed
    const push = (s) => {
      parts.push(s);
      length += s.length;
      endsWithNewline = s.endsWith('\n');
    };
    const boundary = () => {
      if (!endsWithNewline) owed = true;
    };
    const walk = (node, collapse) => {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) {
          const data = /** @type {Text} */ (child).data;
          if (!data) continue;
          // Indentation between blocks in collapsing HTML renders as nothing.
          if (collapse && BLANK.test(data) && (owed || endsWithNewline || isBlock(child.nextSibling) || isBlock(child.previousSibling))) continue;
          if (owed) {
            push('\n');
            owed = false;
          }
          this.index.set(/** @type {Text} */ (child), this.nodes.length);
          this.nodes.push(/** @type {Text} */ (child));
          this.starts.push(length);
          push(collapse ? data.replace(CONTROL_WS, ' ') : data);
        } else if (child.nodeType === 1) {
          const el = /** @type {HTMLElement} */ (child);
          const tag = el.tagName.toUpperCase();
          if (SKIP.has(tag) || el.hidden) continue;
          if (tag === 'BR') {
            if (owed) {
              push('\n');
              owed = false;
            }
            push('\n');
            continue;
          }
          const block = BLOCK.has(tag);
          if (block) boundary();
          walk(el, tag === 'PRE' ? false : collapse);
          if (block) boundary();
        } else if (child.nodeType === 11) {
          walk(child, collapse);
        }
      }
    };
    walk(root, collapse);
    return parts.join('');
  }

  /** Number of the node holding `offset` (the last node starting at or before it), or -1. */
  #nodeAt(offset) {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    if (hi < 0 || offset < starts[0]) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * The DOM position of a text offset: [Text node, offset in it]. `bias` says where an
   * offset that falls on a block or <br> newline goes: 'forward' to the start of the next
   * node (for a span's start), 'backward' to the end of the previous one (for its end).
   * Null when there is no node in that direction.
   * @param {number} offset @param {'forward'|'backward'} [bias]
   * @returns {[Text, number] | null}
   */
  position(offset, bias = 'forward') {
    const i = this.#nodeAt(offset);
    if (i < 0) return bias === 'forward' && this.nodes.length ? [this.nodes[0], 0] : null;
    const node = this.nodes[i];
    const inside = offset - this.starts[i];
    const length = node.data.length;
    // A span ending where a node starts ends in the node before (its end, across any newline).
    if (bias === 'backward' && inside === 0 && i > 0) return [this.nodes[i - 1], this.nodes[i - 1].data.length];
    if (inside < length || bias === 'backward') return [node, Math.min(inside, length)];
    // At the end of this node or on a newline after it: the next node's start.
    if (i + 1 < this.nodes.length) return [this.nodes[i + 1], 0];
    return inside === length ? [node, length] : null;
  }

  /**
   * [start, end) as a StaticRange: cheap, and not updated by later DOM mutations (the
   * adapters rebuild their ranges after every mutation anyway; thousands of live Ranges
   * would each be adjusted on every keystroke). Null when the span covers no text.
   */
  staticRange(start, end) {
    const a = this.position(start, 'forward');
    const b = this.position(end, 'backward');
    if (!a || !b) return null;
    if (a[0] === b[0] ? a[1] >= b[1] : this.index.get(a[0]) > this.index.get(b[0])) return null;
    return new StaticRange({ startContainer: a[0], startOffset: a[1], endContainer: b[0], endOffset: b[1] });
  }

  /** [start, end) as a live DOM Range (for measuring), or null when it covers no text. */
  range(start, end) {
    const s = this.staticRange(start, end);
    if (!s) return null;
    const r = (this.root.ownerDocument ?? document).createRange();
    r.setStart(s.startContainer, s.startOffset);
    r.setEnd(s.endContainer, s.endOffset);
    return r;
  }

  /** The text offset of a DOM position inside a Text node of the model, or -1. */
  offsetOf(node, offset) {
    const i = this.index.get(/** @type {Text} */ (node));
    if (i === undefined) return -1;
    return this.starts[i] + Math.min(offset, /** @type {Text} */ (node).data.length);
  }

  /**
   * The text of some of the model's nodes only (the article of a page, without its
   * navigation and ads): see TextSubset. `indices` are indices into `nodes`, ascending.
   * @param {number[]} indices
   */
  subset(indices) {
    return new TextSubset(this, indices);
  }
}

/**
 * The text of a subset of a TextModel's nodes, and the way back to the DOM.
 *
 * The text is the model's text of the chosen nodes in document order, with "\n" wherever
 * the model had a block boundary between two chosen nodes and a space wherever it had
 * other text (skipped inline content) between them. A span maps back to one StaticRange
 * per stretch of text that is contiguous in both texts, so a range never covers text that
 * was left out.
 */
export class TextSubset {
  /** @param {TextModel} model @param {number[]} indices ascending indices into model.nodes */
  constructor(model, indices) {
    this.model = model;
    /** @type {Text[]} */
    this.nodes = indices.map((i) => model.nodes[i]);
    // Stretches contiguous here and in the model: { at: offset here, from: offset in model.text, length }.
    /** @type {{ at: number, from: number, length: number }[]} */
    this.segments = [];
    let text = '';
    let prevEnd = -1;
    for (const i of indices) {
      const from = model.starts[i];
      const length = model.nodes[i].data.length;
      const data = model.text.slice(from, from + length);
      const gap = prevEnd >= 0 ? model.text.slice(prevEnd, from) : null;
      if (gap === '') {
        // Adjacent in the model's text: the same stretch goes on.
        this.segments[this.segments.length - 1].length += length;
      } else {
        if (gap !== null) text += gap.includes('\n') ? '\n' : ' ';
        this.segments.push({ at: text.length, from, length });
      }
      text += data;
      prevEnd = from + length;
    }
    /** The text newsmark analyses. */
    this.text = text;
  }

  /** StaticRanges over the DOM covering [start, end) of `text`, one per contiguous stretch. */
  staticRanges(start, end) {
    const out = [];
    const segs = this.segments;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid].at <= start) lo = mid;
      else hi = mid - 1;
    }
    for (let k = lo; k < segs.length && segs[k].at < end; k++) {
      const s = segs[k];
      const a = Math.max(start, s.at);
      const b = Math.min(end, s.at + s.length);
      if (b <= a) continue;
      const r = this.model.staticRange(s.from + (a - s.at), s.from + (b - s.at));
      if (r) out.push(r);
    }
    return out;
  }

  /** A live Range over the first stretch of [start, end) (for scrolling to it), or null. */
  firstRange(start, end) {
    const [s] = this.staticRanges(start, end);
    if (!s) return null;
    const r = (this.model.root.ownerDocument ?? document).createRange();
    r.setStart(s.startContainer, s.startOffset);
    r.setEnd(s.endContainer, s.endOffset);
    return r;
  }
}

function isBlock(node) {
  return node?.nodeType === 1 && BLOCK.has(/** @type {Element} */ (node).tagName.toUpperCase());
}

/** Reads `root` into a TextModel. */
export function textModel(root, options) {
  return new TextModel(root, options);
}
