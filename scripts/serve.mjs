// A tiny static file server for www/: loopback only, no directory listing, correct MIME
// types (application/wasm matters: streaming compilation refuses anything else), and the
// page's security headers on every response, errors included.
// Used by ./scripts/dev and by the browser tests, which start it on a free port.
//
//   node scripts/serve.mjs [ROOT=www] [PORT=8080]

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * The page's Content-Security-Policy: exactly the policy of the <meta> tag in www/index.html
 * (the browser test checks that they agree), plus `frame-ancestors 'none'`, which a meta tag
 * cannot carry: no other site may frame the page and dress it up. The policy is sent on every
 * response because a module worker takes its policy from its own script's response, and the
 * worker is what compiles the wasm ('wasm-unsafe-eval'). No 'unsafe-inline' anywhere.
 */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** What every response carries unless a caller's `headers` option overrides it. */
export const SECURITY_HEADERS = Object.freeze({
  'content-security-policy': PAGE_CSP,
  // Never guess a type: a .txt is never run as script, and wasm must be application/wasm.
  'x-content-type-options': 'nosniff',
  // The page fetches only its own files; no URL (which may name what is being read) leaks.
  'referrer-policy': 'no-referrer',
  // A window the page opens, or that opens it, gets no handle on it.
  'cross-origin-opener-policy': 'same-origin',
  // Nothing here is for other sites to embed or fetch.
  'cross-origin-resource-policy': 'same-origin',
  // The page needs none of these devices; clipboard stays allowed (paste is the main input).
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
});

/**
 * Serves `root` on 127.0.0.1:`port` (0 = any free port); resolves to { server, url }.
 *
 * `options.headers` adds or overrides response headers per request, on top of
 * SECURITY_HEADERS (names are case-insensitive; a value of null removes a header). Either
 *   - a function (path, status) => headers object or undefined, where `path` is the decoded
 *     URL path ("/", "/app.js", "/fixtures/x.html") and `status` the response status; or
 *   - an object mapping exact paths to headers objects, e.g.
 *     { '/frame.html': { 'content-security-policy': "default-src 'none'; frame-src http://…" } }.
 * Tests use it to serve fixture pages under other policies than the page's.
 */
export function serve(root, port = 0, { headers } = {}) {
  const base = resolve(root);
  const extra =
    typeof headers === 'function' ? headers : headers ? (path) => headers[path] : () => undefined;
  const respond = (res, path, status, own) => {
    const all = { ...SECURITY_HEADERS, ...own };
    for (const [name, value] of Object.entries(extra(path, status) ?? {})) {
      const key = name.toLowerCase();
      if (value == null) delete all[key];
      else all[key] = value;
    }
    res.writeHead(status, all);
  };
  const send = (res, path, status, text) => {
    respond(res, path, status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(text);
  };
  const server = createServer(async (req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(res, req.url, 400, 'bad request');
    }
    const file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
    if (file !== base && !file.startsWith(base + sep)) return send(res, path, 403, 'forbidden');
    try {
      const body = await readFile(file);
      respond(res, path, 200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      send(res, path, 404, 'not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [root = 'www', port = '8080'] = process.argv.slice(2);
  try {
    const { url } = await serve(root, Number(port));
    console.log(`newsmark: serving ${root}/ on ${url}  (Ctrl-C to stop)`);
  } catch (e) {
    console.error(`newsmark: cannot serve on 127.0.0.1:${port}: ${e.message}`);
    process.exit(1);
  }
}
