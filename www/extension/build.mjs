// Builds the browser extension from www/extension + the npm package's files (www/lib,
// www/pkg) into target/extension/{chromium,firefox}/ and one zip for each browser.
// Run by ./scripts/build-extension (which builds www/pkg first).
//
// - lib/ and pkg/ are the package's own modules and wasm, copied unchanged (the
//   background imports lib/index.js; the wasm loads from pkg/ next to it);
// - content/content.js is content.js bundled by esbuild into one classic script (content
//   scripts cannot be modules) with the shared text-model and highlight modules and
//   Readability;
// - content/auto.js is copied as it is: the always-on registration runs it before
//   content/content.js;
// - content/highlights.css is the shared highlight module's own rules for the prefix the
//   content script uses, so the page and the extension draw the same colours;
// - manifest.json: the Chromium manifest is the template with the crate's version; the
//   Firefox one is derived from it (background scripts instead of a service worker,
//   sidebar_action instead of side_panel, gecko id and minimum version).

import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { highlightCss } from '../lib/highlight.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = join(root, 'www/extension');
const out = join(root, 'target/extension');

// The package modules the background imports (index.js and what it imports).
const LIB = ['index.js', 'loader.js', 'edits.js', 'session.js'];
const PKG = ['newsmark.js', 'newsmark_bg.wasm'];
const PAGES = ['background.js', 'sites.js', 'panel.html', 'panel.js', 'panel.css', 'summary.js', 'options.html', 'options.js'];
export const PREFIX = 'newsmark-ext';
export const GECKO_ID = 'newsmark@newsmark.dev';

const readabilityDir = join(root, 'node_modules/@mozilla/readability');
const readability = JSON.parse(readFileSync(join(readabilityDir, 'package.json'), 'utf8'));
const version = /^version = "([^"]+)"/m.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))[1];

function chromiumManifest() {
  const m = JSON.parse(readFileSync(join(src, 'manifest.json'), 'utf8'));
  m.version = version;
  return m;
}

function firefoxManifest(chromium) {
  const m = structuredClone(chromium);
  m.background = { scripts: [m.background.service_worker], type: 'module' };
  m.sidebar_action = { default_panel: m.side_panel.default_path, default_title: 'newsmark', open_at_install: false };
  delete m.side_panel;
  delete m.minimum_chrome_version;
  m.permissions = m.permissions.filter((p) => p !== 'sidePanel');
  m.browser_specific_settings = {
    // 140: the first Firefox with the CSS Custom Highlight API.
    gecko: { id: GECKO_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
    // Android needs 142 for data_collection_permissions.
    gecko_android: { strict_min_version: '142.0' },
  };
  return m;
}

async function stage(dir, manifest, contentJs) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'lib'), { recursive: true });
  mkdirSync(join(dir, 'pkg'), { recursive: true });
  mkdirSync(join(dir, 'content'), { recursive: true });
  for (const f of LIB) cpSync(join(root, 'www/lib', f), join(dir, 'lib', f));
  for (const f of PKG) cpSync(join(root, 'www/pkg', f), join(dir, 'pkg', f));
  for (const f of PAGES) cpSync(join(src, f), join(dir, f));
  for (const f of ['LICENSE-MIT', 'LICENSE-APACHE']) cpSync(join(root, f), join(dir, f));
  writeFileSync(join(dir, 'content/content.js'), contentJs);
  cpSync(join(src, 'auto.js'), join(dir, 'content/auto.js'));
  cpSync(join(readabilityDir, 'LICENSE.md'), join(dir, 'content/READABILITY-LICENSE.md'));
  writeFileSync(join(dir, 'content/highlights.css'), `/* newsmark: the shared highlight colours (www/lib/highlight.js) */\n${highlightCss(PREFIX)}\n`);
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

function zip(dir, file) {
  rmSync(file, { force: true });
  // -X: no extra file attributes, so the archive depends on the files only.
  execFileSync('zip', ['-q', '-r', '-X', file, '.'], { cwd: dir });
}

export async function buildExtension() {
  const bundle = await build({
    entryPoints: [join(src, 'content.js')],
    bundle: true,
    format: 'iife',
    target: ['chrome116', 'firefox140'],
    write: false,
    // Readability's notice (Apache-2.0) is a plain comment esbuild would drop: carry it
    // in a banner, and ship its licence text beside the bundle.
    banner: { js: `/* Includes @mozilla/readability ${readability.version}: Copyright (c) 2010 Arc90 Inc, Apache License 2.0 (content/READABILITY-LICENSE.md). */` },
    legalComments: 'inline',
    logLevel: 'warning',
  });
  const contentJs = bundle.outputFiles[0].text;
  const chromium = chromiumManifest();
  const dirs = { chromium: join(out, 'chromium'), firefox: join(out, 'firefox') };
  await stage(dirs.chromium, chromium, contentJs);
  await stage(dirs.firefox, firefoxManifest(chromium), contentJs);
  zip(dirs.chromium, join(out, 'newsmark-chromium.zip'));
  zip(dirs.firefox, join(out, 'newsmark-firefox.zip'));
  return dirs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildExtension();
  console.log(`target/extension: chromium/ firefox/ newsmark-chromium.zip newsmark-firefox.zip (version ${version})`);
}
