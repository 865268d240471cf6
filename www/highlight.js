// Highlights: turns an Analysis into highlighted runs over the mirror element.
//
// Why a mirror: the CSS Custom Highlight API paints DOM Ranges, and a <textarea> has
// no text nodes to range over. The editor is a transparent textarea laid exactly over
// a read-only <div> whose text is the same string; the div shows the text and its
// highlights, the textarea takes the typing, pasting, selection and undo.
//
// With CSS.highlights the mirror holds the text as a row of plain text nodes of about
// CHUNK units each (see there why not one), and an analysis offset (UTF-16, as the wasm
// facade returns them) maps to a node and an offset in it by binary search. Without the
// API, the mirror is rebuilt as runs of <span>s made with createElement + textContent
// (user text never goes through HTML), and offsets map to runs the same way.
//
// Hover finds the text offset under the pointer (the caret hit test, with the textarea
// that covers the mirror briefly made transparent to it), then checks the rectangles of
// the few runs at that offset, so it works under the textarea in both modes and costs
// the same for ten runs or a hundred thousand.
//
// Rendering is time-sliced: a long text can carry 100,000 runs, and building that many
// Ranges (or fallback spans) in one task would freeze the page for hundreds of ms. Each
// slice works for at most SLICE_MS and yields; a newer render or text cancels the rest.
// The highlights are registered once all their ranges exist, since the browser rebuilds
// its markers for every registered range whenever any highlight changes.
//
// Registered highlight names are `newsmark-` + the run name, and only those (plus
// `newsmark-active`) are ever set or deleted: other highlights on the page are not ours.

export const native = typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';

/** Claims readers most need to see: nobody in particular, or nobody at all. */
export const flagged = (claim) => claim.source_kind === 'vague' || claim.source_kind === 'none';

/** Flattens an analysis into runs: {start, end, name, item}, one highlight name per label or role. */
export function runsOf(analysis, layers) {
  const runs = [];
  const add = (part, name, item) => runs.push({ start: part.start, end: part.end, name, item });
  if (layers.has('entities')) for (const e of analysis.entities) add(e, `ent-${e.label}`, e);
  if (layers.has('claims')) {
    for (const c of analysis.claims) {
      const flag = flagged(c) ? '-flag' : '';
      if (c.source) add(c.source, `claim-source${flag}`, c);
      add(c.cue, `claim-cue${flag}`, c);
      for (const p of c.content) add(p, `claim-content${flag}`, c);
    }
  }
  if (layers.has('hedges')) for (const h of analysis.hedges) add(h.cue, 'hedge', h);
  return runs.filter((r) => r.end > r.start);
}

// Later names paint over earlier ones where runs overlap.
const ORDER = ['claim-content', 'claim-source', 'claim-cue', 'ent-', 'hedge', 'active'];
const priority = (name) => ORDER.findIndex((p) => name.startsWith(p));
const PREFIX = 'newsmark-';
const ACTIVE = `${PREFIX}active`;
const SLICE_MS = 8;
// The mirror's text is split into text nodes of about this many UTF-16 units. Chromium keeps
// highlight markers in a sorted list per text node and inserts each one in place, so over a
// single node the cost grows with the square of the ranges: registering those of a megabyte
// of news took one task of several seconds, over nodes of 2,048 units well under one.
const CHUNK = 2048;
// Chromium rebuilds the markers of every registered range whenever any highlight changes:
// above MAX_RANGES runs, only those within WINDOW units of the visible text are registered
// (up to MAX_RANGES), and the window follows scrolling. Moving a window of 5,000 ranges took
// a 185 ms task in tests/e2e/stress.test.mjs on the test machine, of 3,000 a 117 ms one.
const MAX_RANGES = 3000;
const WINDOW = 12_000;

