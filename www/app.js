// The page: editor → analyser (wasm, in a worker) → highlights, tooltip, legend, panel.
//
// Requests are coalesced to at most one per animation frame, however many input/paste
// events arrive in it, and to one in flight: when the worker answers, the latest text is
// sent if it changed meanwhile. The mirror text itself is updated on every event, so
// typing never lags. Everything built from user text uses textContent, never HTML.
//
// Nothing a visitor pastes may hang the page:
//   - only the first LIMIT UTF-16 units are analysed (cut at a line or sentence end), and
//     the page says so;
//   - the answer arrives in pieces and the highlights are built in time slices (worker.js,
//     highlight.js), and the panel lists at most GROUPS sources of CLAIMS claims each;
//   - a worker that fails (a wasm trap, out of memory) or takes longer than WATCHDOG_MS is
//     dropped and a fresh one analyses the next edit.
// <html data-state> is "busy" from an edit until its highlights are registered, then
// "ready" (or "error"); a `newsmark:rendered` event fires on document at each "ready".

import { Marks, flagged, native, nextSlice, runsOf } from './highlight.js';

/**
 * The most text analysed, in UTF-16 units: about 2 s of the analyser's worst known input
 * ("said said …") in this page's worker on the test machine; README, "The page", has the
 * measurement. Longer texts are cut rather than left to run for many seconds.
 */
const LIMIT = 750_000;
const CUT_BACK = 10_000; // how far before LIMIT a cut may fall (a few pages of text)
const WATCHDOG_MS = 30_000;
const GROUPS = 40; // sources listed in the panel
const CLAIMS = 12; // claims listed per source

const $ = (id) => document.getElementById(id);
const input = $('text');
const tip = $('tip');
const marks = new Marks($('mirror'), { cover: input });
const EMPTY = { entities: [], claims: [], hedges: [] };
const NOTE = native ? '' : 'This browser lacks the CSS Custom Highlight API: highlights use a slower fallback.';

let frame = 0;
let analysis = EMPTY;
let analysed = null; // {text, cut, ms} of the analysis on screen
let inFlight = null; // {id, text, cut, parts} the worker is analysing, or null when idle
let nextId = 0;
let worker = null;
let dead = ''; // why the analyser cannot run in this browser at all
let watchdog = 0;
let problem = ''; // the last failure, shown until an analysis succeeds
let renders = 0; // bumped by every render and edit: a render in progress stops when it changes

const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
};
const clip = (s, n = 140) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const layers = () => new Set([...document.querySelectorAll('#legend input:checked')].map((c) => c.value));
const count = (n) => n.toLocaleString('en');
const setState = (state) => (document.documentElement.dataset.state = state);
// The worker sends spans without their text (see worker.js); it is the analysed text's slice.
const said = (span) => (span ? analysed.text.slice(span.start, span.end) : '');

/**
 * Where to cut `text` so that at most `limit` UTF-16 units are analysed: after the last
 * line break in the final CUT_BACK units of the allowance, else after the last sentence end
 * there, else after the last space there, else at `limit` itself; never between the two
 * halves of a surrogate pair.
 */
function cutPoint(text, limit) {
  if (text.length <= limit) return text.length;
  const floor = Math.max(0, limit - CUT_BACK);
  const nl = text.lastIndexOf('\n', limit - 1);
  if (nl >= floor) return nl + 1;
  const closers = '"\'”’)]';
  for (let i = limit - 1; i > floor; i--) {
    if (!/\s/.test(text[i])) continue;
    let j = i - 1;
    while (j > floor && closers.includes(text[j])) j--;
    if ('.!?'.includes(text[j])) return i + 1;
  }
  for (let i = limit - 1; i > floor; i--) if (/\s/.test(text[i])) return i + 1;
  const c = text.charCodeAt(limit - 1);
  return c >= 0xd800 && c <= 0xdbff ? limit - 1 : limit;
}

function status() {
  const parts = [];
  if (dead) parts.push(`The analyser cannot run here: ${dead}`);
  else if (problem) parts.push(problem);
  if (analysed && analysed.cut < analysed.text.length)
    parts.push(
      `Analysed the first ${count(analysed.cut)} of ${count(analysed.text.length)} characters: ` +
        'the rest is too long to analyse in the browser and is not highlighted.',
    );
  if (analysed && marks.shownUpTo < analysed.cut)
    parts.push(`Highlights stop at character ${count(marks.shownUpTo)}: without the CSS Custom Highlight API, more would make the page slow.`);
  else if (NOTE) parts.push(NOTE);
  $('status').textContent = parts.join(' ');
}

function schedule() {
  if (!frame) frame = requestAnimationFrame(request);
}

function edited() {
  renders++;
  marks.setText(input.value);
  setState('busy');
  hideTip();
  schedule();
}

function request() {
  frame = 0;
  if (inFlight !== null || dead) return; // the answer's handler sends the latest text
  worker ??= startWorker();
  const text = input.value;
  const cut = cutPoint(text, LIMIT);
  inFlight = { id: ++nextId, text, cut, parts: { entities: [], claims: [], hedges: [] } };
  worker.postMessage({ id: inFlight.id, text: cut < text.length ? text.slice(0, cut) : text });
  clearTimeout(watchdog);
  watchdog = setTimeout(
    () => failed(`The analysis took longer than ${WATCHDOG_MS / 1000} s and was stopped.`),
    WATCHDOG_MS,
  );
}

