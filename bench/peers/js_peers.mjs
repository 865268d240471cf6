// Runs the JavaScript peers over gold JSONL files and writes their predictions in the
// shape `newsmark eval --predictions` reads (see src/eval/predictions.rs).
//
//   node js_peers.mjs compromise|retext-intensify|write-good GOLD.jsonl... > PRED.jsonl
//
// Offsets: JS strings index UTF-16 code units; the gold and the scorer count Unicode
// scalars. Every offset goes through `toScalars` below, and every part carries its
// `text`, so the scorer warns if a conversion is ever wrong.
//
// What each peer predicts (documented in bench/peers/README.md):
// - compromise 14: people() → PERSON, places() → PLACE, organizations() → ORG, each
//   span without the punctuation compromise attaches to terms (pre/post), except the
//   period of a term it tags as an Abbreviation ("Corp."). quotations() → claims with
//   the quotation as content and no cue or source (compromise has neither).
// - retext-intensify 7: its "hedge" and "weasel" messages → hedge cues, type = ruleId;
//   "filler" messages (really, just, …) are not uncertainty and are left out.
// - write-good 1: the weasel check only → hedge cues, type "weasel".
import fs from 'node:fs';
import readline from 'node:readline';
import nlp from 'compromise';
import {retext} from 'retext';
import retextIntensify from 'retext-intensify';
import writeGood from 'write-good';

/** A function from a UTF-16 index of `text` to its Unicode scalar index. */
function toScalars(text) {
  const map = new Uint32Array(text.length + 1);
  let scalar = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = scalar;
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one scalar: the low half maps to the same.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        map[i + 1] = scalar;
        i++;
      }
    }
    scalar++;
  }
  map[text.length] = scalar;
  return (u16) => map[Math.max(0, Math.min(u16, text.length))];
}

function part(text, conv, start16, end16) {
  return {start: conv(start16), end: conv(end16), text: text.slice(start16, end16)};
}

function compromise(doc) {
  const text = doc.text;
  const conv = toScalars(text);
  const d = nlp(text);
  const entities = [];
  for (const [label, sel] of [['PERSON', d.people()], ['PLACE', d.places()], ['ORG', d.organizations()]]) {
    for (const m of sel.json({offset: true, terms: {offset: true}})) {
      const terms = m.terms || [];
      if (!terms.length) continue;
      const first = terms[0];
      const last = terms[terms.length - 1];
      // A term's offset starts at its `pre` punctuation; its length is its text's.
      const start = first.offset.start + first.pre.length;
      let end = last.offset.start + last.pre.length + last.text.length;
      if ((last.tags || []).includes('Abbreviation') && last.post.startsWith('.')) end += 1;
      if (end > start && text.slice(start, end) !== '') {
        entities.push({...part(text, conv, start, end), label});
      }
    }
  }
  entities.sort((a, b) => a.start - b.start || a.end - b.end);
  const claims = d.quotations().json({offset: true}).map((m) => ({
    cue: null,
    source: null,
    content: [part(text, conv, m.offset.start, m.offset.start + m.offset.length)],
  }));
  return {id: doc.id, entities, claims};
}

async function intensify(doc) {
  const text = doc.text;
  const conv = toScalars(text);
  const file = await retext().use(retextIntensify).process(text);
  const hedges = [];
  for (const m of file.messages) {
    if (m.ruleId === 'filler' || !m.place || !m.place.start) continue;
    const start = m.place.start.offset;
    const end = m.place.end.offset;
    hedges.push({cue: [part(text, conv, start, end)], scope: null, type: m.ruleId});
  }
  return {id: doc.id, hedges};
}

const WEASEL_ONLY = {
  weasel: true, passive: false, illusion: false, so: false, thereIs: false, adverb: false,
  tooWordy: false, cliches: false, eprime: false,
};

function writegood(doc) {
  const text = doc.text;
  const conv = toScalars(text);
  const hedges = writeGood(text, WEASEL_ONLY).map((s) => ({
    cue: [part(text, conv, s.index, s.index + s.offset)],
    scope: null,
    type: 'weasel',
  }));
  return {id: doc.id, hedges};
}

const RUNNERS = {'compromise': compromise, 'retext-intensify': intensify, 'write-good': writegood};

async function main() {
  const [peer, ...files] = process.argv.slice(2);
  const run = RUNNERS[peer];
  if (!run || !files.length) {
    console.error(`usage: node js_peers.mjs ${Object.keys(RUNNERS).join('|')} GOLD.jsonl...`);
    process.exit(2);
  }
  for (const f of files) {
    const lines = readline.createInterface({input: fs.createReadStream(f, 'utf8'), crlfDelay: Infinity});
    for await (const line of lines) {
      if (!line.trim()) continue;
      const doc = JSON.parse(line);
      process.stdout.write(JSON.stringify(await run(doc)) + '\n');
    }
  }
}

await main();