/** Resolves at the next chance to run after the browser has handled input and painted. */
export const nextSlice =
  typeof scheduler !== 'undefined' && typeof scheduler.yield === 'function'
    ? () => scheduler.yield()
    : () => new Promise((ok) => setTimeout(ok, 0));

export class Marks {
  /** `cover`: the element laid over the mirror (the textarea), if any, for hover hit tests. */
  constructor(mirror, { cover = null } = {}) {
    this.mirror = mirror;
    this.cover = cover;
    this.runs = [];
    this.rects = null;
    this.names = new Set(); // highlight names this instance registered
    this.job = 0; // bumped by every setText and render: a running render stops when it changes
    this.segments = []; // the mirror's text nodes as [{start, node}], in text order
    this.setText('');
  }

  /** Shows `text` right away (the analysis follows). Cancels a render in progress. */
  setText(text) {
    this.job++;
    this.text = text;
    this.shownUpTo = text.length;
    this.runs = [];
    this.rects = null;
    if (native) this.#unregister();
    const frag = document.createDocumentFragment();
    this.segments = [];
    for (let start = 0, end; start < text.length; start = end) {
      end = chunkEnd(text, start);
      const node = document.createTextNode(text.slice(start, end));
      frag.append(node);
      this.segments.push({ start, node });
    }
    this.mirror.replaceChildren(frag);
  }

