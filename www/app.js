// The page: editor → analyser → highlights, tooltip, legend, panel. It is built on the
// npm package in lib/ exactly as a third party would use it: the worker-backed analyzer of
// lib/index.js (createAnalyzer; one request at a time, the latest wins) and the highlight
// helpers of lib/highlight.js (runs, highlight names owned by this page, time slicing,
// the viewport window). What is left here is the page's own: the mirror under the
// textarea, the panel and the tooltip.
//
// Requests are coalesced to at most one per animation frame, however many input/paste
// events arrive in it; the analyzer drops any request a newer one overtakes before it
// starts. The mirror text itself is updated on every event, so typing never lags.
// Everything built from user text uses textContent, never HTML.
//
// Nothing a visitor pastes may hang the page:
//   - only the first LIMIT UTF-16 units are analysed (cut at a line or sentence end), and
//     the page says so;
//   - the result comes without the text of its spans (the page slices its own copy) and in
//     pieces (lib/worker.js), the highlights are built in time slices, and the panel lists
//     at most GROUPS sources of CLAIMS claims each;
//   - an analyzer that fails (a wasm that does not load, a trap, out of memory) or takes
//     longer than WATCHDOG_MS is disposed of and a fresh one analyses the next edit.
// <html data-state> is "busy" from an edit until its highlights are registered, then
// "ready" (or "error"); a `newsmark:rendered` event fires on document at each "ready".

import { createAnalyzer } from './lib/index.js';
import {
  CssHighlights,
  claimPrefix,
  flagged,
  mapSliced,
  nearestRuns,
  nextSlice,
  runsOf,
  supportsHighlights,
} from './lib/highlight.js';

/**
 * The most text analysed, in UTF-16 units: about 2 s of the analyser's worst known input
 * ("said said …") in this page's worker on the test machine; README, "The page", has the
 * measurement. Longer texts are cut rather than left to run for many seconds.
 */
const LIMIT = 750_000;
const CUT_BACK = 10_000; // how far before LIMIT a cut may fall (a few pages of text)
const WATCHDOG_MS = 30_000;
const GROUPS = 40; // sources listed in the panel
const CLAIMS = 12; // claims listed per source

// ---- the mirror: the text shown under the textarea, and its highlights ----
//
// The CSS Custom Highlight API paints DOM Ranges, and a <textarea> has no text nodes to
// range over. The editor is a transparent textarea laid exactly over a read-only <div>
// whose text is the same string; the div shows the text and its highlights, the textarea
// takes the typing, pasting, selection and undo.
//
// With CSS.highlights the mirror holds the text as a row of plain text nodes of about
// CHUNK units each (see there why not one), an offset maps to a node by binary search, and
// the ranges are registered through lib/highlight.js (CssHighlights, under this page's
// own `newsmark-page-<kind>` names: other highlights on the page are left alone). Without
// the API, the mirror is rebuilt as runs of <span>s made with createElement + textContent
// (user text never goes through HTML).
//
// Hover finds the text offset under the pointer (the caret hit test, with the textarea
// briefly made transparent to it), then checks the rectangles of the few runs at that
// offset, so it costs the same for ten runs or a hundred thousand.

const native = supportsHighlights();
// The mirror's text is split into text nodes of about this many UTF-16 units. Chromium keeps
// highlight markers in a sorted list per text node and inserts each one in place, so over a
// single node the cost grows with the square of the ranges: registering those of a megabyte
// of news took one task of several seconds, over nodes of 2,048 units well under one.
const CHUNK = 2048;
// Above MAX_RANGES runs only those within WINDOW units of the visible text are registered
// (nearestRuns in lib/highlight.js), and the window follows scrolling. Moving a window of
// 5,000 ranges took a 185 ms task in tests/e2e/stress.test.mjs on the test machine, of 3,000
// a 117 ms one. The fallback makes spans of the first MAX_RANGES runs only.
const MAX_RANGES = 3000;
const WINDOW = 12_000;

