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

import { createAnalyzer } from './lib/index.js';

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

/** What the toolbar button, the keyboard command and the panel's button all run. */
async function toggle(tabId) {
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
  if (change.status === 'loading') {
    chrome.storage.session.remove(`tab:${tabId}`).then(() => forgetFrames(tabId));
  }
});
chrome.tabs.onRemoved.addListener((tabId) => {
  chrome.storage.session.remove(`tab:${tabId}`).then(() => forgetFrames(tabId));
});

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
