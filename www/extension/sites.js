// The per-site "always on" option, shared by the background, the panel and the options
// page.
//
// The sites the user chose are match patterns in storage.local `alwaysOn`
// ("https://www.example.com/*": one scheme and one host, any port and path). The
// extension has no host permission by default; a site is added only through `addSite`,
// which asks the browser for that one host (chrome.permissions.request: the browser shows
// its prompt, so it must be called from the user's click, before any await), and removed
// through `removeSite`, which gives the permission back. A chosen site is live only while
// the browser still grants it (the user may revoke it in the browser's own settings):
// `liveSites` is the intersection, and the background registers the content script
// (chrome.scripting.registerContentScripts) for exactly those sites.

const KEY = 'alwaysOn';

/**
 * The site pattern of a page URL or of what a user typed ("example.com",
 * "https://www.example.com/news/1"; no scheme reads as https). Null unless http(s).
 */
export function sitePattern(input) {
  let s = String(input ?? '').trim();
  if (!s) return null;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(s)) s = `https://${s}`;
  let url;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return null;
  // Match patterns carry no port: the pattern covers every port of the host.
  return `${url.protocol}//${url.hostname}/*`;
}

/** "https://www.example.com/*" -> "www.example.com" (http sites keep their scheme). */
export const siteName = (pattern) => pattern.replace(/^https:\/\//, '').replace(/\/\*$/, '');

/** The sites the user chose, in the order added. */
export async function chosenSites() {
  const { [KEY]: sites } = await chrome.storage.local.get(KEY);
  return Array.isArray(sites) ? sites.filter((p) => typeof p === 'string' && sitePattern(p.replace(/\*$/, '')) === p) : [];
}

/** The chosen sites the browser grants newsmark now. */
export async function liveSites() {
  const out = [];
  for (const p of await chosenSites()) if (await chrome.permissions.contains({ origins: [p] })) out.push(p);
  return out;
}

/**
 * Asks the browser for the site and adds it when granted; resolves to whether it was.
 * Call it from the user's click or key press, before any await (the browser refuses a
 * permission request outside a user gesture).
 */
export function addSite(pattern) {
  return chrome.permissions.request({ origins: [pattern] }).then(async (granted) => {
    if (granted) {
      const sites = await chosenSites();
      if (!sites.includes(pattern)) await chrome.storage.local.set({ [KEY]: [...sites, pattern] });
    }
    return granted;
  });
}

/** Removes the site and gives its permission back. */
export async function removeSite(pattern) {
  const sites = await chosenSites();
  await chrome.storage.local.set({ [KEY]: sites.filter((p) => p !== pattern) });
  // A host the manifest itself grants cannot be given back (the browser tests' copy).
  await chrome.permissions.remove({ origins: [pattern] }).catch(() => false);
}

/** Drops the chosen sites the browser no longer grants (revoked in its settings). */
export async function forgetRevoked() {
  const sites = await chosenSites();
  const live = await liveSites();
  if (live.length !== sites.length) await chrome.storage.local.set({ [KEY]: live });
}
