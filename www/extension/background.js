// The background service worker (an event page in Firefox): turns newsmark on and off
// for a tab and runs the analysis.
//
// The wasm runs here, through the npm package's local analyzer (a service worker cannot
// start a Worker): lib/ and pkg/ are the package's own files, copied by the build, and
// the binary is fetched from the extension's own pkg/newsmark_bg.wasm (the manifest's CSP
// allows 'wasm-unsafe-eval' and nothing else). The analyzer is created on the first
// request, so a worker woken only to toggle off never loads the wasm.
//
// State lives in chrome.storage.session, not in globals: the browser stops an idle
// service worker, and the next event must find everything where it was.
//   tab:<tabId>              { on: boolean }
//   frame:<tabId>:<frameId>  what a frame's content script reported (status, text, summary)
//   layers (storage.local)   the layers shown, shared by the panel and every tab
//   alwaysOn (storage.local) the sites marked on load (sites.js)
//
// Always on: for the sites the user chose and the browser granted (sites.js), one content
// script registration (chrome.scripting.registerContentScripts, id `newsmark-always-on`)
// runs content/auto.js and content/content.js in their pages on load; auto.js marks the
// frame as loaded for always-on, and the content script then asks here ('auto') to be
// turned on. The registration follows the list and the browser's grants: it is synced
// when either changes, at install and at browser start, and removed with the last site.

import { createAnalyzer } from './lib/index.js';
import { forgetRevoked, liveSites, sitePattern } from './sites.js';

const ALL_LAYERS = ['entities', 'claims', 'hedges'];

let analyzer = null;
// Requests from every frame and tab run one after another; the package's analyzer would
// otherwise let a newer request from one frame supersede another frame's.
let chain = Promise.resolve();

function analyze(text, layers) {
  analyzer ??= createAnalyzer({ worker: false });
  const run = chain.then(() => analyzer.analyze(text, layers ? { layers } : undefined));
  chain = run.catch(() => {});
  return run;
}

async function layersNow() {
  const { layers } = await chrome.storage.local.get('layers');
  return Array.isArray(layers) ? layers.filter((l) => ALL_LAYERS.includes(l)) : ALL_LAYERS;
}

async function forgetFrames(tabId) {
  const all = await chrome.storage.session.get(null);
  const keys = Object.keys(all).filter((k) => k.startsWith(`frame:${tabId}:`));
  if (keys.length) await chrome.storage.session.remove(keys);
}

// What is done to one tab runs one thing after another: a page that loads on an always-on
// site asks to be turned on while the background may still be forgetting the page before.
const tabQueues = new Map();
function inTab(tabId, fn) {
  const run = (tabQueues.get(tabId) ?? Promise.resolve()).then(fn);
  tabQueues.set(tabId, run.catch(() => {}));
  return run;
}

async function forgetTab(tabId) {
  await chrome.storage.session.remove(`tab:${tabId}`);
  await forgetFrames(tabId);
}

/** What the toolbar button, the keyboard command and the panel's button all run. */
function toggle(tabId) {
  return inTab(tabId, () => toggleNow(tabId));
}

async function toggleNow(tabId) {
  const key = `tab:${tabId}`;
  const state = (await chrome.storage.session.get(key))[key];
  const on = !state?.on;
  await forgetFrames(tabId);
  await chrome.storage.session.set({ [key]: { on, at: Date.now() } });
  const target = { tabId, allFrames: true };
  if (on) {
    await chrome.scripting.insertCSS({ target, files: ['content/highlights.css'] });
    await chrome.scripting.executeScript({ target, files: ['content/content.js'] });
    await chrome.tabs.sendMessage(tabId, { type: 'set', on: true, layers: await layersNow() });
  } else {
    // Every frame, and done when every frame is done (a message would resolve on the
    // first frame's answer). The content script may be gone (the page navigated).
    await chrome.scripting
      .executeScript({ target, func: () => globalThis[Symbol.for('newsmark.extension.off')]?.() })
      .catch(() => {});
    await chrome.scripting.removeCSS({ target, files: ['content/highlights.css'] }).catch(() => {});
  }
  return on;
}

function openPanel(tab) {
  // Must run before any await: opening a panel needs the click's user gesture.
  if (chrome.sidePanel?.open) chrome.sidePanel.open({ tabId: tab.id }).catch(() => {});
  else globalThis.browser?.sidebarAction?.open().catch(() => {});
}

