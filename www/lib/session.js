// Whole-document re-analysis made safe for editing.
//
// newsmark reads across the whole document (entity evidence, pronoun sources resolved to
// earlier names, quotes over several sentences, the document's register), so a session
// always analyses the whole text; what it adds is timing and mapping:
// - debounced: `changed()` (re)starts one timer; nothing runs until the edits pause;
// - one request at a time, latest wins: edits made while an analysis runs start the next
//   one when it returns (after the debounce), never a queue of stale texts;
// - mapped: a result for an older text goes through the changes recorded since its
//   request (edits.js) before `onResult`, so no span lands on text that changed;
// - idle is free: no change, no timer, no analysis; nothing polls.

import { diffText, mapAnalysis } from './edits.js';

/** @param {import('./session.js').SessionOptions} options */
export function createSession({ analyzer, getText, onResult, onError, debounceMs = 150, layers } = {}) {
  if (!analyzer || typeof analyzer.analyze !== 'function') throw new TypeError('newsmark: createSession needs an analyzer');
  if (typeof getText !== 'function' || typeof onResult !== 'function') {
    throw new TypeError('newsmark: createSession needs getText and onResult functions');
  }
  const report = onError ?? ((e) => console.error('newsmark:', e));
  let timer = null;
  let dirty = false; // changed since the last request started
  let again = false; // run once the request in flight returns
  let inflight = null; // { text, changes: Change[] | null (unknown), controller }
  let disposed = false;

  const arm = () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
  };

  function fire() {
    timer = null;
    if (disposed || !dirty) return;
    if (inflight) again = true;
    else start();
  }

  function start() {
    dirty = false;
    again = false;
    const req = { text: getText(), changes: [], controller: new AbortController() };
    inflight = req;
    analyzer
      .analyze(req.text, { layers, signal: req.controller.signal })
      .then(
        (analysis) => deliver(req, analysis),
        (e) => {
          if (disposed) return;
          if (e?.name === 'AbortError') {
            // Superseded by another user of a shared analyzer: try again after a pause
            // rather than at once, so two sessions never abort each other in a loop.
            dirty = true;
            if (timer === null) arm();
          } else {
            report(e);
          }
        },
      )
      .catch(report) // thrown by onResult: the caller's error, reported, never unhandled
      .finally(() => {
        if (inflight === req) inflight = null;
        if (again && !disposed) start();
      });
  }

  function deliver(req, analysis) {
    if (disposed) return;
    const text = getText();
    let mapped = analysis;
    if (text !== req.text || req.changes === null || req.changes.length > 0) {
      const changes =
        req.changes !== null && lengthAfter(req.text.length, req.changes) === text.length
          ? req.changes
          : [diffText(req.text, text)].filter(Boolean);
      mapped = mapAnalysis(analysis, changes);
    }
    onResult(mapped, text);
  }

  return {
    changed(change) {
      if (disposed) return;
      dirty = true;
      if (inflight) {
        if (change && inflight.changes) inflight.changes.push(change);
        else inflight.changes = null; // unknown edit: map by diffing the texts instead
      }
      arm();
    },
    refresh() {
      if (disposed) return;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      dirty = true;
      if (inflight) again = true;
      else start();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      inflight?.controller.abort();
    },
  };
}

function lengthAfter(length, changes) {
  for (const c of changes) length += c.insert - (c.to - c.from);
  return length;
}