function startWorker() {
  const w = new Worker(new URL('worker.js', import.meta.url), { type: 'module' });
  w.onmessage = answer;
  w.onerror = (e) => {
    e.preventDefault();
    failed(`The analyser stopped: ${e.message || 'the worker failed'}.`);
  };
  w.onmessageerror = () => failed('The analyser sent an answer that could not be read.');
  return w;
}

// The worker is gone or unusable: say so, and let the next edit start a fresh one.
function failed(message, permanent = '') {
  clearTimeout(watchdog);
  worker?.terminate();
  worker = null;
  inFlight = null;
  dead = permanent;
  problem = permanent ? '' : `${message} It restarts with your next edit.`;
  status();
  setState('error');
}

function answer({ data }) {
  if (!inFlight || data.id !== inFlight.id) return;
  if (data.piece) {
    for (const layer of ['entities', 'claims', 'hedges']) {
      const into = inFlight.parts[layer];
      for (const item of data.piece[layer]) into.push(item);
    }
    return;
  }
  clearTimeout(watchdog);
  const job = inFlight;
  inFlight = null;
  if (data.error) return failed(`Analysis failed: ${data.error}.`, data.permanent ? data.error : '');
  problem = '';
  if (job.text !== input.value) return request();
  analysis = job.parts;
  analysed = { text: job.text, cut: job.cut, ms: data.ms };
  const cutNote = job.cut < job.text.length ? ` (the first ${count(job.cut)})` : '';
  $('timing').textContent = `${count(job.text.length)} characters${cutNote} analysed in ${data.ms.toFixed(1)} ms`;
  status();
  render();
}

// Each step in its own task: for a long text, the panel and the runs each take a while.
async function render() {
  if (!analysed || analysed.text !== input.value) return;
  const job = ++renders;
  setState('busy');
  panel();
  await nextSlice();
  if (job !== renders) return;
  const runs = runsOf(analysis, layers());
  await nextSlice();
  if (job !== renders) return;
  if (await marks.render(runs)) {
    status();
    $('timing').dataset.length = analysed.text.length;
    setState('ready');
    document.dispatchEvent(new Event('newsmark:rendered'));
  }
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
    row('text', said(item));
  } else if (item.content) {
    box.append(el('div', `tip-title t-claim${flagged(item) ? ' t-flag' : ''}`, `Claim · ${SOURCE_KIND[item.source_kind]}`));
    const resolved = item.source_resolved ? ` → ${said(item.source_resolved)}` : '';
    row('source', item.source ? said(item.source) + resolved : '— nobody —');
    row('cue', said(item.cue));
    row('content', clip(item.content.map((p) => clip(said(p))).join(' … ')));
  } else {
    box.append(el('div', 'tip-title t-hedge', `Hedge · ${HEDGE_TYPE[item.type] ?? item.type}`));
    row('cue', said(item.cue));
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
  const rect = runs.length && marks.rangeOf(runs[0]).getBoundingClientRect();
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
        : clip(said(c.source_resolved ?? c.source) || 'No source', 80).replace(/\s+/g, ' ');
    const key = `${flagged(c) ? 0 : 1}${who.toLowerCase()}`;
    if (!groups.has(key)) groups.set(key, { who, flag: flagged(c), kind: c.source_kind, claims: [] });
    groups.get(key).claims.push(c);
  }
  // Bounded: a long text can hold thousands of sources and claims; the counts say the rest.
  const sorted = [...groups.values()].sort((a, b) => b.flag - a.flag || b.claims.length - a.claims.length);
  const more = (n, what) => el('li', 'more', `and ${count(n)} more ${what}`);
  const shown = sorted.slice(0, GROUPS).map((g) => {
    const li = el('li', g.flag ? 'group flag' : 'group');
    const head = el('div', 'group-head');
    head.append(el('span', 'who', g.who), el('span', 'kind', SOURCE_KIND[g.kind]));
    const list = el('ul');
    for (const c of g.claims.slice(0, CLAIMS)) {
      const b = el('button', 'claim', clip(c.content.map((p) => clip(said(p), 110)).join(' … ') || said(c.cue), 110));
      b.type = 'button';
      b.title = 'Select this claim in the text';
      b.addEventListener('click', () => select(c));
      const item = el('li');
      item.append(b);
      list.append(item);
    }
    if (g.claims.length > CLAIMS) list.append(more(g.claims.length - CLAIMS, 'claims'));
    li.append(head, list);
    return li;
  });
  if (sorted.length > GROUPS) shown.push(more(sorted.length - GROUPS, 'sources'));
  $('claims').replaceChildren(...shown);
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
  const r = marks.rangeOf(runs[0]).getBoundingClientRect();
  if (r.top < 0 || r.bottom > innerHeight) scrollBy(0, r.top - innerHeight / 3);
  showTip(runs, marks.rangeOf(runs[0]).getBoundingClientRect());
}

// ---- wiring ----

input.addEventListener('input', edited);
// The pasted text lands after this event; the frame's analysis reads it then.
input.addEventListener('paste', schedule);
$('legend').addEventListener('change', () => {
  hideTip();
  render();
});
addEventListener('resize', () => {
  marks.invalidate();
  viewportMoved();
});
// A long text's highlights follow the viewport (highlight.js, Marks#window).
let moved = 0;
function viewportMoved() {
  if (!moved) moved = requestAnimationFrame(() => {
    moved = 0;
    marks.viewportMoved();
  });
}
addEventListener('scroll', viewportMoved, { passive: true });
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
document.documentElement.dataset.limit = LIMIT;

status();
edited();
