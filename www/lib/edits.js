// Edits and results: keep an analysis of an older text usable on the newer one.
//
// A Change replaces [from, to) of the document as it is when the change applies with
// `insert` code units (UTF-16). A list of changes is sequential: each one is in the
// coordinates left by the ones before it.
//
// mapAnalysis drops every span an edit touches (overlaps, or meets at either end: typing
// right after "Marsh" makes "Marshall", a different word) and shifts the spans after
// it, so a mapped result never marks changed text, and every span it keeps covers the
// same characters as before. A claim or a hedge goes as a whole when any of its parts
// (cue, source, content, resolved source; cue, scope) is touched: its reading depended
// on the text that changed. Everything else in the objects is copied as is.

/** The one change that turns `oldText` into `newText` (common prefix and suffix), or null. */
export function diffText(oldText, newText) {
  if (oldText === newText) return null;
  const max = Math.min(oldText.length, newText.length);
  let prefix = 0;
  while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const maxSuffix = max - prefix;
  while (
    suffix < maxSuffix &&
    oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)
  ) {
    suffix++;
  }
  return { from: prefix, to: oldText.length - suffix, insert: newText.length - prefix - suffix };
}

/** `analysis` moved through `changes`; spans the changes touch are dropped. */
export function mapAnalysis(analysis, changes) {
  for (const c of changes) {
    if (!(Number.isInteger(c.from) && Number.isInteger(c.to) && Number.isInteger(c.insert))) {
      throw new TypeError('newsmark: a change needs integer from, to and insert');
    }
    if (c.from < 0 || c.to < c.from || c.insert < 0) {
      throw new RangeError(`newsmark: invalid change { from: ${c.from}, to: ${c.to}, insert: ${c.insert} }`);
    }
  }
  // A change that replaces nothing with nothing changes nothing, and touches nothing.
  const real = changes.filter((c) => c.to > c.from || c.insert > 0);
  if (real.length === 0) return analysis;
  const span = (s) => {
    let { start, end } = s;
    for (const c of real) {
      if (c.from <= end && c.to >= start) return null;
      if (c.to < start) {
        const delta = c.insert - (c.to - c.from);
        start += delta;
        end += delta;
      }
    }
    return { ...s, start, end };
  };
  const entities = [];
  for (const e of analysis.entities) {
    const m = span(e);
    if (m) entities.push(m);
  }
  const claims = [];
  for (const claim of analysis.claims) {
    const cue = span(claim.cue);
    if (!cue) continue;
    let source = null;
    if (claim.source) {
      source = span(claim.source);
      if (!source) continue;
    }
    const content = [];
    for (const part of claim.content) {
      const m = span(part);
      if (!m) break;
      content.push(m);
    }
    if (content.length !== claim.content.length) continue;
    const out = { ...claim, cue, source, content };
    if (claim.source_resolved) {
      out.source_resolved = span(claim.source_resolved);
      if (!out.source_resolved) continue;
    }
    claims.push(out);
  }
  const hedges = [];
  for (const hedge of analysis.hedges) {
    const cue = span(hedge.cue);
    if (!cue) continue;
    let scope = null;
    if (hedge.scope) {
      scope = span(hedge.scope);
      if (!scope) continue;
    }
    hedges.push({ ...hedge, cue, scope });
  }
  return { ...analysis, entities, claims, hedges };
}
