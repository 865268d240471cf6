// Drawing an analysis over someone else's page, without touching it.
//
// Used by the textarea and contenteditable adapters (and meant for the browser
// extension). Three ways to draw, all owned by one adapter instance:
// - CSS Custom Highlights (`CSS.highlights`) over the host's own Text nodes: nothing is
//   added to the DOM. Every name is `newsmark-<id>-<kind>`, with <id> unique per
//   instance, and an instance only ever sets and deletes its own names (never
//   `CSS.highlights.clear()`, which would erase the page's highlights too). Their styles
//   are one constructable stylesheet added to `document.adoptedStyleSheets` (no <style>
//   element: the DOM does not change) holding only `::highlight(newsmark-<id>-…)` rules,
//   which match nothing else; `styles: false` leaves styling to the host page (see
//   `highlightCss` for the rules to copy).
// - Boxes: absolutely positioned <div>s inside the adapter's own shadow root, for a
//   <textarea> (its text has no DOM Ranges) and wherever the Highlight API is missing.
// - A tooltip in the same shadow root that says what a span is, written with
//   textContent only (never HTML).
// The shadow root's host is the only element an adapter adds to the page; it is created
// once, when the adapter attaches, and its attributes never change afterwards, so a
// MutationObserver on the page sees one insertion at attach and one removal at detach.

export const LAYERS = /** @type {const} */ (['entities', 'claims', 'hedges']);

/** Whether this window has the CSS Custom Highlight API. */
export function supportsHighlights(win = globalThis) {
  return typeof win.CSS !== 'undefined' && win.CSS != null && 'highlights' in win.CSS && typeof win.Highlight === 'function';
}

/** Claims readers most need to see: nobody in particular, or nobody at all. */
export const flagged = (claim) => claim.source_kind === 'vague' || claim.source_kind === 'none';

/**
 * An analysis as runs: { start, end, kind, layer, item }, one kind per style
 * (`ent-person`, `claim-cue-flag`, `hedge`, …), empty spans left out.
 * @param {import('../pkg/newsmark.js').Analysis} analysis @param {Iterable<string>} [layers]
 */
export function runsOf(analysis, layers = LAYERS) {
  const on = new Set(layers);
  const runs = [];
  const add = (part, kind, layer, item) => {
    if (part && part.end > part.start) runs.push({ start: part.start, end: part.end, kind, layer, item });
  };
  if (on.has('entities')) for (const e of analysis.entities) add(e, `ent-${String(e.label).toLowerCase()}`, 'entities', e);
  if (on.has('claims')) {
    for (const c of analysis.claims) {
      const flag = flagged(c) ? '-flag' : '';
      add(c.source, `claim-source${flag}`, 'claims', c);
      add(c.cue, `claim-cue${flag}`, 'claims', c);
      for (const p of c.content) add(p, `claim-content${flag}`, 'claims', c);
    }
  }
  if (on.has('hedges')) for (const h of analysis.hedges) add(h.cue, 'hedge', 'hedges', h);
  return runs;
}

/** Every span an item (an entity, a claim or a hedge) covers, for the hover emphasis. */
export function partsOf(item) {
  if ('label' in item) return [item];
  if ('source_kind' in item) return [item.source, item.cue, ...item.content].filter(Boolean);
  return [item.cue, item.scope].filter(Boolean);
}

const SOURCE_KIND = {
  named: 'named source',
  described: 'described source',
  vague: 'vague source',
  pronoun: 'pronoun source',
  none: 'no source',
};
const HEDGE_TYPE = {
  modal_probable: 'modal, probable',
  modal_possible: 'modal, possible',
  hypo_doxastic: 'belief',
  hypo_investigation: 'investigation',
  hypo_condition: 'condition',
  weasel: 'weasel words',
};
const quote = (s, max = 90) => `“${s.length > max ? `${s.slice(0, max - 1)}…` : s}”`;

/**
 * What a span is, in plain text (for a tooltip's textContent): the entity's label; the
 * claim's source, source kind and resolved name; the hedge's type and scope.
 * @param {{ layer: string, item: any }} run @param {string} text the analysed text
 */