  /**
   * Highlights `runs` (from runsOf) over the current text. Resolves to true once they are
   * registered (all of them, or the window around the viewport; see #window), or to false
   * when a newer setText or render cancelled it.
   */
  async render(runs) {
    const job = ++this.job;
    this.runs = [];
    this.rects = null;
    this.covered = null;
    this.shownUpTo = this.text.length; // highlights end here (fallback with many runs only)
    if (native) {
      this.#unregister();
      this.runs = runs;
      if (runs.length > MAX_RANGES) return this.#window();
      const ranges = await this.#ranges(runs, job);
      if (!ranges || job !== this.job) return false;
      this.#register(runs, ranges);
      this.covered = [0, this.text.length];
      return true;
    }
    // Fallback: a span changes the layout of the whole mirror, so only runs that end before
    // the start of the (MAX_RANGES+1)th run become spans, once; `shownUpTo` is that start.
    let shown = runs;
    if (runs.length > MAX_RANGES) {
      const sorted = [...runs].sort((x, y) => x.start - y.start);
      const upTo = sorted[MAX_RANGES].start;
      shown = sorted.filter((r) => r.end <= upTo);
      if (!(await this.#spans(shown, job)) || job !== this.job) return false;
      this.shownUpTo = upTo;
    } else if (!(await this.#spans(shown, job)) || job !== this.job) return false;
    this.runs = shown;
    return true;
  }

  /**
   * With more than MAX_RANGES runs, only those nearest the visible part of the mirror are
   * registered; called again on scroll and resize, it moves the window once the visible
   * part leaves the span it covers.
   */
  viewportMoved() {
    if (!native || !this.covered || this.runs.length <= MAX_RANGES) return;
    const [from, to] = this.#visible();
    if (from < this.covered[0] || to > this.covered[1]) this.#window();
  }

  /** Marks the parts of one item (and a hedge's scope) as active. Native mode only. */
  activate(items) {
    if (!native) return;
    const ranges = [];
    for (const item of items) {
      for (const r of this.runs) if (r.item === item) ranges.push(this.rangeOf(r));
      if (item.scope) ranges.push(this.range(item.scope.start, item.scope.end));
    }
    if (ranges.length) {
      const hl = new Highlight(...ranges);
      hl.priority = priority('active');
      CSS.highlights.set(ACTIVE, hl);
      this.names.add(ACTIVE);
    } else if (this.names.delete(ACTIVE)) CSS.highlights.delete(ACTIVE);
  }

  /** Runs covering the UTF-16 offset `at` (a caret touching a run counts). */
  runsAtOffset(at) {
    return this.runs.filter((r) => r.start <= at && at <= r.end);
  }

  /** Runs under the viewport point (x, y). */
  runsAtPoint(x, y) {
    const inside = (rects) => rects.some(([l, t, r, b]) => px >= l && px < r && py >= t && py < b);
    const px = x + scrollX, py = y + scrollY;
    const at = this.#offsetAtPoint(x, y);
    if (at != null) return this.runsAtOffset(at).filter((r) => inside(pageRects(this.rangeOf(r))));
    // No caret hit test in this browser: every run's rectangles, cached in page
    // coordinates (the mirror grows instead of scrolling, so only a new render or a
    // resize moves them).
    this.rects ??= this.runs.map((r) => pageRects(this.rangeOf(r)));
    return this.runs.filter((_, i) => inside(this.rects[i]));
  }

  invalidate() {
    this.rects = null;
  }

  /** A DOM Range over a run. */
  rangeOf(run) {
    return this.range(run.start, run.end);
  }

  /** A DOM Range over [start, end) of the text. */
  range(start, end) {
    const range = document.createRange();
    const [sn, so] = this.#position(start);
    const [en, eo] = this.#position(end);
    if (sn) {
      range.setStart(sn, so);
      range.setEnd(en, eo);
    }
    return range;
  }

  #register(runs, ranges) {
    const byName = new Map();
    runs.forEach((r, i) => {
      if (!byName.has(r.name)) byName.set(r.name, new Highlight());
      byName.get(r.name).add(ranges[i]);
    });
    for (const name of [...this.names]) {
      if (name !== ACTIVE && !byName.has(name.slice(PREFIX.length))) {
        CSS.highlights.delete(name);
        this.names.delete(name);
      }
    }
    for (const [name, hl] of byName) {
      hl.priority = priority(name);
      CSS.highlights.set(PREFIX + name, hl);
      this.names.add(PREFIX + name);
    }
  }

  // Registers the MAX_RANGES runs nearest the visible text (those overlapping it first) and
  // remembers the span of text within which every run is registered.
  #window() {
    const [from, to] = this.#visible();
    const gap = (r) => (r.end < from ? from - r.end : r.start > to ? r.start - to : 0);
    const near = [];
    for (const r of this.runs) if (gap(r) <= WINDOW) near.push(r);
    near.sort((x, y) => gap(x) - gap(y));
    const kept = near.slice(0, MAX_RANGES);
    const reach = near.length > MAX_RANGES ? gap(near[MAX_RANGES]) : WINDOW;
    this.covered = [from - reach, to + reach];
    this.#register(kept, kept.map((r) => this.rangeOf(r)));
    return true;
  }

  // The span of text [from, to) visible in the viewport, from caret hit tests at the top and
  // bottom of the visible part of the mirror; proportional when the browser has none.
  #visible() {
    const box = this.mirror.getBoundingClientRect();
    const top = Math.max(box.top, 0);
    const bottom = Math.min(box.bottom, innerHeight);
    const n = this.text.length;
    if (bottom <= top || box.height <= 0) return box.bottom <= 0 ? [n, n] : [0, 0];
    let from = this.#offsetAtPoint(box.left + box.width / 2, top + 1);
    let to = this.#offsetAtPoint(box.left + box.width / 2, bottom - 1);
    if (from == null || from < 0) from = Math.floor((n * (top - box.top)) / box.height);
    if (to == null || to < 0) to = Math.ceil((n * (bottom - box.top)) / box.height);
    return [Math.max(0, Math.min(from, to)), Math.min(n, Math.max(from, to))];
  }

  #unregister() {
    for (const name of this.names) CSS.highlights.delete(name);
    this.names.clear();
  }

