// The CodeMirror demo. scripts/build-demos bundles this file, the newsmark package's
// modules and CodeMirror into vendor/codemirror.js with esbuild, as an application's
// bundler would: @codemirror/state and @codemirror/view resolve once, for the editor and
// for the extension alike.
//
// A bundle moves the package's modules, so the files they find through import.meta.url
// (the worker script and the wasm binary) are passed explicitly, relative to this page:
// the worker runs unbundled from ../lib/, where it finds the glue in ../pkg/.
//
// The exports are for the browser tests, which build editors from this same bundle so
// that they exercise the one copy of CodeMirror the demo ships.

import { Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import * as lint from '@codemirror/lint';
import { createAnalyzer } from '../lib/index.js';
import { newsmark, newsmarkSpans, newsmarkVersion } from '../lib/codemirror.js';

export { EditorState, EditorView, lint, newsmark, newsmarkSpans, newsmarkVersion };

/** An analyzer for this page: the worker and the binary at their places under www/. */
export function demoAnalyzer(options = {}) {
  return createAnalyzer({
    worker: new URL('../lib/worker.js', document.baseURI),
    wasm: new URL('../pkg/newsmark_bg.wasm', document.baseURI),
    ...options,
  });
}

// The page's own look for the editor (its style sheet cannot reach into the shadow root).
const look = EditorView.theme({
  '&': { maxHeight: '70vh', backgroundColor: 'var(--panel, transparent)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { overflow: 'auto' },
  '.cm-content': { font: '17px/1.7 Georgia, "Times New Roman", serif', padding: '1rem 1.25rem' },
});

const editorEl = document.getElementById('editor');
if (editorEl) start(editorEl);

async function start(parent) {
  const status = document.getElementById('status');
  const analyzer = demoAnalyzer();
  analyzer.ready.then(
    () => (status.textContent = 'Analyser ready.'),
    (e) => (status.textContent = `The analyser could not load: ${e.message}`),
  );
  const layersOf = () => [...document.querySelectorAll('#layers input:checked')].map((i) => i.value);
  const config = new Compartment();
  const extension = () =>
    newsmark({
      analyzer,
      layers: layersOf(),
      lint,
      onAnalysis: ({ view, ms }) => {
        const n = newsmarkSpans(view.state).length;
        status.textContent = `${n} marks · analysed and drawn ${Math.round(ms)} ms after the request`;
        parent.dataset.version = String(newsmarkVersion(view.state));
      },
      onError: (e) => (status.textContent = `Analysis failed: ${e.message ?? e}`),
    });

  let doc = '';
  try {
    const res = await fetch('../sample.txt');
    if (res.ok) doc = await res.text();
  } catch {
    // An empty editor is still a working demo.
  }
  // The editor lives in a shadow root: CodeMirror then adopts its style sheets there
  // instead of writing a <style> element into the page, which this page's CSP
  // (style-src 'self') would refuse.
  const root = parent.attachShadow({ mode: 'open' });
  const view = new EditorView({
    parent: root,
    root,
    state: EditorState.create({ doc, extensions: [EditorView.lineWrapping, look, config.of(extension())] }),
  });
  // A new layer selection is a new extension instance: it analyses again, with the same analyzer.
  document.getElementById('layers').addEventListener('change', () => {
    view.dispatch({ effects: config.reconfigure(extension()) });
  });
}
