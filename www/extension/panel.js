// The side panel (Chromium side_panel, Firefox sidebar_action): what the content scripts
// of one tab reported, read from chrome.storage.session and redrawn when it changes.
// All page text is written with textContent, never as HTML.
//
// The tab shown is the active tab of this window, or `?tab=<id>` (the panel opened as a
// page of its own, which is how the browser tests drive it).

import { addSite, liveSites, removeSite, siteName, sitePattern } from './sites.js';
import { HEDGE_TYPES, SOURCE_KINDS } from './summary.js';

const SOURCE_LABEL = {
  named: 'Named source',
  described: 'Described source',
  vague: 'Vague source',
  pronoun: 'Pronoun, resolved to a name',
  none: 'No source',
};
const HEDGE_LABEL = {
  modal_probable: 'Probable (modal)',
  modal_possible: 'Possible (modal)',
  hypo_doxastic: 'Belief',
  hypo_investigation: 'Investigation',
  hypo_condition: 'Condition',
  weasel: 'Weasel words',
};
const ALL_LAYERS = ['entities', 'claims', 'hedges'];

const $ = (id) => document.getElementById(id);
const fixedTab = Number(new URLSearchParams(location.search).get('tab')) || null;
let tabId = fixedTab;
// Which occurrence of a repeated name the next click shows.
const nextOccurrence = new Map();
// The site of the tab's page ("always on" switch), once the panel may know its URL.
let site = null;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'data') Object.assign(node.dataset, v);
    else node[k] = v;
  }
  node.append(...children.filter((c) => c != null));
  return node;
}

