// The contenteditable demo: a plain contenteditable <div> with the newsmark adapter
// attached, and a button to detach and attach again. Uses the package modules exactly as
// a third party would (../lib/…). The sample text goes in as text nodes, never as HTML.

import { createAnalyzer } from '../lib/index.js';
import { attach } from '../lib/contenteditable.js';

const editor = document.getElementById('editor');
const status = document.getElementById('status');
const toggle = document.getElementById('toggle');

const analyzer = createAnalyzer();
analyzer.ready.catch((e) => (status.textContent = `The analyser could not load: ${e.message}`));

let handle = null;
let typedAt = 0;
function start() {
  handle = attach(editor, {
    analyzer,
    onResult(a, text) {
      const words = text.split(/\s+/).filter(Boolean).length;
      const flagged = a.claims.filter((c) => c.source_kind === 'vague' || c.source_kind === 'none').length;
      const latency = typedAt ? `, ${Math.round(performance.now() - typedAt)} ms after the last keystroke` : '';
      status.textContent = `${words} words: ${a.entities.length} entities, ${a.claims.length} claims (${flagged} flagged), ${a.hedges.length} hedges${latency}`;
    },
  });
  toggle.textContent = 'Detach';
}

editor.addEventListener('input', () => (typedAt = performance.now()));
toggle.addEventListener('click', () => {
  if (handle) {
    handle.detach();
    handle = null;
    toggle.textContent = 'Attach';
    status.textContent = 'Detached: the editor is untouched.';
  } else start();
});

const res = await fetch('../sample.txt');
const text = res.ok ? await res.text() : 'Mayor Elena Marsh said the bridge may reopen in May, according to officials.';
// One paragraph per blank-line-separated block, as an editor would hold it.
for (const block of text.split(/\n{2,}/)) {
  const p = document.createElement('p');
  p.textContent = block;
  editor.append(p);
}
start();