class Mirror {
  /** `cover`: the textarea laid over the mirror, made transparent to hover hit tests. */
  constructor(mirror, cover) {
    this.mirror = mirror;
    this.cover = cover;
    this.hl = native ? new CssHighlights(claimPrefix('page'), { styles: false }) : null;
    this.runs = [];
    this.rects = null;
    this.active = []; // the hovered item's ranges, kept when the window moves
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
    this.covered = null;
    this.active = [];
    this.hl?.draw([]);
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
   * Highlights `runs` (lib/highlight.js runsOf) over the current text. Resolves to true
   * once they are registered (all of them, or the window around the viewport), or to false
   * when a newer setText or render cancelled it.
   */
  async render(runs) {
    const job = ++this.job;
    const wanted = () => job === this.job;
    this.runs = [];
    this.rects = null;
    this.covered = null;
    this.active = [];
    this.shownUpTo = this.text.length; // highlights end here (fallback with many runs only)
    if (native) {
      this.hl.draw([]);
      this.runs = runs;
      if (runs.length > MAX_RANGES) return this.#window();
      // Registered once all the ranges exist: the browser rebuilds its markers for every
      // registered range whenever any highlight changes.
      const ranges = await mapSliced(runs, (r) => this.rangeOf(r), { wanted });
      if (!ranges || !wanted()) return false;
      this.hl.draw(runs.map((r, i) => ({ kind: r.kind, range: ranges[i] })));
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
      if (!(await this.#spans(shown, wanted)) || !wanted()) return false;
      this.shownUpTo = upTo;
    } else if (!(await this.#spans(shown, wanted)) || !wanted()) return false;
    this.runs = shown;
    return true;
  }

  /** On scroll and resize: moves the window once the visible text leaves what it covers. */
  viewportMoved() {
    if (!native || !this.covered || this.runs.length <= MAX_RANGES) return;
    const [from, to] = this.#visible();
    if (from < this.covered[0] || to > this.covered[1]) this.#window();
  }

  /** Marks the parts of the items (and a hedge's scope) as active. Native mode only. */
  activate(items) {
    if (!native) return;
    const ranges = [];
    for (const item of items) {
      for (const r of this.runs) if (r.item === item) ranges.push(this.rangeOf(r));
      if (item.scope) ranges.push(this.range(item.scope.start, item.scope.end));
    }
    this.active = ranges;
    this.hl.drawKind('active', ranges);
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

  // Registers the runs nearest the visible text and remembers what they cover.
  #window() {
    const [from, to] = this.#visible();
    const near = nearestRuns(this.runs, from, to, { max: MAX_RANGES, reach: WINDOW });
    this.covered = near.covered;
    const entries = near.runs.map((r) => ({ kind: r.kind, range: this.rangeOf(r) }));
    for (const range of this.active) entries.push({ kind: 'active', range });
    this.hl.draw(entries);
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

  // The text offset nearest (x, y) in the mirror, or null when the browser has no caret hit test.
  #offsetAtPoint(x, y) {
    const byPosition = typeof document.caretPositionFromPoint === 'function';
    if (!byPosition && typeof document.caretRangeFromPoint !== 'function') return null;
    const cover = this.cover.style;
    const was = cover.pointerEvents;
    cover.pointerEvents = 'none';
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
      cover.pointerEvents = was;
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

  // Fallback: the mirror becomes plain text nodes and <span class="m-KIND …"> runs, built
  // off-screen in time slices and swapped in at the end.
  async #spans(runs, wanted) {
    const text = this.text;
    const cuts = new Set([0, text.length]);
    for (const r of runs) cuts.add(r.start).add(r.end);
    const points = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    // One sweep over runs sorted by start: a run opens at its start cut and stays
    // active until a segment starts at or after its end.
    const sorted = [...runs].sort((x, y) => x.start - y.start);
    let next = 0, active = [];
    const segments = await mapSliced(
      points.slice(0, -1),
      (a, i) => {
        const b = points[i + 1];
        active = active.filter((r) => r.end > a);
        for (; next < sorted.length && sorted[next].start <= a; next++) active.push(sorted[next]);
        const kinds = [...new Set(active.map((r) => r.kind))];
        const node = document.createTextNode(text.slice(a, b));
        if (kinds.length) {
          const span = document.createElement('span');
          span.className = kinds.map((k) => `m-${k}`).join(' ');
          span.append(node);
          frag.append(span);
        } else frag.append(node);
        return { start: a, node };
      },
      { wanted },
    );
    if (!segments) return false;
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

const $ = (id) => document.getElementById(id);
const input = $('text');
const tip = $('tip');
const marks = new Mirror($('mirror'), input);
const EMPTY = { entities: [], claims: [], hedges: [] };
const NOTE = native ? '' : 'This browser lacks the CSS Custom Highlight API: highlights use a slower fallback.';

let frame = 0;
let analysis = EMPTY;
let analysed = null; // {text, cut, ms} of the analysis on screen
let latest = null; // {text, cut, t0, analyzer} of the newest request, until it is answered
let analyzer = null; // lib/index.js createAnalyzer(): worker-backed
let dead = ''; // why the analyser cannot run in this browser at all
let watchdog = 0;
let problem = ''; // the last failure, shown until an analysis succeeds
let renders = 0; // bumped by every render and edit: a render in progress stops when it changes

const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
};
const clip = (s, n = 140) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const layers = () => new Set([...document.querySelectorAll('#legend input:checked')].map((c) => c.value));
const count = (n) => n.toLocaleString('en');
const setState = (state) => (document.documentElement.dataset.state = state);
// The worker sends spans without their text (see worker.js); it is the analysed text's slice.
const said = (span) => (span ? analysed.text.slice(span.start, span.end) : '');

/**
 * Where to cut `text` so that at most `limit` UTF-16 units are analysed: after the last
 * line break in the final CUT_BACK units of the allowance, else after the last sentence end
 * there, else after the last space there, else at `limit` itself; never between the two
 * halves of a surrogate pair.
 */
function cutPoint(text, limit) {
  if (text.length <= limit) return text.length;
  const floor = Math.max(0, limit - CUT_BACK);
  const nl = text.lastIndexOf('\n', limit - 1);
  if (nl >= floor) return nl + 1;
  const closers = '"\'”’)]';
  for (let i = limit - 1; i > floor; i--) {
    if (!/\s/.test(text[i])) continue;
    let j = i - 1;
    while (j > floor && closers.includes(text[j])) j--;
    if ('.!?'.includes(text[j])) return i + 1;
  }
  for (let i = limit - 1; i > floor; i--) if (/\s/.test(text[i])) return i + 1;
  const c = text.charCodeAt(limit - 1);
  return c >= 0xd800 && c <= 0xdbff ? limit - 1 : limit;
}

function status() {
  const parts = [];
  if (dead) parts.push(`The analyser cannot run here: ${dead}`);
  else if (problem) parts.push(problem);
  if (analysed && analysed.cut < analysed.text.length)
    parts.push(
      `Analysed the first ${count(analysed.cut)} of ${count(analysed.text.length)} characters: ` +
        'the rest is too long to analyse in the browser and is not highlighted.',
    );
  if (analysed && marks.shownUpTo < analysed.cut)
    parts.push(`Highlights stop at character ${count(marks.shownUpTo)}: without the CSS Custom Highlight API, more would make the page slow.`);
  else if (NOTE) parts.push(NOTE);
  $('status').textContent = parts.join(' ');
}

function schedule() {
  if (!frame) frame = requestAnimationFrame(request);
}

function edited() {
  renders++;
  marks.setText(input.value);
  setState('busy');
  hideTip();
  schedule();
}

function request() {
  frame = 0;
  if (dead) return;
  const text = input.value;
  if (latest?.text === text) return; // already asked (a paste event and its input event)
  analyzer ??= createAnalyzer();
  const cut = cutPoint(text, LIMIT);
  const job = (latest = { text, cut, t0: performance.now(), analyzer });
  // The newest request supersedes one still waiting (it rejects with an AbortError); one
  // already running finishes first, and its result is dropped below if the text changed.
  analyzer.analyze(cut < text.length ? text.slice(0, cut) : text, { withText: false }).then(
    (result) => answer(job, result),
    (e) => {
      if (e?.name === 'AbortError' || job.analyzer !== analyzer) return;
      failed(e);
    },
  );
  if (!watchdog) arm();
}

// The watchdog times the request the analyzer is running: armed by the first request, and
// again each time a result arrives while a newer request is still to be answered.
function arm() {
  clearTimeout(watchdog);
  watchdog = setTimeout(() => {
    watchdog = 0;
    failed(new Error(`The analysis took longer than ${WATCHDOG_MS / 1000} s and was stopped`), 'timeout');
  }, WATCHDOG_MS);
}

// The analyzer failed (or ran too long): say so, dispose of it, and let the next edit start
// a fresh one, unless it cannot load in this browser at all (no WebAssembly SIMD).
function failed(e, why = 'failed') {
  clearTimeout(watchdog);
  watchdog = 0;
  analyzer?.dispose();
  analyzer = null;
  latest = null;
  const message = String(e?.message ?? e).replace(/^newsmark: /, '');
  if (/lacks WebAssembly SIMD/.test(message)) dead = message;
  problem = dead ? '' : `${why === 'timeout' ? message : `Analysis failed: ${message}`}. It restarts with your next edit.`;
  status();
  setState('error');
}

function answer(job, result) {
  if (job.analyzer !== analyzer) return; // from an analyzer given up on
  clearTimeout(watchdog);
  watchdog = 0;
  // An older request that was already running: the newest one runs now.
  if (job !== latest) return latest && arm();
  latest = null;
  problem = '';
  if (job.text !== input.value) return request();
  analysis = result;
  const ms = performance.now() - job.t0;
  analysed = { text: job.text, cut: job.cut, ms };
  const cutNote = job.cut < job.text.length ? ` (the first ${count(job.cut)})` : '';
  $('timing').textContent = `${count(job.text.length)} characters${cutNote} analysed in ${ms.toFixed(1)} ms`;
  status();
  render();
}

// Each step in its own task: for a long text, the panel and the runs each take a while.
async function render() {
  if (!analysed || analysed.text !== input.value) return;
  const job = ++renders;
  setState('busy');
  panel();
  await nextSlice();
  if (job !== renders) return;
  const runs = runsOf(analysis, layers());
  await nextSlice();
  if (job !== renders) return;
  if (await marks.render(runs)) {
    status();
    $('timing').dataset.length = analysed.text.length;
    setState('ready');
    document.dispatchEvent(new Event('newsmark:rendered'));
  }
}

// ---- tooltip: what is under the pointer or the caret ----

const SOURCE_KIND = {
  named: 'named source',
  described: 'described source',
  vague: 'vague source',
  pronoun: 'pronoun source',
  none: 'no source',
};
const HEDGE_TYPE = {
  modal_probable: 'probable (modal)',
  modal_possible: 'possible (modal)',
  hypo_doxastic: 'belief or hearsay',
  hypo_investigation: 'open question',
  hypo_condition: 'condition',
  weasel: 'weasel attribution',
};

function describe(item) {
  const box = el('div', 'tip-item');
  const row = (k, v) => {
    const r = el('div', 'tip-row');
    r.append(el('span', 'tip-key', k), el('span', 'tip-val', v));
    box.append(r);
  };
  if (item.label) {
    box.append(el('div', `tip-title t-ent-${item.label}`, item.label));
    row('text', said(item));
  } else if (item.content) {
    box.append(el('div', `tip-title t-claim${flagged(item) ? ' t-flag' : ''}`, `Claim · ${SOURCE_KIND[item.source_kind]}`));
    const resolved = item.source_resolved ? ` → ${said(item.source_resolved)}` : '';
    row('source', item.source ? said(item.source) + resolved : '— nobody —');
    row('cue', said(item.cue));
    row('content', clip(item.content.map((p) => clip(said(p))).join(' … ')));
  } else {
    box.append(el('div', 'tip-title t-hedge', `Hedge · ${HEDGE_TYPE[item.type] ?? item.type}`));
    row('cue', said(item.cue));
    row('weakens', item.scope ? clip(input.value.slice(item.scope.start, item.scope.end)) : '—');
  }
  return box;
}

function showTip(runs, anchor) {
  const items = [...new Set(runs.map((r) => r.item))];
  if (!items.length) return hideTip();
  marks.activate(items);
  tip.replaceChildren(...items.map(describe));
  tip.hidden = false;
  const box = tip.getBoundingClientRect();
  const left = Math.min(Math.max(8, anchor.left), document.documentElement.clientWidth - box.width - 8);
  const below = anchor.bottom + 8 + box.height < innerHeight;
  tip.style.left = `${left + scrollX}px`;
  tip.style.top = `${(below ? anchor.bottom + 8 : anchor.top - box.height - 8) + scrollY}px`;
}

function hideTip() {
  tip.hidden = true;
  marks.activate([]);
}

let pointer = null;
input.addEventListener('mousemove', (e) => {
  const first = !pointer;
  pointer = e;
  if (first)
    requestAnimationFrame(() => {
      const { clientX: x, clientY: y } = pointer;
      pointer = null;
      const runs = marks.runsAtPoint(x, y);
      if (runs.length) showTip(runs, { left: x, top: y - 12, bottom: y + 12 });
      else if (document.activeElement !== input) hideTip();
    });
});
input.addEventListener('mouseleave', () => document.activeElement !== input && hideTip());

// Keyboard: what the caret is in. A collapsed caret only, so selecting text stays quiet.
function caretTip() {
  if (input.selectionStart !== input.selectionEnd) return hideTip();
  const runs = marks.runsAtOffset(input.selectionStart);
  const rect = runs.length && marks.rangeOf(runs[0]).getBoundingClientRect();
  if (rect) showTip(runs, rect);
  else hideTip();
}
for (const type of ['click', 'focus']) input.addEventListener(type, caretTip);
input.addEventListener('keyup', (e) => (e.key === 'Escape' ? hideTip() : caretTip()));
input.addEventListener('blur', hideTip);

// ---- side panel: counts and claims grouped by source ----

function panel() {
  const { entities, claims, hedges } = analysis;
  const nflag = claims.filter(flagged).length;
  $('n-entities').textContent = entities.length;
  $('n-claims').textContent = claims.length;
  $('n-hedges').textContent = hedges.length;
  $('n-flagged').textContent = nflag ? `${nflag} unsourced or vague` : '';

  const byLabel = new Map();
  for (const e of entities) byLabel.set(e.label, (byLabel.get(e.label) ?? 0) + 1);
  $('entity-labels').replaceChildren(
    ...[...byLabel].map(([label, n]) => el('li', `chip t-ent-${label}`, `${label} ${n}`)),
  );

  // Group by who is speaking: the resolved name for pronouns, the source text otherwise.
  const groups = new Map();
  for (const c of claims) {
    const who =
      c.source_kind === 'none'
        ? 'No source'
        : clip(said(c.source_resolved ?? c.source) || 'No source', 80).replace(/\s+/g, ' ');
    const key = `${flagged(c) ? 0 : 1}${who.toLowerCase()}`;
    if (!groups.has(key)) groups.set(key, { who, flag: flagged(c), kind: c.source_kind, claims: [] });
    groups.get(key).claims.push(c);
  }
  // Bounded: a long text can hold thousands of sources and claims; the counts say the rest.
  const sorted = [...groups.values()].sort((a, b) => b.flag - a.flag || b.claims.length - a.claims.length);
  const more = (n, what) => el('li', 'more', `and ${count(n)} more ${what}`);
  const shown = sorted.slice(0, GROUPS).map((g) => {
    const li = el('li', g.flag ? 'group flag' : 'group');
    const head = el('div', 'group-head');
    head.append(el('span', 'who', g.who), el('span', 'kind', SOURCE_KIND[g.kind]));
    const list = el('ul');
    for (const c of g.claims.slice(0, CLAIMS)) {
      const b = el('button', 'claim', clip(c.content.map((p) => clip(said(p), 110)).join(' … ') || said(c.cue), 110));
      b.type = 'button';
      b.title = 'Select this claim in the text';
      b.addEventListener('click', () => select(c));
      const item = el('li');
      item.append(b);
      list.append(item);
    }
    if (g.claims.length > CLAIMS) list.append(more(g.claims.length - CLAIMS, 'claims'));
    li.append(head, list);
    return li;
  });
  if (sorted.length > GROUPS) shown.push(more(sorted.length - GROUPS, 'sources'));
  $('claims').replaceChildren(...shown);
  $('no-claims').hidden = claims.length > 0;
}

function select(claim) {
  const parts = [claim.source, claim.cue, ...claim.content].filter(Boolean);
  const start = Math.min(...parts.map((p) => p.start));
  const end = Math.max(...parts.map((p) => p.end));
  input.focus();
  input.setSelectionRange(start, end);
  const runs = marks.runs.filter((r) => r.item === claim);
  if (!runs.length) return;
  const r = marks.rangeOf(runs[0]).getBoundingClientRect();
  if (r.top < 0 || r.bottom > innerHeight) scrollBy(0, r.top - innerHeight / 3);
  showTip(runs, marks.rangeOf(runs[0]).getBoundingClientRect());
}

// ---- wiring ----

input.addEventListener('input', edited);
// The pasted text lands after this event; the frame's analysis reads it then.
input.addEventListener('paste', schedule);
$('legend').addEventListener('change', () => {
  hideTip();
  render();
});
addEventListener('resize', () => {
  marks.invalidate();
  viewportMoved();
});
// A long text's highlights follow the viewport (highlight.js, Marks#window).
let moved = 0;
function viewportMoved() {
  if (!moved) moved = requestAnimationFrame(() => {
    moved = 0;
    marks.viewportMoved();
  });
}
addEventListener('scroll', viewportMoved, { passive: true });
$('sample').addEventListener('click', async () => {
  const res = await fetch('sample.txt');
  input.value = await res.text();
  edited();
  input.focus();
  input.setSelectionRange(0, 0);
});
$('clear').addEventListener('click', () => {
  input.value = '';
  edited();
  input.focus();
});
document.documentElement.dataset.highlights = native ? 'native' : 'fallback';
document.documentElement.dataset.limit = LIMIT;

status();
edited();