const failed = (tabId) => (e) =>
  chrome.storage.session.set({ [`tab:${tabId}`]: { on: false, error: String(e?.message ?? e), at: Date.now() } });

chrome.action.onClicked.addListener((tab) => {
  openPanel(tab);
  toggle(tab.id).catch(failed(tab.id));
});

chrome.commands.onCommand.addListener((command, tab) => {
  if (command === 'toggle-marks' && tab?.id != null) toggle(tab.id).catch(failed(tab.id));
});

// A page that navigates or closes loses its content script and its marks.
chrome.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading') inTab(tabId, () => forgetTab(tabId)).catch(() => {});
});
chrome.tabs.onRemoved.addListener((tabId) => {
  inTab(tabId, () => forgetTab(tabId))
    .catch(() => {})
    .finally(() => tabQueues.delete(tabId));
});

const ALWAYS_ON = 'newsmark-always-on';
let syncing = Promise.resolve();

/** Registers the content script for exactly the live always-on sites (none: unregistered). */
function syncAlwaysOn() {
  const run = syncing.then(async () => {
    const matches = await liveSites();
    const [registered] = await chrome.scripting.getRegisteredContentScripts({ ids: [ALWAYS_ON] });
    if (!matches.length) {
      if (registered) await chrome.scripting.unregisterContentScripts({ ids: [ALWAYS_ON] });
      return;
    }
    const script = {
      id: ALWAYS_ON,
      matches,
      js: ['content/auto.js', 'content/content.js'],
      css: ['content/highlights.css'],
      allFrames: true,
      runAt: 'document_idle',
      persistAcrossSessions: true,
    };
    if (registered) await chrome.scripting.updateContentScripts([script]);
    else await chrome.scripting.registerContentScripts([script]);
  });
  syncing = run.catch((e) => console.error('newsmark: always-on registration', e));
  return run;
}

chrome.runtime.onInstalled.addListener(() => syncAlwaysOn());
chrome.runtime.onStartup.addListener(() => syncAlwaysOn());
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.alwaysOn) syncAlwaysOn();
});
chrome.permissions.onAdded.addListener(() => syncAlwaysOn());
// Revoked in the browser's settings: the site leaves the list (which syncs), and the
// registration is synced at once in case the list did not change.
chrome.permissions.onRemoved.addListener(() => {
  forgetRevoked().finally(() => syncAlwaysOn());
});

/**
 * A frame of an always-on site has loaded: turn its tab on, unless the user turned this
 * page off (a frame that loads later, such as an iframe, does not turn it back on).
 */
function autoOn(tabId, url) {
  return inTab(tabId, async () => {
    const site = sitePattern(url);
    if (!site || !(await liveSites()).includes(site)) return { on: false };
    const key = `tab:${tabId}`;
    const state = (await chrome.storage.session.get(key))[key];
    if (state && !state.on) return { on: false };
    if (!state) await chrome.storage.session.set({ [key]: { on: true, auto: true, at: Date.now() } });
    return { on: true, layers: await layersNow() };
  });
}

// The panel and options pages (a panel opened as a tab has a sender.tab too; a content
// script's sender.url is the page's).
const fromExtensionPage = (sender) => sender.id === chrome.runtime.id && Boolean(sender.url?.startsWith(chrome.runtime.getURL('')));

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  if (sender.id !== chrome.runtime.id) return false;
  if (msg?.type === 'analyze' && sender.tab && !fromExtensionPage(sender)) {
    analyze(msg.text, msg.layers).then(
      (analysis) => reply({ analysis }),
      (e) => reply({ error: String(e?.message ?? e) }),
    );
    return true;
  }
  if (msg?.type === 'result' && sender.tab && !fromExtensionPage(sender)) {
    const { type: _, ...report } = msg;
    chrome.storage.session
      .set({ [`frame:${sender.tab.id}:${sender.frameId ?? 0}`]: { ...report, frameId: sender.frameId ?? 0 } })
      .then(() => reply({ ok: true }));
    return true;
  }
  if (msg?.type === 'auto' && sender.tab && !fromExtensionPage(sender)) {
    autoOn(sender.tab.id, sender.url ?? '').then(reply, () => reply({ on: false }));
    return true;
  }
  if (msg?.type === 'toggle' && fromExtensionPage(sender)) {
    toggle(msg.tabId).then(
      (on) => reply({ on }),
      (e) => {
        failed(msg.tabId)(e);
        reply({ error: String(e?.message ?? e) });
      },
    );
    return true;
  }
  return false;
});
