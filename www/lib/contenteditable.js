// newsmark over a contenteditable element (or any element whose text changes), read-only.
//
// The text is read from the element's Text nodes (text-model.js: block boundaries and
// <br> become "\n", with a table back to each node), and spans are drawn with CSS Custom
// Highlights over the element's own nodes under names owned by this instance
// (`newsmark-<id>-<kind>`): the element's DOM, caret, selection and undo history are
// never touched, no wrapping <span>s, no attributes. Where the Highlight API is missing,
// the same spans are drawn as boxes from Range.getClientRects() in the adapter's shadow
// root (highlight.js), which also holds the hover tooltip.
//
// Every mutation of the element (typing, paste, an editor framework re-rendering its
// nodes) is seen by a MutationObserver on the element: the text is re-read, the current
// result is mapped through the change (spans it touches are dropped before the next
// paint) and the session re-analyses the whole text after a pause.

import { createAnalyzer } from './index.js';
import { createSession } from './session.js';
import { diffText, mapAnalysis } from './edits.js';
import {
  BoxLayer, CssHighlights, LAYERS, Overlay, claimPrefix, describeAll, partsOf, releasePrefix, runsOf,
  supportsHighlights, watchGeometry,
} from './highlight.js';
import { TextModel } from './text-model.js';

const VIRTUAL = 20_000;

const CSS_TEXT = `
.clip { position: absolute; left: 0; top: 0; overflow: hidden; }
.clip[hidden] { display: none; }
.layer { position: absolute; left: 0; top: 0; }
`;

/**
 * @param {HTMLElement} element
 * @param {import('./contenteditable.js').ContentEditableOptions} [options]
 */