export function describe(run, text) {
  const it = run.item;
  const slice = (p) => text.slice(p.start, p.end);
  if (run.layer === 'entities') return `Entity: ${it.label}\n${quote(slice(it))}`;
  if (run.layer === 'claims') {
    const lines = [`Claim (${SOURCE_KIND[it.source_kind] ?? it.source_kind})`];
    lines.push(it.source ? `Source: ${quote(slice(it.source))}` : 'Source: none given');
    if (it.source_resolved) lines.push(`Refers to: ${quote(slice(it.source_resolved))}`);
    lines.push(`Cue: ${quote(slice(it.cue))}`);
    if (flagged(it)) lines.push(it.source_kind === 'none' ? 'Flag: nobody is named as saying this' : 'Flag: the source is vague');
    return lines.join('\n');
  }
  const lines = [`Hedge: ${HEDGE_TYPE[it.type] ?? it.type}`, `Cue: ${quote(slice(it.cue))}`];
  if (it.scope) lines.push(`Scope: ${quote(slice(it.scope))}`);
  return lines.join('\n');
}

/** Descriptions of the distinct items among `runs`, one paragraph each. */
export function describeAll(runs, text) {
  const seen = new Set();
  const out = [];
  for (const r of runs) {
    if (seen.has(r.item)) continue;
    seen.add(r.item);
    out.push(describe(r, text));
  }
  return out.join('\n\n');
}

// Later kinds paint over earlier ones where runs overlap.
const ORDER = ['claim-content', 'claim-source', 'claim-cue', 'ent-', 'hedge', 'active'];
export const priorityOf = (kind) => ORDER.findIndex((p) => kind.startsWith(p));

// Colours with alpha, so they read on light and dark pages alike; ::highlight() accepts
// only colours and decorations.
const TINT = {
  person: 'rgb(66 133 244 / 0.24)',
  org: 'rgb(142 68 173 / 0.22)',
  place: 'rgb(46 160 67 / 0.24)',
  misc: 'rgb(120 130 150 / 0.24)',
  num: 'rgb(230 170 0 / 0.26)',
};
const ENTITY_TINT = {
  person: TINT.person, org: TINT.org, place: TINT.place, misc: TINT.misc,
  date: TINT.num, time: TINT.num, money: TINT.num, percent: TINT.num, quantity: TINT.num,
};
const CLAIM = 'rgb(11 110 102)';
const CLAIM_SOFT = 'rgb(11 110 102 / 0.6)';
const FLAG = 'rgb(192 54 44)';
const HEDGE = 'rgb(163 32 106)';
const ACTIVE = 'rgb(255 200 40 / 0.45)';

/** Every kind runsOf can produce, plus the hover emphasis. */
export const KINDS = [
  ...Object.keys(ENTITY_TINT).map((l) => `ent-${l}`),
  'claim-content', 'claim-source', 'claim-cue', 'claim-content-flag', 'claim-source-flag', 'claim-cue-flag',
  'hedge', 'active',
];

/** The `::highlight()` rules for the highlights named `<prefix>-<kind>`. */
export function highlightCss(prefix) {
  const hl = (kind) => `::highlight(${prefix}-${kind})`;
  const rules = Object.entries(ENTITY_TINT).map(([l, c]) => `${hl(`ent-${l}`)} { background-color: ${c}; }`);
  rules.push(
    `${hl('claim-content')} { text-decoration: underline solid 2px ${CLAIM_SOFT}; }`,
    `${hl('claim-source')} { text-decoration: underline double 3px ${CLAIM}; }`,
    `${hl('claim-cue')} { text-decoration: underline solid 3px ${CLAIM}; }`,
    `${hl('claim-content-flag')} { text-decoration: underline wavy 1.5px ${FLAG}; }`,
    `${hl('claim-source-flag')} { text-decoration: underline double 3px ${FLAG}; }`,
    `${hl('claim-cue-flag')} { text-decoration: underline solid 3px ${FLAG}; }`,
    `${hl('hedge')} { text-decoration: overline dotted 2px ${HEDGE}; }`,
    `${hl('active')} { background-color: ${ACTIVE}; }`,
  );
  return rules.join('\n');
}

