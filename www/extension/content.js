// The content script: injected on demand (chrome.scripting.executeScript, into every
// frame of the tab) when the user turns newsmark on; bundled by scripts/build-extension
// into one classic script, because content scripts cannot be ES modules.
//
// It never writes to the page: it reads the article (article.js), asks the background
// service worker to analyse it, and draws CSS Custom Highlights named `newsmark-ext-<kind>`
// through the shared highlight module. Their styles come from content/highlights.css,
// which the background inserts with chrome.scripting.insertCSS (a stylesheet the browser
// adds for the extension: no <style> element, no adoptedStyleSheets on the page).
// A MutationObserver re-reads the article when the page changes (live blogs, "load
// more") and the shared session re-analyses it, debounced, latest wins.
//
// On an always-on site (sites.js) the browser runs this script on load, after
// content/auto.js has set AUTO; the script then asks the background to turn it on.

import { createSession } from '../lib/session.js';
import { CssHighlights, LAYERS, claimPrefix, partsOf, runsOf, supportsHighlights } from '../lib/highlight.js';
import { extractArticle } from './article.js';
import { summarize } from './summary.js';

// The prefix the build writes content/highlights.css for.
const PREFIX_ID = 'ext';
// Re-reading the article is a full Readability pass over a clone; a page that mutates
// often (tickers, rotating ads) is read at most this often.
const REREAD_MS = 400;
const FLASH_MS = 1600;

const KEY = Symbol.for('newsmark.extension.content');
const AUTO = Symbol.for('newsmark.extension.auto');

if (!globalThis[KEY]) {
  globalThis[KEY] = true;
  start();
}

function start() {
  const isTop = window.top === window;
  const highlights = supportsHighlights(window) ? new CssHighlights(claimPrefix(PREFIX_ID), { styles: false }) : null;
  let on = false;
  let layers = [...LAYERS];
  /** @type {import('../lib/text-model.js').TextSubset | null} */
  let article = null;
  let current = null; // { analysis, text } drawn now
  let session = null;
  let observer = null;
  let rereadTimer = null;
  let flashTimer = null;

  // The analyzer the shared session talks to: the background service worker runs the
  // wasm (the local analyzer of the package) and answers one message per request.
  const remote = {
    analyze(text, { layers: wanted, signal } = {}) {
      if (signal?.aborted) return Promise.reject(new DOMException('aborted', 'AbortError'));
      return chrome.runtime.sendMessage({ type: 'analyze', text, layers: wanted }).then((reply) => {
        if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
        if (!reply || reply.error) throw new Error(reply?.error ?? 'newsmark: no answer from the extension');
        return reply.analysis;
      });
    },
  };

  const report = (status, extra = {}) =>
    chrome.runtime.sendMessage({ type: 'result', status, top: isTop, url: location.href, ...extra }).catch(() => {});

  function draw() {
    if (!highlights || !current || !article) return;
    const entries = [];
    for (const run of runsOf(current.analysis, layers)) {
      for (const range of article.staticRanges(run.start, run.end)) entries.push({ kind: run.kind, range });
    }
    highlights.draw(entries);
  }

  function read() {
    article = extractArticle(document, { force: isTop });
    return article;
  }

  function turnOn(wanted) {
    layers = wanted ?? layers;
    if (on) return;
    on = true;
    if (!read()) {
      // A frame without an article (an ad, a widget) stays silent; the top frame says so.
      if (isTop) report('no-article');
      return;
    }
    session = createSession({
      analyzer: remote,
      getText: () => article.text,
      debounceMs: 0,
      onResult(analysis, text) {
        if (!on) return;
        current = { analysis, text };
        draw();
        report(highlights ? 'done' : 'no-highlight-api', {
          drawnAt: Date.now(),
          text,
          summary: summarize(analysis, text),
        });
      },
      onError: (e) => report('error', { error: String(e?.message ?? e) }),
    });
    session.refresh();
    observer = new MutationObserver(onMutation);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }

  function onMutation() {
    if (rereadTimer !== null) return;
    rereadTimer = setTimeout(() => {
      rereadTimer = null;
      if (!on) return;
      const before = article?.text;
      if (!read()) return;
      if (article.text !== before) session.changed();
      else draw(); // same text, new nodes (a re-rendered paragraph): new ranges
    }, REREAD_MS);
  }

  function turnOff() {
    on = false;
    observer?.disconnect();
    observer = null;
    session?.dispose();
    session = null;
    clearTimeout(rereadTimer);
    rereadTimer = null;
    clearTimeout(flashTimer);
    highlights?.draw([]);
    current = null;
    article = null;
  }

  function reveal(layer, index) {
    if (!current || !article) return false;
    const list = current.analysis[layer];
    const item = list?.[index];
    if (!item) return false;
    const parts = partsOf(item);
    const first = article.firstRange(Math.min(...parts.map((p) => p.start)), Math.max(...parts.map((p) => p.end)));
    if (!first) return false;
    const target = first.startContainer.parentElement;
    target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    if (highlights) {
      highlights.drawKind('active', parts.flatMap((p) => article.staticRanges(p.start, p.end)));
      clearTimeout(flashTimer);
      flashTimer = setTimeout(() => highlights.drawKind('active', []), FLASH_MS);
    }
    return true;
  }

  // What the background runs in every frame to turn off (scripting.executeScript).
  globalThis[Symbol.for('newsmark.extension.off')] = turnOff;

  chrome.runtime.onMessage.addListener((msg, _sender, reply) => {
    if (msg?.type === 'set' && msg.on) {
      turnOn(msg.layers);
      reply({ ok: true });
    } else if (msg?.type === 'layers') {
      layers = msg.layers;
      draw();
      reply({ ok: true });
    } else if (msg?.type === 'reveal') {
      reply({ ok: reveal(msg.layer, msg.index) });
    }
  });

  if (globalThis[AUTO]) {
    chrome.runtime
      .sendMessage({ type: 'auto' })
      .then((answer) => answer?.on && turnOn(answer.layers))
      .catch(() => {});
  }
}