export function attach(element, options = {}) {
  if (!element || element.nodeType !== 1) throw new TypeError('newsmark: attach() needs an element');
  const doc = element.ownerDocument;
  const view = doc.defaultView;
  const layers = options.layers ?? LAYERS;
  const native = supportsHighlights(view);
  const ownAnalyzer = !options.analyzer;
  const analyzer = options.analyzer ?? createAnalyzer();
  const prefix = claimPrefix(options.id);

  const overlay = new Overlay(options.container ?? doc.body, CSS_TEXT);
  const highlights = native ? new CssHighlights(prefix, { document: doc, styles: options.styles !== false }) : null;
  let clip = null;
  let layer = null;
  if (!native) {
    clip = doc.createElement('div');
    clip.className = 'clip';
    layer = doc.createElement('div');
    layer.className = 'layer';
    clip.append(layer);
    overlay.root.append(clip);
  }
  const boxes = layer ? new BoxLayer(layer) : null;

  let whiteSpace = view.getComputedStyle(element).whiteSpace;
  let model = new TextModel(element, { whiteSpace });
  let text = model.text;
  let analysis = null; // for `text`
  let runs = [];
  let active = null;
  let boxFrame = 0;
  // The text offsets drawn: what is on screen and half a screen around it (a long document
  // pays per keystroke for what can be seen, not for its length). Below VIRTUAL code units
  // everything is drawn.
  let win = { from: 0, to: Infinity };
  let drawn = []; // fallback: [{ run, kind, rects }]
  let hover = null;
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
      options.onResult?.(result, resultText);
      draw();
    },
  });

  // ---- drawing ----

  function activeParts() {
    return active ? partsOf(active).map((p) => ({ start: p.start, end: p.end, kind: 'active' })) : [];
  }

  function inWindow(r) {
    return r.end >= win.from && r.start <= win.to;
  }

  /** Redraws the spans in the window: highlights now, boxes in the next frame. */
  function draw() {
    if (detached) return;
    if (native) {
      const entries = [];
      for (const r of [...runs, ...activeParts()]) {
        if (!inWindow(r)) continue;
        const range = model.staticRange(r.start, r.end);
        if (range) entries.push({ kind: r.kind, range });
      }
      highlights.draw(entries);
      options.onDraw?.();
    }
    scheduleFrame();
  }

  function scheduleFrame() {
    if (!boxFrame && !detached) boxFrame = view.requestAnimationFrame(onFrame);
  }

  // Once per frame after a change, scroll or resize: the window moves with the view, and
  // the fallback's boxes are measured (measuring forces layout, which the frame does anyway).
  function onFrame() {
    boxFrame = 0;
    if (detached) return;
    const next = visibleWindow();
    if (native) {
      if (next.from !== win.from || next.to !== win.to) {
        win = next;
        draw();
      }
      return;
    }
    win = next;
    drawBoxesNow();
  }

  function visibleWindow() {
    const nodes = model.nodes;
    if (text.length < VIRTUAL || !nodes.length) return { from: 0, to: Infinity };
    const vh = view.innerHeight;
    const box = element.getBoundingClientRect();
    const top = Math.max(box.top, 0) - vh / 2;
    const bottom = Math.min(box.bottom, vh) + vh / 2;
    if (bottom < top) return { from: 0, to: -1 };
    const probe = doc.createRange();
    const rectOf = (i) => {
      probe.selectNodeContents(nodes[i]);
      return probe.getBoundingClientRect();
    };
    let lo = 0;
    let hi = nodes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rectOf(mid).bottom >= top) hi = mid;
      else lo = mid + 1;
    }
    const first = lo;
    hi = nodes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (rectOf(mid).top <= bottom) lo = mid;
      else hi = mid - 1;
    }
    return { from: model.starts[first], to: model.starts[lo] + nodes[lo].data.length };
  }

  function drawBoxesNow() {
    const o = overlay.origin();
    const box = element.getBoundingClientRect();
    if (!element.isConnected || (!box.width && !box.height)) {
      clip.hidden = true;
      return;
    }
    clip.hidden = false;
    // Clipped to the element's box: spans scrolled out of a scrolling editor stay hidden.
    clip.style.cssText = `transform:translate(${box.left - o.x}px,${box.top - o.y}px);width:${box.width}px;height:${box.height}px`;
    drawn = [];
    for (const r of [...runs, ...activeParts()]) {
      if (!inWindow(r)) continue;
      const range = model.range(r.start, r.end);
      if (!range) continue;
      const rects = [];
      for (const b of range.getClientRects()) {
        if (b.width > 0 && b.height > 0) rects.push({ left: b.left - box.left, top: b.top - box.top, width: b.width, height: b.height });
      }
      drawn.push({ run: r, kind: r.kind, rects });
    }
    boxes.draw(drawn);
    options.onDraw?.();
  }

  // ---- changes ----

  function reread() {
    const next = new TextModel(element, { whiteSpace });
    const change = diffText(text, next.text);
    model = next;
    if (change) {
      text = next.text;
      if (analysis) {
        analysis = mapAnalysis(analysis, [change]);
        runs = runsOf(analysis, layers);
      }
      active = null;
      // The window follows the edit until the next frame measures it again.
      const delta = change.insert - (change.to - change.from);
      if (win.to !== Infinity && win.to >= change.to) win = { from: win.from, to: win.to + delta };
      if (!native) {
        // Boxes are measured in the next frame, before it paints; the ones on the
        // changed text go now.
        drawn = drawn.filter((d) => {
          const touched = change.from <= d.run.end && change.to >= d.run.start;
          if (touched) boxes.remove(d);
          return !touched;
        });
      }
    }
    // Redrawn even when the text is the same: the nodes may be new ones.
    draw();
    if (change) session.changed(change);
  }

  const observer = new view.MutationObserver(() => {
    if (!detached) reread();
  });
  observer.observe(element, { childList: true, characterData: true, subtree: true });

  // ---- hover ----

  function caretAt(x, y) {
    if (typeof doc.caretPositionFromPoint === 'function') {
      const p = doc.caretPositionFromPoint(x, y);
      return p ? [p.offsetNode, p.offset] : null;
    }
    if (typeof doc.caretRangeFromPoint === 'function') {
      const r = doc.caretRangeFromPoint(x, y);
      return r ? [r.startContainer, r.startOffset] : null;
    }
    return null;
  }

  function updateHover() {
    hoverFrame = 0;
    if (!hover || detached) return;
    const { x, y } = hover;
    const hits = [];
    const at = caretAt(x, y);
    const offset = at ? model.offsetOf(at[0], at[1]) : -1;
    if (offset >= 0) {
      for (const r of runs) {
        if (r.start > offset + 1 || r.end < offset - 1) continue;
        const range = model.range(r.start, r.end);
        if (!range) continue;
        for (const b of range.getClientRects()) {
          if (x >= b.left && x < b.right && y >= b.top && y < b.bottom) {
            hits.push(r);
            break;
          }
        }
      }
    }
    const item = hits[0]?.item ?? null;
    if (item !== active) {
      active = item;
      if (native) {
        const ranges = [];
        for (const p of activeParts()) {
          const range = model.staticRange(p.start, p.end);
          if (range) ranges.push(range);
        }
        highlights.drawKind('active', ranges);
      } else scheduleFrame();
    }
    if (hits.length) overlay.showTip(describeAll(hits, text), x, y);
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
      if (native) highlights.drawKind('active', []);
      else scheduleFrame();
    }
  };
  element.addEventListener('pointermove', onPointerMove, { passive: true });
  element.addEventListener('pointerleave', onPointerLeave, { passive: true });
  const unwatch = watchGeometry(element, () => {
    onFrame();
    if (hover) updateHover();
  });

  session.refresh();

  return {
    refresh() {
      if (detached) return;
      whiteSpace = view.getComputedStyle(element).whiteSpace;
      reread();
      session.refresh();
    },
    detach() {
      if (detached) return;
      detached = true;
      observer.disconnect();
      if (boxFrame) view.cancelAnimationFrame(boxFrame);
      if (hoverFrame) view.cancelAnimationFrame(hoverFrame);
      element.removeEventListener('pointermove', onPointerMove);
      element.removeEventListener('pointerleave', onPointerLeave);
      unwatch();
      session.dispose();
      highlights?.dispose();
      releasePrefix(prefix);
      overlay.remove();
      if (ownAnalyzer) analyzer.dispose();
    },
  };
}
