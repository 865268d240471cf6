// The textarea demo: a plain <textarea> with the newsmark adapter attached, a zoom slider
// that scales its container (the boxes must follow), and a button to detach and attach
// again. Uses the package modules exactly as a third party would (../lib/…).

import { createAnalyzer } from '../lib/index.js';
import { attach } from '../lib/textarea.js';

const editor = document.getElementById('editor');
const status = document.getElementById('status');
const toggle = document.getElementById('toggle');
const zoom = document.getElementById('zoom');
const zoomed = document.getElementById('zoomed');

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
    status.textContent = 'Detached: the textarea is untouched.';
  } else start();
});
zoom.addEventListener('input', () => {
  zoomed.style.transform = `scale(${zoom.value})`;
  // A transform change fires no event the adapter can hear: tell it.
  handle?.refresh();
});

const res = await fetch('../sample.txt');
editor.value = res.ok ? await res.text() : 'Mayor Elena Marsh said the bridge may reopen in May, according to officials.';
start();
