// Highlights: turns an Analysis into highlighted runs over the mirror element.
//
// Why a mirror: the CSS Custom Highlight API paints DOM Ranges, and a <textarea> has
// no text nodes to range over. The editor is a transparent textarea laid exactly over
// a read-only <div> whose text is the same string; the div shows the text and its
// highlights, the textarea takes the typing, pasting, selection and undo.
//
// With CSS.highlights the mirror holds ONE text node, so an analysis offset (UTF-16,
// as the wasm facade returns them) is a DOM offset with no mapping at all. Without it,
// the mirror is rebuilt as runs of <span>s made with createElement + textContent (user
// text never goes through HTML), and offsets map to runs by binary search.
//
// Hover uses the rectangles of the same ranges in both modes, so it works under the
// textarea, where the browser's own hit testing cannot see the mirror.

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

export class Marks {
  constructor(mirror) {
    this.mirror = mirror;
    this.runs = [];
    this.rects = null;
    this.segments = []; // fallback: [{start, node}] in text order
    this.setText('');
  }

  /** Shows `text` right away (the analysis follows on the next frame). */
  setText(text) {
    this.text = text;
    this.runs = [];
    this.rects = null;
    if (native) {
      CSS.highlights.clear();
      if (!this.node) this.mirror.replaceChildren((this.node = document.createTextNode('')));
      this.node.data = text;
      this.segments = [{ start: 0, node: this.node }];
    } else {
      this.mirror.textContent = text;
      this.segments = this.mirror.firstChild ? [{ start: 0, node: this.mirror.firstChild }] : [];
    }
  }

  /** Highlights `runs` (from runsOf) over the current text. */
  render(runs) {
    if (!native) this.#spans(runs);
    else CSS.highlights.clear();
    this.rects = null;
    this.runs = runs.map((r) => ({ ...r, range: this.range(r.start, r.end) }));
    if (!native) return;
    const byName = new Map();
    for (const r of this.runs) {
      if (!byName.has(r.name)) byName.set(r.name, new Highlight());
      byName.get(r.name).add(r.range);
    }
    for (const [name, hl] of byName) {
      hl.priority = priority(name);
      CSS.highlights.set(name, hl);
    }
  }

  /** Marks the parts of one item (and a hedge's scope) as active. Native mode only. */
  activate(items) {
    if (!native) return;
    const ranges = [];
    for (const item of items) {
      for (const r of this.runs) if (r.item === item) ranges.push(r.range);
      if (item.scope) ranges.push(this.range(item.scope.start, item.scope.end));
    }
    if (ranges.length) {
      const hl = new Highlight(...ranges);
      hl.priority = priority('active');
      CSS.highlights.set('active', hl);
    } else CSS.highlights.delete('active');
  }

  /** Runs covering the UTF-16 offset `at` (a caret touching a run counts). */
  runsAtOffset(at) {
    return this.runs.filter((r) => r.start <= at && at <= r.end);
  }

  /** Runs under the viewport point (x, y). */
  runsAtPoint(x, y) {
    // Rects are cached in page coordinates: the mirror grows instead of scrolling,
    // so only a new render or a resize moves them.
    this.rects ??= this.runs.map((r) =>
      Array.from(r.range.getClientRects(), (b) => [b.left + scrollX, b.top + scrollY, b.right + scrollX, b.bottom + scrollY]),
    );
    const px = x + scrollX, py = y + scrollY;
    return this.runs.filter((_, i) => this.rects[i].some(([l, t, r, b]) => px >= l && px < r && py >= t && py < b));
  }

  invalidate() {
    this.rects = null;
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

  // Fallback: the mirror becomes plain text nodes and <span class="m-NAME …"> runs.
  #spans(runs) {
    const text = this.text;
    const cuts = new Set([0, text.length]);
    for (const r of runs) cuts.add(r.start).add(r.end);
    const points = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    this.segments = [];
    // One sweep over runs sorted by start: a run opens at its start cut and stays
    // active until a segment starts at or after its end.
    const sorted = [...runs].sort((x, y) => x.start - y.start);
    let next = 0, active = [];
    for (let i = 0; i + 1 < points.length; i++) {
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
      this.segments.push({ start: a, node });
    }
    this.mirror.replaceChildren(frag);
  }
}
