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
  CssHighlights, LAYERS, Overlay, claimPrefix, describeAll, drawBoxes, partsOf, releasePrefix, runsOf,
  supportsHighlights, watchGeometry,
} from './highlight.js';
import { TextModel } from './text-model.js';

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

  let whiteSpace = view.getComputedStyle(element).whiteSpace;
  let model = new TextModel(element, { whiteSpace });
  let text = model.text;
  let analysis = null; // for `text`
  let runs = [];
  let active = null;
  let boxFrame = 0;
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

  function draw() {
    if (detached) return;
    if (native) {
      const entries = [];
      for (const r of runs) {
        const range = model.staticRange(r.start, r.end);
        if (range) entries.push({ kind: r.kind, range });
      }
      for (const p of activeParts()) {
        const range = model.staticRange(p.start, p.end);
        if (range) entries.push({ kind: 'active', range });
      }
      highlights.draw(entries);
      options.onDraw?.();
    } else {
      // Boxes are measured in the next frame (measuring forces layout); until then none
      // is shown, so none sits on text that moved.
      layer.style.visibility = 'hidden';
      scheduleBoxes();
    }
  }

  function scheduleBoxes() {
    if (!native && !boxFrame && !detached) boxFrame = view.requestAnimationFrame(drawBoxesNow);
  }

  function drawBoxesNow() {
    boxFrame = 0;
    if (detached) return;
    const o = overlay.origin();
    const box = element.getBoundingClientRect();
    if (!element.isConnected || (!box.width && !box.height)) {
      clip.hidden = true;
      return;
    }
    clip.hidden = false;
    // Clipped to the element's box: spans scrolled out of a scrolling editor stay hidden.
    clip.style.cssText = `transform:translate(${box.left - o.x}px,${box.top - o.y}px);width:${box.width}px;height:${box.height}px`;
    const items = [];
    for (const r of [...runs, ...activeParts()]) {
      const range = model.range(r.start, r.end);
      if (!range) continue;
      const rects = [];
      for (const b of range.getClientRects()) {
        if (b.width > 0 && b.height > 0) rects.push({ left: b.left - box.left, top: b.top - box.top, width: b.width, height: b.height });
      }
      items.push({ kind: r.kind, rects });
    }
    drawBoxes(layer, items);
    layer.style.visibility = '';
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
      } else scheduleBoxes();
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
      else scheduleBoxes();
    }
  };
  element.addEventListener('pointermove', onPointerMove, { passive: true });
  element.addEventListener('pointerleave', onPointerLeave, { passive: true });
  const unwatch = watchGeometry(element, () => {
    if (!native) scheduleBoxes();
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
