// Finding the article on a live page without touching it.
//
// 1. The live <body> is read once with the shared text model (www/lib/text-model.js):
//    its Text nodes, their offsets, and "\n" at block boundaries.
// 2. Mozilla's Readability runs on a CLONE of the document (it rewrites the tree it is
//    given). Before it runs, the clone's Text nodes are paired with the live ones by a
//    parallel walk (cloneNode(true) copies the tree node for node); Readability moves Text
//    nodes around but keeps them, so the Text nodes left in its article element name the
//    live nodes that belong to the article. Its `serializer` option hands back that
//    element instead of an HTML string.
// 3. Readability keeps what a reader view shows; newsmark reads prose only, so the nodes
//    inside captions, code, forms, navigation, asides, ad slots and link lists are
//    dropped. Readability also drops the headline (it returns it as `title`); the live
//    heading that matches it, or else the last h1 before the article, is added back.
//    Limit: when Readability's first pass finds too little text it re-parses the page
//    from HTML, which makes new Text nodes that map to nothing; such a page reads as
//    having no article.
// 4. The article is the shared text model's subset of the kept nodes (TextSubset): their
//    text in document order, with "\n" wherever the live text had a block boundary
//    between two kept nodes and a space where skipped inline content sat;
//    `staticRanges(start, end)` maps a span of it back to the live nodes, one range per
//    stretch of contiguous kept text, so a highlight never covers skipped text.

import { Readability, isProbablyReaderable } from '@mozilla/readability';
import { textModel } from '../lib/text-model.js';

// Kept by a reader view but not prose newsmark should mark.
const NOT_PROSE =
  'figcaption, figure, pre, code, kbd, samp, form, label, button, select, textarea, nav, aside, menu, ' +
  '[role="navigation"], [role="complementary"], [role="contentinfo"], [aria-hidden="true"]';

/**
 * The article of `doc` (its text and the way back to the live nodes), or null when the
 * document has no readable article.
 * @returns {import('../lib/text-model.js').TextSubset | null}
 * @param {Document} doc
 * @param {{ force?: boolean }} [options] force: skip the "probably readable" test (top frame)
 */
export function extractArticle(doc, { force = false } = {}) {
  const body = doc.body;
  if (!body) return null;
  if (!force && !isProbablyReaderable(doc, { minContentLength: 140, minScore: 20 })) return null;
  const live = textModel(body);
  if (!live.nodes.length) return null;
  const indexOf = new Map(live.nodes.map((n, i) => [n, i]));

  // Pair clone Text nodes with live ones: the clone is the same tree, so two walkers over
  // Text nodes step in lockstep.
  const clone = /** @type {Document} */ (doc.cloneNode(true));
  const toLive = new Map();
  const a = doc.createTreeWalker(doc.documentElement, NodeFilter.SHOW_TEXT);
  const b = clone.createTreeWalker(clone.documentElement, NodeFilter.SHOW_TEXT);
  for (let x = a.nextNode(), y = b.nextNode(); x && y; x = a.nextNode(), y = b.nextNode()) {
    const i = indexOf.get(/** @type {Text} */ (x));
    if (i !== undefined) toLive.set(y, i);
  }

  let parsed = null;
  try {
    parsed = new Readability(clone, { serializer: (el) => el, charThreshold: 200 }).parse();
  } catch {
    parsed = null;
  }
  if (!parsed?.content) return null;

  const kept = new Set();
  const w = clone.createTreeWalker(parsed.content, NodeFilter.SHOW_TEXT);
  for (let t = w.nextNode(); t; t = w.nextNode()) {
    const i = toLive.get(t);
    if (i !== undefined) kept.add(i);
  }
  const verdicts = new Map();
  for (const i of [...kept]) if (!isProse(live.nodes[i], verdicts)) kept.delete(i);
  if (!kept.size) return null;
  for (const i of headline(doc, parsed.title, live, indexOf, kept)) kept.add(i);

  return live.subset([...kept].sort((x, y) => x - y));
}

// Ad and promotion slots by class or id ("ad", "ad-slot", "advert", "sponsored", "promo");
// Readability's own filter only catches "-ad-" inside a longer name.
const AD = /(^|[\s_-])(ads?|advert\w*|sponsor\w*|promo\w*|outbrain|taboola)([\s_-]|$)/i;

function isProse(node, verdicts) {
  const el = node.parentElement;
  if (!el) return false;
  let verdict = verdicts.get(el);
  if (verdict === undefined) verdicts.set(el, (verdict = proseElement(el)));
  return verdict;
}

function proseElement(el) {
  if (el.closest(NOT_PROSE)) return false;
  for (let e = el; e && e.tagName !== 'BODY'; e = e.parentElement) {
    if (AD.test(e.id) || AD.test(typeof e.className === 'string' ? e.className : '')) return false;
  }
  // A list item that is mostly a link is a related-links or navigation list.
  const li = el.closest('li');
  if (li) {
    const all = li.textContent.trim().length;
    let linked = 0;
    for (const link of li.querySelectorAll('a')) linked += link.textContent.trim().length;
    if (all && linked / all > 0.5) return false;
  }
  return true;
}

/**
 * Text node indices of the headline: the h1 (or h2) whose text matches Readability's
 * title, else the last h1 before the article's first kept node.
 */
function headline(doc, title, live, indexOf, kept) {
  const want = norm(title ?? '');
  const first = live.nodes[Math.min(...kept)];
  const usable = (h) => !h.closest(NOT_PROSE) && proseElement(h);
  let pick = null;
  for (const h of doc.querySelectorAll('h1, h2')) {
    const text = norm(h.textContent);
    if (want && text && (text === want || want.includes(text) || text.includes(want)) && usable(h)) {
      pick = h;
      break;
    }
  }
  if (!pick) {
    for (const h of doc.querySelectorAll('h1')) {
      if (!(h.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
      if (usable(h)) pick = h;
    }
  }
  if (!pick) return [];
  const out = [];
  const w = doc.createTreeWalker(pick, NodeFilter.SHOW_TEXT);
  for (let t = w.nextNode(); t; t = w.nextNode()) {
    const i = indexOf.get(t);
    if (i !== undefined && !kept.has(i)) out.push(i);
  }
  return out;
}

const norm = (s) => s.replace(/\s+/g, ' ').trim().toLowerCase();