// Boxes: the same channels drawn with backgrounds and borders (a box cannot restyle the
// text under it).
const BOX_CSS = [
  '.box { position: absolute; box-sizing: border-box; pointer-events: none; }',
  ...Object.entries(ENTITY_TINT).map(([l, c]) => `.k-ent-${l} { background-color: ${c}; }`),
  `.k-claim-content { border-bottom: 2px solid ${CLAIM_SOFT}; }`,
  `.k-claim-source { border-bottom: 3px double ${CLAIM}; }`,
  `.k-claim-cue { border-bottom: 3px solid ${CLAIM}; }`,
  `.k-claim-content-flag { border-bottom: 2px dashed ${FLAG}; }`,
  `.k-claim-source-flag { border-bottom: 3px double ${FLAG}; }`,
  `.k-claim-cue-flag { border-bottom: 3px solid ${FLAG}; }`,
  `.k-hedge { border-top: 2px dotted ${HEDGE}; }`,
  `.k-active { background-color: ${ACTIVE}; }`,
  // Paint order (boxes are kept across redraws, so DOM order means nothing).
  ...KINDS.map((k) => `.k-${k} { z-index: ${priorityOf(k)}; }`),
].join('\n');

const TIP_CSS = `.tip { position: absolute; left: 0; top: 0; z-index: 1; max-width: 26em; padding: 6px 9px;
  border-radius: 6px; background: #1c1c1e; color: #f4f4f2; font: 12px/1.45 system-ui, sans-serif;
  white-space: pre-line; box-shadow: 0 4px 16px rgb(0 0 0 / 0.25); pointer-events: none; }
.tip[hidden] { display: none; }`;

