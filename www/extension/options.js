// The options page: the layers marked on pages (storage.local `layers`, the setting the
// side panel's switches change too) and the always-on sites (sites.js).
import { addSite, chosenSites, liveSites, removeSite, siteName, sitePattern } from './sites.js';

const ALL_LAYERS = ['entities', 'claims', 'hedges'];
const boxes = [...document.querySelectorAll('input[name="layer"]')];

async function load() {
  const { layers } = await chrome.storage.local.get('layers');
  const on = new Set(Array.isArray(layers) ? layers : ALL_LAYERS);
  for (const box of boxes) box.checked = on.has(box.value);
}

document.getElementById('layers').addEventListener('change', async () => {
  await chrome.storage.local.set({ layers: boxes.filter((b) => b.checked).map((b) => b.value) });
  document.getElementById('saved').textContent = 'Saved.';
});
const note = document.getElementById('site-note');

async function loadSites() {
  const live = new Set(await liveSites());
  const items = (await chosenSites()).map((pattern) => {
    const li = document.createElement('li');
    li.dataset.site = pattern;
    const name = document.createElement('span');
    name.textContent = live.has(pattern) ? siteName(pattern) : `${siteName(pattern)} (not allowed by the browser now)`;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'Remove';
    remove.setAttribute('aria-label', `Remove ${siteName(pattern)}`);
    remove.addEventListener('click', () => removeSite(pattern));
    li.append(name, ' ', remove);
    return li;
  });
  document.getElementById('sites').replaceChildren(...items);
  document.getElementById('no-sites').hidden = items.length > 0;
}

// The permission request must be made in the submit itself, before any await.
document.getElementById('add-site').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('site');
  const pattern = sitePattern(input.value);
  if (!pattern) {
    note.textContent = 'Type a web address or a host name, such as www.example.com.';
    return;
  }
  note.textContent = '';
  addSite(pattern).then(
    (granted) => {
      note.textContent = granted ? `Added ${siteName(pattern)}.` : 'The browser did not allow it: nothing changed.';
      if (granted) input.value = '';
    },
    (e) => {
      note.textContent = String(e?.message ?? e);
    },
  );
});

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.layers) load();
  if (area === 'local' && changes.alwaysOn) loadSites();
});
chrome.permissions.onAdded.addListener(loadSites);
chrome.permissions.onRemoved.addListener(loadSites);
load();
loadSites();
