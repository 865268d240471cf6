// The page: editor → analyser (wasm, in a worker) → highlights, tooltip, legend, panel.
//
// Requests are coalesced to at most one per animation frame, however many input/paste
// events arrive in it, and to one in flight: when the worker answers, the latest text is
// sent if it changed meanwhile. The mirror text itself is updated on every event, so
// typing never lags. Everything built from user text uses textContent, never HTML.

import { Marks, flagged, native, runsOf } from './highlight.js';

const $ = (id) => document.getElementById(id);
const input = $('text');
const tip = $('tip');
const marks = new Marks($('mirror'));
const EMPTY = { entities: [], claims: [], hedges: [] };
const NOTE = native ? '' : 'This browser lacks the CSS Custom Highlight API: highlights use a slower fallback.';

let frame = 0;
let analysis = EMPTY;
let inFlight = null; // the text the worker is analysing, or null when idle
const worker = new Worker(new URL('worker.js', import.meta.url), { type: 'module' });

const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
};
const clip = (s, n = 140) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const layers = () => new Set([...document.querySelectorAll('#legend input:checked')].map((c) => c.value));

function schedule() {
  if (!frame) frame = requestAnimationFrame(request);
}

function edited() {
  marks.setText(input.value);
  hideTip();
  schedule();
}

function request() {
  frame = 0;
  if (inFlight !== null) return; // the answer's handler sends the latest text
  inFlight = input.value;
  worker.postMessage(inFlight);
}

worker.onmessage = ({ data }) => {
  inFlight = null;
  const timing = $('timing');
  if (data.text !== input.value) return request();
  if (marks.text !== data.text) marks.setText(data.text);
  $('status').textContent = data.error ? `Analysis failed: ${data.error}` : NOTE;
  analysis = data.analysis ?? EMPTY;
  timing.dataset.length = data.text.length;
  timing.textContent = data.error
    ? ''
    : `${data.text.length.toLocaleString()} characters analysed in ${data.ms.toFixed(1)} ms`;
  render();
};
worker.onerror = (e) => {
  $('status').textContent = `Could not load the analyser: ${e.message ?? 'worker error'}`;
};

function render() {
  marks.render(runsOf(analysis, layers()));
  panel();
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
    row('text', item.text);
  } else if (item.content) {
    box.append(el('div', `tip-title t-claim${flagged(item) ? ' t-flag' : ''}`, `Claim · ${SOURCE_KIND[item.source_kind]}`));
    const resolved = item.source_resolved ? ` → ${item.source_resolved.text}` : '';
    row('source', item.source ? item.source.text + resolved : '— nobody —');
    row('cue', item.cue.text);
    row('content', clip(item.content.map((p) => p.text).join(' … ')));
  } else {
    box.append(el('div', 'tip-title t-hedge', `Hedge · ${HEDGE_TYPE[item.type] ?? item.type}`));
    row('cue', item.cue.text);
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
  const rect = runs.length && runs[0].range.getBoundingClientRect();
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
        : (c.source_resolved?.text ?? c.source?.text ?? 'No source').replace(/\s+/g, ' ');
    const key = `${flagged(c) ? 0 : 1}${who.toLowerCase()}`;
    if (!groups.has(key)) groups.set(key, { who, flag: flagged(c), kind: c.source_kind, claims: [] });
    groups.get(key).claims.push(c);
  }
  const sorted = [...groups.values()].sort((a, b) => b.flag - a.flag || b.claims.length - a.claims.length);
  $('claims').replaceChildren(
    ...sorted.map((g) => {
      const li = el('li', g.flag ? 'group flag' : 'group');
      const head = el('div', 'group-head');
      head.append(el('span', 'who', g.who), el('span', 'kind', SOURCE_KIND[g.kind]));
      const list = el('ul');
      for (const c of g.claims) {
        const b = el('button', 'claim', clip(c.content.map((p) => p.text).join(' … ') || c.cue.text, 110));
        b.type = 'button';
        b.title = 'Select this claim in the text';
        b.addEventListener('click', () => select(c));
        const item = el('li');
        item.append(b);
        list.append(item);
      }
      li.append(head, list);
      return li;
    }),
  );
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
  const r = runs[0].range.getBoundingClientRect();
  if (r.top < 0 || r.bottom > innerHeight) scrollBy(0, r.top - innerHeight / 3);
  showTip(runs, runs[0].range.getBoundingClientRect());
}

// ---- wiring ----

input.addEventListener('input', edited);
// The pasted text lands after this event; the frame's analysis reads it then.
input.addEventListener('paste', schedule);
$('legend').addEventListener('change', () => {
  hideTip();
  render();
});
addEventListener('resize', () => marks.invalidate());
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

$('status').textContent = NOTE;
edited();
