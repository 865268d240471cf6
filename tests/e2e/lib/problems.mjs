// What a browser test records as a failure, the same way in every file: a request that
// leaves the test's own server, a console error, an uncaught page error, and (where the
// page under test must never raise them) dialogs and renderer crashes. Each test file
// keeps one `problems` array and asserts it empty after every test, so the first
// problem is reported by the test that caused it.

/**
 * Refuses every request of `context` whose URL `allowed(url)` rejects, recording it as
 * `${label}: <url>`.
 * @param {import('playwright-core').BrowserContext} context
 * @param {(url: URL) => boolean} allowed
 * @param {string[]} problems
 */
export function refuseRequests(context, allowed, problems, label = 'request to another origin') {
  return context.route(
    (url) => !allowed(url),
    (route) => {
      problems.push(`${label}: ${route.request().url()}`);
      return route.abort();
    },
  );
}

/**
 * Records `page`'s console errors and page errors in `problems`; with `dialogs`, also
 * every dialog (dismissed), with `crash` a renderer crash, with `failedRequests` every
 * request that failed. A missing favicon is never the page's problem: it is ignored.
 * @param {import('playwright-core').Page} page
 * @param {string[]} problems
 */
export function watchPage(page, problems, { dialogs = false, crash = false, failedRequests = false } = {}) {
  const isFavicon = (url) => url.endsWith('/favicon.ico');
  page.on('console', (m) => m.type() === 'error' && !isFavicon(m.location().url) && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  if (failedRequests) page.on('requestfailed', (r) => !isFavicon(r.url()) && problems.push(`request failed: ${r.url()}`));
  if (dialogs) {
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      return d.dismiss();
    });
  }
  if (crash) page.on('crash', () => problems.push('the page crashed'));
  return page;
}
