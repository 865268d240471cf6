// newsmark over a <textarea>, read-only.
//
// A textarea's text has no DOM Ranges, so the adapter keeps a mirror: a <div> with the
// same text and the same text-layout styles, hidden inside the adapter's own shadow root.
// Ranges over the mirror's text give the rectangles of each span, and the boxes drawn from
// them sit in a frame laid over the textarea.
//
// Where the boxes live: in a shadow root whose host is appended to `options.container`
// (default document.body), never next to the textarea (an element inserted beside an
// editor breaks pages that own that part of the DOM, and sibling selectors). The frame is
// placed from the textarea's getBoundingClientRect() and scaled by its ratio to
// offsetWidth/offsetHeight, so boxes follow the textarea through scrolling (its own and
// its ancestors'), resizing and scale/translate transforms on any ancestor. A rotated or
// skewed textarea is not followed (the boxes take its bounding box); a textarea that
// moves without any scroll, resize or font event (an animated transform, say) is
// followed after refresh().
//
// Never written: the textarea's value, attributes, selection, focus, scroll position or
// undo history. The adapter only listens (input, scroll, pointer events) and reads.
//
// The mirror holds one block per line of the value (split at "\n"), so an edit re-lays out
// the line it touches, not the whole text; boxes are measured only for the lines around
// what the textarea shows (one screen above and below), found by binary search over the
// lines' positions. A 100,000-word document costs little more per keystroke than its
// visible part.

import { createAnalyzer } from './index.js';
import { createSession } from './session.js';
import { diffText, mapAnalysis } from './edits.js';
import { BoxLayer, LAYERS, Overlay, describeAll, partsOf, runsOf, watchGeometry } from './highlight.js';

// The properties that decide where text wraps and where each character sits.
const COPIED = [
  'direction', 'unicode-bidi', 'writing-mode', 'text-orientation',
  'font-family', 'font-size', 'font-style', 'font-weight', 'font-stretch', 'font-variant',
  'font-feature-settings', 'font-variation-settings', 'font-kerning', 'font-optical-sizing',
  'font-size-adjust', 'font-synthesis', 'font-language-override', 'text-rendering',
  'letter-spacing', 'word-spacing', 'line-height', 'text-indent', 'text-transform',
  'text-align', 'text-align-last', 'text-justify', 'tab-size', 'hyphens', 'hyphenate-character',
  'white-space', 'white-space-collapse', 'text-wrap-mode', 'text-wrap-style', 'overflow-wrap',
  'word-break', 'line-break', 'text-spacing-trim', 'text-autospace',
  'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
];

const CSS_TEXT = `
.frame { position: absolute; left: 0; top: 0; transform-origin: 0 0; }
.frame[hidden] { display: none; }
.clip { position: absolute; overflow: hidden; }
.layer { position: absolute; left: 0; top: 0; }
.measure { position: absolute; left: 0; top: 0; width: 0; height: 0; overflow: hidden; visibility: hidden; contain: strict; }
.mirror { position: absolute; left: 0; top: 0; box-sizing: border-box; margin: 0; border: 0; overflow: visible; }
.mirror > div { margin: 0; padding: 0; border: 0; display: flow-root; }
.mirror > div + div { text-indent: 0; } /* the textarea indents only its first line */
`;

/**
 * @param {HTMLTextAreaElement} textarea
 * @param {import('./textarea.js').TextareaOptions} [options]
 */