async function currentTab() {
  if (fixedTab) return fixedTab;
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

async function render() {
  if (tabId == null) return;
  const all = await chrome.storage.session.get(null);
  const state = all[`tab:${tabId}`];
  const frames = Object.entries(all)
    .filter(([k]) => k.startsWith(`frame:${tabId}:`))
    .map(([, v]) => v);
  const on = Boolean(state?.on);
  $('toggle').setAttribute('aria-pressed', String(on));
  $('toggle').textContent = on ? 'Remove marks' : 'Mark this article';

  const status = $('status');
  status.className = '';
  const withArticle = frames.filter((f) => f.summary);
  if (state?.error) {
    status.className = 'warn';
    status.textContent = `newsmark could not read this page: ${state.error}. Click the toolbar button (or press Alt+Shift+M) on the page to allow it.`;
  } else if (!on) {
    status.textContent = 'Click the toolbar button (or press Alt+Shift+M) to mark the article on this page.';
  } else if (frames.some((f) => f.status === 'no-highlight-api')) {
    status.className = 'warn';
    status.textContent =
      'This browser has no CSS Custom Highlight API, so nothing is marked on the page (newsmark never changes the page itself). The summary below is complete.';
  } else if (frames.some((f) => f.status === 'error')) {
    status.className = 'warn';
    status.textContent = `The analysis failed: ${frames.find((f) => f.status === 'error').error}`;
  } else if (!withArticle.length && frames.some((f) => f.status === 'no-article')) {
    status.textContent = 'No article found on this page.';
  } else if (!withArticle.length) {
    status.textContent = 'Reading the article…';
  } else {
    const words = withArticle.reduce((n, f) => n + f.summary.words, 0);
    status.textContent = `Article of ${words.toLocaleString('en')} words marked.`;
  }
  $('summary').hidden = !on || !withArticle.length;
  if (!$('summary').hidden) draw(withArticle);
  await renderSite(frames);
}

/**
 * The "always on" switch for the page's site. The panel learns the page's URL from its
 * top frame's report (after a click on the page) or from the tab when the browser shows
 * it (a site already granted); before either, the switch is hidden.
 */
async function renderSite(frames) {
  let url = frames.find((f) => f.top)?.url;
  if (!url) url = await chrome.tabs.get(tabId).then((t) => t.url, () => undefined);
  site = sitePattern(url && /^https?:/.test(url) ? url : '');
  $('site-switch').hidden = !site;
  if (!site) return;
  $('site-name').textContent = siteName(site);
  $('always-on').checked = (await liveSites()).includes(site);
}

function draw(frames) {
  // Items from every frame with an article (an article in an iframe reports from there).
  const claims = Object.fromEntries(SOURCE_KINDS.map((k) => [k, []]));
  const hedges = Object.fromEntries(HEDGE_TYPES.map((t) => [t, []]));
  const names = new Map();
  let total = 0;
  let unsourced = 0;
  for (const f of frames) {
    const s = f.summary;
    total += s.claims.total;
    unsourced += s.claims.unsourced;
    for (const [k, items] of Object.entries(s.claims.byKind)) (claims[k] ??= []).push(...items.map((i) => ({ ...i, frameId: f.frameId })));
    for (const [t, items] of Object.entries(s.hedges.byType)) (hedges[t] ??= []).push(...items.map((i) => ({ ...i, frameId: f.frameId })));
    for (const n of [...s.people, ...s.orgs]) {
      const key = `${n.label}\u0000${n.name}`;
      const entry = names.get(key) ?? { label: n.label, name: n.name, count: 0, at: [] };
      entry.count += n.count;
      entry.at.push(...n.indices.map((index) => ({ frameId: f.frameId, index })));
      names.set(key, entry);
    }
  }

  $('claims-total').textContent = `(${total})`;
  const share = $('claims-share');
  share.replaceChildren();
  if (total) {
    share.append(
      el('strong', { data: { share: (unsourced / total).toFixed(4) } }, `${Math.round((100 * unsourced) / total)}%`),
      ` of claims (${unsourced} of ${total}) have a vague source or none.`,
    );
  } else share.textContent = 'No attributed claims found.';

  const claimGroups = SOURCE_KINDS.filter((k) => claims[k].length).map((k) =>
    group(`claims-${k}`, SOURCE_LABEL[k], claims[k].length, k, claims[k].map((c) =>
      item({ layer: 'claims', frameId: c.frameId, index: c.index }, `kind-${k}`,
        el('span', { class: 'src' }, c.source ?? 'Nobody named'),
        c.resolved ? el('span', {}, ` (${c.resolved})`) : null,
        ' ', el('span', { class: 'cue' }, c.cue),
        el('span', { class: 'quote' }, c.content)),
    )),
  );
  $('claims').replaceChildren(...claimGroups);

  $('hedges-total').textContent = `(${HEDGE_TYPES.reduce((n, t) => n + hedges[t].length, 0)})`;
  $('hedges').replaceChildren(
    ...HEDGE_TYPES.filter((t) => hedges[t].length).map((t) =>
      group(`hedges-${t}`, HEDGE_LABEL[t] ?? t, hedges[t].length, t, hedges[t].map((h) =>
        item({ layer: 'hedges', frameId: h.frameId, index: h.index }, '',
          el('span', { class: 'hedge-cue' }, h.cue),
          h.scope ? el('span', { class: 'quote' }, h.scope) : null),
      )),
    ),
  );

  const sorted = [...names.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  $('names').replaceChildren(
    ...[['PERSON', 'People'], ['ORG', 'Organisations']].map(([label, title]) => {
      const list = sorted.filter((n) => n.label === label);
      return group(`names-${label}`, title, list.length, label, list.map((n) => {
        const li = item(null, '', el('span', { class: 'n' }, `×${n.count}`), n.name);
        li.dataset.count = String(n.count);
        li.dataset.name = n.name;
        li.firstChild.addEventListener('click', () => {
          const i = nextOccurrence.get(n.name) ?? 0;
          nextOccurrence.set(n.name, (i + 1) % n.at.length);
          reveal({ layer: 'entities', ...n.at[i % n.at.length] });
        });
        return li;
      }));
    }),
  );
}

function group(id, title, count, kind, items) {
  return el('div', { class: 'group', id, data: { kind, count: String(count) } },
    el('h3', {}, `${title} (${count})`),
    el('ul', {}, ...items));
}

function item(target, cls, ...content) {
  const button = el('button', { type: 'button', class: cls }, ...content);
  if (target) button.addEventListener('click', () => reveal(target));
  return el('li', {}, button);
}

function reveal({ layer, frameId, index }) {
  chrome.tabs.sendMessage(tabId, { type: 'reveal', layer, index }, { frameId }).catch(() => {});
}

async function loadLayers() {
  const { layers } = await chrome.storage.local.get('layers');
  const on = new Set(Array.isArray(layers) ? layers : ALL_LAYERS);
  for (const box of document.querySelectorAll('input[name="layer"]')) box.checked = on.has(box.value);
  for (const section of document.querySelectorAll('section[data-layer]')) section.hidden = !on.has(section.dataset.layer);
}

document.getElementById('layers').addEventListener('change', async () => {
  const layers = [...document.querySelectorAll('input[name="layer"]:checked')].map((b) => b.value);
  await chrome.storage.local.set({ layers });
  if (tabId != null) chrome.tabs.sendMessage(tabId, { type: 'layers', layers }).catch(() => {});
});

// The permission request must be made in the click itself, before any await.
$('always-on').addEventListener('change', (event) => {
  const box = event.target;
  const pattern = site;
  if (!pattern) return;
  $('site-note').textContent = '';
  if (box.checked) {
    addSite(pattern).then(
      (granted) => {
        box.checked = granted;
        $('site-note').textContent = granted
          ? ' Pages of this site will be marked as they load.'
          : ' The browser did not allow it: nothing changed.';
      },
      (e) => {
        box.checked = false;
        $('site-note').textContent = ` ${e?.message ?? e}`;
      },
    );
  } else {
    removeSite(pattern).then(() => {
      $('site-note').textContent = ' Removed: this site is marked only when you ask.';
    });
  }
});

// The button is busy until the background has told every frame (turning off clears the
// marks only then): a second click cannot race the first, and the state is visible.
$('toggle').addEventListener('click', async () => {
  if (tabId == null) return;
  const button = $('toggle');
  if (button.getAttribute('aria-busy') === 'true') return;
  button.setAttribute('aria-busy', 'true');
  try {
    const reply = await chrome.runtime.sendMessage({ type: 'toggle', tabId });
    if (reply?.error) render();
  } finally {
    button.removeAttribute('aria-busy');
  }
});

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.layers) loadLayers();
  if (area === 'local' && changes.alwaysOn) render();
  if (area === 'session' && tabId != null && Object.keys(changes).some((k) => k === `tab:${tabId}` || k.startsWith(`frame:${tabId}:`))) render();
});

if (!fixedTab) {
  chrome.tabs.onActivated.addListener(async () => {
    tabId = await currentTab();
    render();
  });
}

tabId = await currentTab();
await loadLayers();
await render();
document.documentElement.dataset.ready = 'true';