// Highlight ids in use by any copy of this module on the page (two bundles that both
// include newsmark must not hand out the same names).
const IDS = Symbol.for('newsmark.highlight-ids');
/** A highlight name prefix no other instance on this page uses: `newsmark-<id>`. */
export function claimPrefix(id) {
  const used = (globalThis[IDS] ??= new Set());
  if (id != null) {
    const name = `newsmark-${id}`;
    if (!/^newsmark-[A-Za-z0-9_-]+$/.test(name)) throw new TypeError(`newsmark: id must be letters, digits, '-' or '_': ${id}`);
    if (used.has(name)) throw new Error(`newsmark: highlight id ${id} is already in use on this page`);
    used.add(name);
    return name;
  }
  for (let n = 1; ; n++) {
    const name = `newsmark-${n}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}
export function releasePrefix(prefix) {
  globalThis[IDS]?.delete(prefix);
}

/**
 * The CSS Custom Highlights of one adapter instance: one Highlight per kind, registered
 * as `<prefix>-<kind>`, each refilled on every draw.
 */
export class CssHighlights {
  /** @param {string} prefix @param {{ document?: Document, styles?: boolean }} [options] */
  constructor(prefix, { document: doc = globalThis.document, styles = true } = {}) {
    this.prefix = prefix;
    /** @type {Map<string, Highlight>} */
    this.byKind = new Map();
    this.doc = doc;
    this.sheet = null;
    if (styles) {
      this.sheet = new (doc.defaultView ?? globalThis).CSSStyleSheet();
      this.sheet.replaceSync(highlightCss(prefix));
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, this.sheet];
    }
  }

  /** Shows exactly `entries` ({ kind, range }), replacing what this instance showed. */
  draw(entries) {
    const ranges = new Map();
    for (const { kind, range } of entries) {
      let list = ranges.get(kind);
      if (!list) ranges.set(kind, (list = []));
      list.push(range);
    }
    for (const [kind, hl] of this.byKind) {
      if (ranges.has(kind)) continue;
      hl.clear();
      CSS.highlights.delete(`${this.prefix}-${kind}`);
      this.byKind.delete(kind);
    }
    for (const [kind, list] of ranges) {
      let hl = this.byKind.get(kind);
      if (!hl) {
        hl = new Highlight();
        hl.priority = priorityOf(kind);
        this.byKind.set(kind, hl);
        CSS.highlights.set(`${this.prefix}-${kind}`, hl);
      } else hl.clear();
      for (const r of list) hl.add(r);
    }
  }

  /** Shows exactly `ranges` for one kind, leaving the other kinds as they are. */
  drawKind(kind, ranges) {
    let hl = this.byKind.get(kind);
    if (!ranges.length) {
      if (hl) {
        hl.clear();
        CSS.highlights.delete(`${this.prefix}-${kind}`);
        this.byKind.delete(kind);
      }
      return;
    }
    if (!hl) {
      hl = new Highlight();
      hl.priority = priorityOf(kind);
      this.byKind.set(kind, hl);
      CSS.highlights.set(`${this.prefix}-${kind}`, hl);
    } else hl.clear();
    for (const r of ranges) hl.add(r);
  }

  /** Removes this instance's highlights and styles (and nobody else's). */
  dispose() {
    this.draw([]);
    if (this.sheet) this.doc.adoptedStyleSheets = this.doc.adoptedStyleSheets.filter((s) => s !== this.sheet);
    this.sheet = null;
  }
}

// The host's own styles, set once before it is inserted and never changed: it sits at the
// origin of its containing block, takes no space and no pointer events, and resists the
// page's CSS (`all: initial` with !important beats author rules).
const HOST_STYLE = {
  all: 'initial',
  position: 'absolute',
  left: '0px',
  top: '0px',
  width: '0px',
  height: '0px',
  overflow: 'visible',
  'pointer-events': 'none',
  'z-index': '2147483647',
  contain: 'layout style',
};

/**
 * The adapter's one element on the page: a host (appended to `container`, by default
 * document.body) holding an open shadow root with the adapter's styles, drawing layers and
 * tooltip. Coordinates inside it are the host's: viewport coordinates minus `origin()`.
 */
export class Overlay {
  /** @param {Element} container @param {string} css styles for the shadow root, besides boxes and tooltip */
  constructor(container, css = '') {
    const doc = container.ownerDocument;
    this.doc = doc;
    this.host = doc.createElement('newsmark-overlay');
    for (const [k, v] of Object.entries(HOST_STYLE)) this.host.style.setProperty(k, v, 'important');
    this.root = this.host.attachShadow({ mode: 'open' });
    adopt(this.root, `${BOX_CSS}\n${TIP_CSS}\n${css}`);
    this.tip = doc.createElement('div');
    this.tip.className = 'tip';
    this.tip.setAttribute('role', 'tooltip');
    this.tip.hidden = true;
    this.root.append(this.tip);
    this.tipText = '';
    container.append(this.host);
  }

  /** Where the host's (0, 0) is in the viewport. */
  origin() {
    const r = this.host.getBoundingClientRect();
    return { x: r.left, y: r.top };
  }

  /** Shows `text` (plain text) near the viewport point (x, y); empty text hides the tip. */
  showTip(text, x, y) {
    if (!text) return this.hideTip();
    if (text !== this.tipText) {
      this.tip.textContent = text;
      this.tipText = text;
    }
    this.tip.hidden = false;
    const view = this.doc.defaultView;
    const o = this.origin();
    const w = this.tip.offsetWidth;
    const h = this.tip.offsetHeight;
    const vw = view?.innerWidth ?? 1e6;
    const vh = view?.innerHeight ?? 1e6;
    const left = Math.max(4, Math.min(x + 12, vw - w - 4));
    const top = y + 18 + h > vh ? Math.max(4, y - h - 10) : y + 18;
    this.tip.style.transform = `translate(${left - o.x}px, ${top - o.y}px)`;
  }

  hideTip() {
    if (this.tip.hidden) return;
    this.tip.hidden = true;
    this.tipText = '';
    this.tip.textContent = '';
  }

  remove() {
    this.host.remove();
  }
}

/** Gives a shadow root its styles: a constructable stylesheet, else a <style> inside it. */
function adopt(root, css) {
  const view = root.ownerDocument.defaultView ?? globalThis;
  if ('adoptedStyleSheets' in root && typeof view.CSSStyleSheet === 'function') {
    try {
      const sheet = new view.CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
      return;
    } catch {
      // Constructable stylesheets unsupported: fall through.
    }
  }
  const style = root.ownerDocument.createElement('style');
  style.textContent = css;
  root.append(style);
}

/**
 * The boxes of one drawing layer: <div class="box k-KIND"> per rect, in the layer's
 * coordinates. A redraw keeps the element of every box that did not move (typing moves
 * only the boxes after the caret on its line, or below it when the line count changes),
 * so the browser restyles and repaints only what changed.
 */
export class BoxLayer {
  /** @param {HTMLElement} layer */
  constructor(layer) {
    this.layer = layer;
    /** @type {Map<string, HTMLElement>} */
    this.byKey = new Map();
  }

  static key(kind, r) {
    return `${kind} ${r.left.toFixed(2)} ${r.top.toFixed(2)} ${r.width.toFixed(2)} ${r.height.toFixed(2)}`;
  }

  /** Shows exactly `items` ({ kind, rects }). */
  draw(items) {
    const doc = this.layer.ownerDocument;
    const next = new Map();
    const fresh = doc.createDocumentFragment();
    for (const { kind, rects } of items) {
      for (const r of rects) {
        if (r.width <= 0 || r.height <= 0) continue;
        const key = BoxLayer.key(kind, r);
        if (next.has(key)) continue;
        let box = this.byKey.get(key);
        if (box) this.byKey.delete(key);
        else {
          box = doc.createElement('div');
          box.className = `box k-${kind}`;
          box.style.cssText = `left:${r.left}px;top:${r.top}px;width:${r.width}px;height:${r.height}px`;
          fresh.append(box);
        }
        next.set(key, box);
      }
    }
    for (const box of this.byKey.values()) box.remove();
    this.layer.append(fresh);
    this.byKey = next;
  }

  /** Removes the boxes of one item ({ kind, rects }) drawn before. */
  remove({ kind, rects }) {
    for (const r of rects) {
      const key = BoxLayer.key(kind, r);
      this.byKey.get(key)?.remove();
      this.byKey.delete(key);
    }
  }
}

/**
 * Calls `onChange()` (at most once per frame) when `element` may have moved or changed
 * size: its own or any ancestor's scrolling, a window resize, a size change of the element
 * or of the document, or a web font finishing loading. Events and observers only: no
 * polling. A move these cannot see (a transform animated on an ancestor, a sibling
 * growing without the document growing) needs the adapter's refresh().
 * Returns a function that stops watching.
 */
export function watchGeometry(element, onChange) {
  const doc = element.ownerDocument;
  const view = doc.defaultView;
  let frame = 0;
  const schedule = () => {
    if (!frame) frame = view.requestAnimationFrame(run);
  };
  const run = () => {
    frame = 0;
    onChange();
  };
  const onScroll = (e) => {
    const t = e.target;
    if (t === doc || t === element || (t instanceof view.Node && t.contains(element))) schedule();
  };
  const ro = new view.ResizeObserver(schedule);
  ro.observe(element);
  ro.observe(doc.documentElement);
  doc.addEventListener('scroll', onScroll, { capture: true, passive: true });
  view.addEventListener('resize', schedule, { passive: true });
  const fonts = doc.fonts;
  fonts?.addEventListener?.('loadingdone', schedule);
  return () => {
    if (frame) view.cancelAnimationFrame(frame);
    ro.disconnect();
    doc.removeEventListener('scroll', onScroll, { capture: true });
    view.removeEventListener('resize', schedule);
    fonts?.removeEventListener?.('loadingdone', schedule);
  };
}