export function attach(textarea, options = {}) {
  if (!textarea || textarea.localName !== 'textarea') throw new TypeError('newsmark: attach() needs a <textarea>');
  const doc = textarea.ownerDocument;
  const view = doc.defaultView;
  const layers = options.layers ?? LAYERS;
  const ownAnalyzer = !options.analyzer;
  const analyzer = options.analyzer ?? createAnalyzer();

  const overlay = new Overlay(options.container ?? doc.body, CSS_TEXT);
  const el = (cls, parent) => {
    const d = doc.createElement('div');
    d.className = cls;
    parent.append(d);
    return d;
  };
  const frame = el('frame', overlay.root);
  const clip = el('clip', frame);
  const layer = el('layer', clip);
  const boxes = new BoxLayer(layer);
  const measure = el('measure', overlay.root);
  const mirror = el('mirror', measure);
  // One <div> per line; each holds a Text node with the line and its "\n" (a block
  // ending in a preserved newline draws no extra line, and an empty line's lone "\n"
  // draws exactly one, as in the textarea).
  let mirrorValue = null; // the text the mirror holds
  // The change from the mirror's text to `text` when one input event made it (so the
  // mirror need not diff the whole text again); null: diff.
  let pendingEdit = null;
  /** @type {Text[]} */ let lineNodes = [];
  /** @type {number[]} */ let lineStarts = [];
  const probe = doc.createRange();

  let text = textarea.value;
  let analysis = null; // for `text`
  let runs = [];
  let active = null; // the item under the pointer
  let styleKey = '';
  let drawn = []; // [{ run, rects }] in layer coordinates, for hit testing
  let window_ = null; // { top, bottom }: the mirror band the boxes cover
  let frameGeom = null; // { left, top, sx, sy, clientLeft, clientTop }
  let drawFrame = 0;
  let hover = null; // last pointer position { x, y }
  let hoverFrame = 0;
  let detached = false;

  const session = createSession({
    analyzer,
    layers: options.layers,
    debounceMs: options.debounceMs,
    getText: () => text,
    onError: options.onError,
    onResult(result, resultText) {
      if (detached) return;
      analysis = result;
      runs = runsOf(result, layers);
      active = null;
      scheduleDraw();
      options.onResult?.(result, resultText);
    },
  });

  // ---- drawing ----

  function scheduleDraw() {
    if (!drawFrame && !detached) drawFrame = view.requestAnimationFrame(draw);
  }

  function syncMirror(cs) {
    let key = '';
    for (const p of COPIED) key += `${cs.getPropertyValue(p)};`;
    const lang = textarea.closest('[lang]')?.getAttribute('lang') ?? '';
    key += lang;
    if (key !== styleKey) {
      styleKey = key;
      for (const p of COPIED) mirror.style.setProperty(p, cs.getPropertyValue(p));
      mirror.lang = lang;
    }
    const width = `${textarea.clientWidth}px`;
    if (mirror.style.width !== width) mirror.style.width = width;
    syncLines();
  }

  /** Brings the mirror's lines to `text`, rewriting only the lines the edit touched. */
  function syncLines() {
    if (mirrorValue === text) return;
    let first = 0; // first line rewritten
    let count = lineNodes.length; // old lines replaced
    let replacement;
    if (mirrorValue === null) replacement = text.split('\n');
    else {
      const c = pendingEdit ?? diffText(mirrorValue, text);
      first = lineAt(c.from);
      const lastOld = lineAt(c.to);
      count = lastOld - first + 1;
      const start = lineStarts[first];
      const end = lastOld + 1 < lineStarts.length ? lineStarts[lastOld + 1] - 1 : mirrorValue.length;
      replacement = text.slice(start, end + c.insert - (c.to - c.from)).split('\n');
    }
    const total = lineNodes.length - count + replacement.length;
    const lastLine = total - 1;
    const dataOf = (line, i) => (i < lastLine ? `${line}\n` : line);
    // Lines kept in place are rewritten; extra ones are inserted or removed. Only a line in
    // the edited range can become or stop being the last line (the one without "\n").
    const keep = Math.min(count, replacement.length);
    for (let k = 0; k < keep; k++) {
      const data = dataOf(replacement[k], first + k);
      if (lineNodes[first + k].data !== data) lineNodes[first + k].data = data;
    }
    if (count > keep) {
      for (const n of lineNodes.splice(first + keep, count - keep)) n.parentNode.remove();
    } else if (replacement.length > keep) {
      const frag = doc.createDocumentFragment();
      const fresh = [];
      for (let k = keep; k < replacement.length; k++) {
        const div = doc.createElement('div');
        const node = doc.createTextNode(dataOf(replacement[k], first + k));
        div.append(node);
        frag.append(div);
        fresh.push(node);
      }
      mirror.insertBefore(frag, lineNodes[first + keep]?.parentNode ?? null);
      lineNodes.splice(first + keep, 0, ...fresh);
    }
    lineStarts = new Array(total);
    let at = 0;
    for (let i = 0; i < total; i++) {
      lineStarts[i] = at;
      at += lineNodes[i].data.length + (i < lastLine ? 0 : 1);
    }
    mirrorValue = text;
    pendingEdit = null;
  }

  /** The line holding a text offset (a line's "\n" belongs to it). */
  function lineAt(offset) {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The mirror position of a text offset: [Text node, offset in it]. */
  function locate(offset) {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const node = lineNodes[lo];
    return [node, Math.min(offset - lineStarts[lo], node.data.length)];
  }

  /** Places the frame over the textarea; false when the textarea is not rendered. */
  function placeFrame() {
    const w = textarea.offsetWidth;
    const h = textarea.offsetHeight;
    if (!w || !h || !textarea.isConnected) {
      frame.hidden = true;
      frameGeom = null;
      return false;
    }
    frame.hidden = false;
    const r = textarea.getBoundingClientRect();
    const o = overlay.origin();
    const sx = r.width / w;
    const sy = r.height / h;
    frame.style.transform = `translate(${r.left - o.x}px, ${r.top - o.y}px) scale(${sx}, ${sy})`;
    frame.style.width = `${w}px`;
    frame.style.height = `${h}px`;
    const g = { left: r.left, top: r.top, sx, sy, clientLeft: textarea.clientLeft, clientTop: textarea.clientTop };
    clip.style.cssText = `left:${g.clientLeft}px;top:${g.clientTop}px;width:${textarea.clientWidth}px;height:${textarea.clientHeight}px`;
    frameGeom = g;
    return true;
  }

  function placeLayer() {
    layer.style.transform = `translate(${-textarea.scrollLeft}px, ${-textarea.scrollTop}px)`;
  }

  /** The first line whose block ends below y (mirror coordinates), by binary search. */
  function lineBelow(y) {
    let lo = 0;
    let hi = lineNodes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const div = /** @type {HTMLElement} */ (lineNodes[mid].parentNode);
      if (div.offsetTop + div.offsetHeight > y) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  function draw() {
    drawFrame = 0;
    if (detached) return;
    if (!placeFrame()) {
      boxes.draw([]);
      drawn = [];
      return;
    }
    const cs = view.getComputedStyle(textarea);
    syncMirror(cs);
    placeLayer();
    const items = [];
    if (analysis) for (const r of runs) items.push(r);
    if (active) for (const p of partsOf(active)) items.push({ start: p.start, end: p.end, kind: 'active', item: active });
    const base = mirror.getBoundingClientRect();
    const height = textarea.clientHeight;
    const top = textarea.scrollTop - height / 2;
    const bottom = textarea.scrollTop + 1.5 * height;
    window_ = { top, bottom };
    const from = lineStarts[lineBelow(top)];
    const lastLine = lineBelow(bottom);
    const to = lastLine + 1 < lineStarts.length ? lineStarts[lastLine + 1] : text.length;
    drawn = [];
    for (const run of items) {
      if (run.end <= from || run.start >= to) continue;
      const [sn, so] = locate(Math.min(run.start, text.length));
      const [en, eo] = locate(Math.min(run.end, text.length));
      probe.setStart(sn, so);
      probe.setEnd(en, eo);
      const rects = [];
      for (const b of probe.getClientRects()) {
        if (b.width <= 0 || b.height <= 0) continue;
        rects.push({ left: b.left - base.left, top: b.top - base.top, width: b.width, height: b.height });
      }
      drawn.push({ run, kind: run.kind, rects: merge(rects) });
    }
    boxes.draw(drawn);
    if (hover) updateHover();
    options.onDraw?.();
  }

  // ---- events ----

  function onInput() {
    const now = textarea.value;
    if (now === text) return;
    const change = diffText(text, now);
    pendingEdit = mirrorValue === text ? change : null;
    text = now;
    if (analysis) {
      analysis = mapAnalysis(analysis, [change]);
      runs = runsOf(analysis, layers);
    }
    active = null;
    // The redraw comes before the next paint; the boxes of the spans the change touched go
    // now, so that not even a script reading the overlay finds one on changed text.
    drawn = drawn.filter((d) => {
      const touched = change.from <= d.run.end && change.to >= d.run.start;
      if (touched) boxes.remove(d);
      return !touched;
    });
    session.changed(change);
    scheduleDraw();
  }

  function onScroll() {
    placeLayer();
    const t = textarea.scrollTop;
    const h = textarea.clientHeight;
    if (!window_ || t < window_.top + h * 0.25 || t + h > window_.bottom - h * 0.25) scheduleDraw();
  }

  function toLayer(x, y) {
    const g = frameGeom;
    if (!g) return null;
    return {
      x: (x - g.left) / g.sx - g.clientLeft + textarea.scrollLeft,
      y: (y - g.top) / g.sy - g.clientTop + textarea.scrollTop,
    };
  }

  function updateHover() {
    hoverFrame = 0;
    if (!hover || detached) return;
    const p = toLayer(hover.x, hover.y);
    const hits = [];
    if (p) {
      for (const d of drawn) {
        if (d.kind === 'active') continue;
        if (d.rects.some((r) => p.x >= r.left && p.x < r.left + r.width && p.y >= r.top && p.y < r.top + r.height)) hits.push(d.run);
      }
    }
    const item = hits[0]?.item ?? null;
    if (item !== active) {
      active = item;
      scheduleDraw();
    }
    if (hits.length) overlay.showTip(describeAll(hits, text), hover.x, hover.y);
    else overlay.hideTip();
  }

  const onPointerMove = (e) => {
    hover = { x: e.clientX, y: e.clientY };
    if (!hoverFrame) hoverFrame = view.requestAnimationFrame(updateHover);
  };
  const onPointerLeave = () => {
    hover = null;
    overlay.hideTip();
    if (active) {
      active = null;
      scheduleDraw();
    }
  };

  textarea.addEventListener('input', onInput);
  textarea.addEventListener('scroll', onScroll, { passive: true });
  textarea.addEventListener('pointermove', onPointerMove, { passive: true });
  textarea.addEventListener('pointerleave', onPointerLeave, { passive: true });
  const unwatch = watchGeometry(textarea, scheduleDraw);

  session.refresh();
  scheduleDraw();

  return {
    refresh() {
      if (detached) return;
      onInput();
      styleKey = '';
      session.refresh();
      scheduleDraw();
    },
    detach() {
      if (detached) return;
      detached = true;
      if (drawFrame) view.cancelAnimationFrame(drawFrame);
      if (hoverFrame) view.cancelAnimationFrame(hoverFrame);
      textarea.removeEventListener('input', onInput);
      textarea.removeEventListener('scroll', onScroll);
      textarea.removeEventListener('pointermove', onPointerMove);
      textarea.removeEventListener('pointerleave', onPointerLeave);
      unwatch();
      session.dispose();
      overlay.remove();
      if (ownAnalyzer) analyzer.dispose();
    },
  };
}

/** Joins rects on one line that touch (a span's characters come back as several). */
function merge(rects) {
  const out = [];
  for (const r of rects) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.top - r.top) < 0.5 && Math.abs(last.height - r.height) < 0.5 && Math.abs(last.left + last.width - r.left) < 0.5) {
      last.width = r.left + r.width - last.left;
    } else out.push({ ...r });
  }
  return out;
}
