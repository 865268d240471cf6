// The options page: the layers marked on pages (storage.local `layers`, the setting the
// side panel's switches change too).
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
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.layers) load();
});
load();
