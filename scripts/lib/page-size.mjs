// What each page downloads, raw and gzipped: the page's HTML, and every file it reaches
// through <script src>, <link href>, static and dynamic `import`, and
// `new URL('…', import.meta.url)` (the wasm binary, the worker), followed transitively.
// Files fetched only on a user's request (the sample text) are not counted.
//
//   node scripts/lib/page-size.mjs [--budget BYTES] PAGE.html [PAGE.html …]
//
// The budget, when given, applies to the first page (the main page); each other page
// reports its own total. Exits 1 when the first page is over its budget.

import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
let budget = null;
const pages = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--budget') budget = Number(args[++i]);
  else pages.push(args[i]);
}
if (pages.length === 0) {
  console.error('usage: page-size.mjs [--budget BYTES] PAGE.html [PAGE.html …]');
  process.exit(2);
}

const HTML_REFS = [/<script[^>]*\ssrc=["']([^"']+)["']/g, /<link[^>]*\shref=["']([^"']+)["']/g];
// Import specifiers must be relative (a bare one names a package); a URL is relative
// to the module whatever it looks like.
const IMPORTS = [
  /\bimport\s[^'"`;]*?\bfrom\s*["']([^"']+)["']/g,
  /\bimport\s*["']([^"']+)["']/g,
  /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  /\bexport\s[^'"`;]*?\bfrom\s*["']([^"']+)["']/g,
];
const JS_URLS = [/new URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g];
// URLs a module resolves against its page rather than itself.
const PAGE_URLS = [/new URL\(\s*["']([^"']+)["']\s*,\s*document\.baseURI\s*\)/g];
const CSS_REFS = [/@import\s+["']([^"']+)["']/g, /url\(\s*["']?([^"')]+)["']?\s*\)/g];

/** Every local file `page` downloads, in the order found. */
function closure(page) {
  const pageDir = dirname(resolve(page));
  const seen = new Set();
  const todo = [resolve(page)];
  while (todo.length) {
    const file = todo.shift();
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    const js = file.endsWith('.js') || file.endsWith('.mjs');
    const urls = file.endsWith('.html') ? HTML_REFS : file.endsWith('.css') ? CSS_REFS : js ? JS_URLS : [];
    const refs = [
      ...urls.map((re) => [re, false, false]),
      ...(js ? IMPORTS.map((re) => [re, true, false]) : []),
      ...(js ? PAGE_URLS.map((re) => [re, false, true]) : []),
    ];
    for (const [re, isImport, onPage] of refs) {
      for (const m of text.matchAll(re)) {
        const ref = m[1].split(/[?#]/)[0];
        // Only the page's own files: skip other origins, data URLs and bare specifiers.
        if (!ref || /^[a-z][a-z0-9+.-]*:/i.test(ref)) continue;
        if (isImport && !(ref.startsWith('.') || ref.startsWith('/'))) continue;
        const base = ref.startsWith('/') ? resolve(dirname(resolve(pages[0]))) : onPage ? pageDir : dirname(file);
        todo.push(resolve(base, ref.replace(/^\//, '')));
      }
    }
  }
  return [...seen];
}

let failed = false;
pages.forEach((page, k) => {
  const files = closure(page);
  let raw = 0;
  let gz = 0;
  console.log(`\n${page}`);
  console.log(`  ${'file'.padEnd(40)} ${'bytes'.padStart(10)} ${'gzipped'.padStart(10)}`);
  for (const f of files) {
    const bytes = readFileSync(f);
    const g = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += g;
    console.log(`  ${relative(dirname(resolve(page)), f).padEnd(40)} ${String(bytes.length).padStart(10)} ${String(g).padStart(10)}`);
  }
  const note = k === 0 && budget != null ? `   (budget ${budget} gzipped)` : '';
  console.log(`  ${'total'.padEnd(40)} ${String(raw).padStart(10)} ${String(gz).padStart(10)}${note}`);
  if (k === 0 && budget != null && gz > budget) {
    console.error(`FAIL: ${page} downloads ${gz} bytes gzipped, over the ${budget} budget`);
    failed = true;
  }
});
process.exit(failed ? 1 : 0);
