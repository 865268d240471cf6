// What the side panel shows, computed where the analysis and its text are (the content
// script) and sent as plain data: claims grouped by source kind with the share whose
// source is vague or missing, hedges by type, people and organisations by frequency.
// Every item keeps the index of what it lists in the analysis, so the panel can ask the
// page to scroll to it.

export const SOURCE_KINDS = ['named', 'described', 'vague', 'pronoun', 'none'];
export const HEDGE_TYPES = ['modal_probable', 'modal_possible', 'hypo_doxastic', 'hypo_investigation', 'hypo_condition', 'weasel'];

const clip = (s, max = 160) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * @param {import('../pkg/newsmark.js').Analysis} analysis
 * @param {string} text the analysed text
 */
export function summarize(analysis, text) {
  const slice = (p) => text.slice(p.start, p.end);
  const claims = Object.fromEntries(SOURCE_KINDS.map((k) => [k, []]));
  analysis.claims.forEach((c, index) => {
    (claims[c.source_kind] ??= []).push({
      index,
      source: c.source ? slice(c.source) : null,
      resolved: c.source_resolved ? slice(c.source_resolved) : null,
      cue: slice(c.cue),
      content: clip(c.content.map(slice).join(' … ')),
    });
  });
  const total = analysis.claims.length;
  const unsourced = claims.vague.length + claims.none.length;

  const hedges = Object.fromEntries(HEDGE_TYPES.map((t) => [t, []]));
  analysis.hedges.forEach((h, index) => {
    (hedges[h.type] ??= []).push({ index, cue: slice(h.cue), scope: h.scope ? clip(slice(h.scope)) : null });
  });

  // People and organisations by how often they are mentioned (same label and same text).
  const byName = new Map();
  analysis.entities.forEach((e, index) => {
    if (e.label !== 'PERSON' && e.label !== 'ORG') return;
    const name = slice(e).replace(/\s+/g, ' ').trim();
    const key = `${e.label}\u0000${name}`;
    let entry = byName.get(key);
    if (!entry) byName.set(key, (entry = { label: e.label, name, count: 0, indices: [] }));
    entry.count += 1;
    entry.indices.push(index);
  });
  const names = [...byName.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));

  return {
    words: (text.match(/\S+/g) ?? []).length,
    claims: { total, unsourced, share: total ? unsourced / total : 0, byKind: claims },
    hedges: { total: analysis.hedges.length, byType: hedges },
    people: names.filter((n) => n.label === 'PERSON'),
    orgs: names.filter((n) => n.label === 'ORG'),
  };
}