  // The text offset nearest (x, y) in the mirror, or null when the browser has no caret hit test.
  #offsetAtPoint(x, y) {
    const byPosition = typeof document.caretPositionFromPoint === 'function';
    if (!byPosition && typeof document.caretRangeFromPoint !== 'function') return null;
    const cover = this.cover?.style;
    const was = cover?.pointerEvents;
    if (cover) cover.pointerEvents = 'none';
    let node = null, offset = 0;
    try {
      if (byPosition) {
        const p = document.caretPositionFromPoint(x, y);
        if (p) [node, offset] = [p.offsetNode, p.offset];
      } else {
        const r = document.caretRangeFromPoint(x, y);
        if (r) [node, offset] = [r.startContainer, r.startOffset];
      }
    } finally {
      if (cover) cover.pointerEvents = was;
    }
    // In the mirror but between its text nodes (its padding): `offset` counts child nodes.
    if (node === this.mirror) return this.segments[offset]?.start ?? this.text.length;
    const seg = node && this.segments.find((s) => s.node === node);
    return seg ? seg.start + offset : -1; // outside the mirror
  }

  #position(offset) {
    const segs = this.segments;
    let lo = 0, hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    const seg = segs[lo];
    if (!seg) return [null, 0];
    return [seg.node, Math.min(offset - seg.start, seg.node.length)];
  }

  // Native: one Range per run, SLICE_MS at a time.
  async #ranges(runs, job) {
    const out = [];
    for (let i = 0; i < runs.length; ) {
      const stop = performance.now() + SLICE_MS;
      do out.push(this.rangeOf(runs[i++]));
      while (i < runs.length && (i & 255 || performance.now() < stop));
      if (i < runs.length) {
        await nextSlice();
        if (job !== this.job) return null;
      }
    }
    return out;
  }

  // Fallback: the mirror becomes plain text nodes and <span class="m-NAME …"> runs, built
  // off-screen SLICE_MS at a time and swapped in at the end.
  async #spans(runs, job) {
    const text = this.text;
    const cuts = new Set([0, text.length]);
    for (const r of runs) cuts.add(r.start).add(r.end);
    const points = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    const segments = [];
    // One sweep over runs sorted by start: a run opens at its start cut and stays
    // active until a segment starts at or after its end.
    const sorted = [...runs].sort((x, y) => x.start - y.start);
    let next = 0, active = [];
    for (let i = 0; i + 1 < points.length; ) {
      const stop = performance.now() + SLICE_MS;
      do {
        const [a, b] = [points[i], points[i + 1]];
        active = active.filter((r) => r.end > a);
        for (; next < sorted.length && sorted[next].start <= a; next++) active.push(sorted[next]);
        const names = [...new Set(active.map((r) => r.name))];
        const node = document.createTextNode(text.slice(a, b));
        if (names.length) {
          const span = document.createElement('span');
          span.className = names.map((n) => `m-${n}`).join(' ');
          span.append(node);
          frag.append(span);
        } else frag.append(node);
        segments.push({ start: a, node });
        i++;
      } while (i + 1 < points.length && (i & 255 || performance.now() < stop));
      if (i + 1 < points.length) {
        await nextSlice();
        if (job !== this.job) return null;
      }
    }
    this.segments = segments;
    this.mirror.replaceChildren(frag);
    return true;
  }
}

/**
 * Where the mirror's text node that starts at `start` ends: about CHUNK units on, just
 * after a space or line break (so no ligature or kerning pair is split and the mirror
 * wraps exactly like the textarea), never inside a surrogate pair.
 */
function chunkEnd(text, start) {
  const end = start + CHUNK;
  if (end >= text.length) return text.length;
  for (let i = end - 1; i > start + CHUNK / 2; i--) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9) return i + 1;
  }
  const c = text.charCodeAt(end - 1);
  return c >= 0xd800 && c <= 0xdbff ? end - 1 : end;
}

/** A range's client rectangles in page coordinates: [left, top, right, bottom]. */
function pageRects(range) {
  return Array.from(range.getClientRects(), (b) => [b.left + scrollX, b.top + scrollY, b.right + scrollX, b.bottom + scrollY]);
}
