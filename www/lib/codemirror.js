// newsmark for CodeMirror 6: entities, attributed claims and hedges as mark decorations.
//
//   import { newsmark } from 'newsmark/codemirror';
//   new EditorView({ doc, extensions: [newsmark()], parent });
//
// @codemirror/state and @codemirror/view are peer dependencies, imported here as bare
// specifiers: the application's bundler (or import map) must resolve them to the one copy
// the editor uses, or CodeMirror refuses the extension ("multiple instances of
// @codemirror/state"). @codemirror/lint is not imported at all: the optional diagnostics
// bridge receives the application's own copy through the `lint` option.
//
// How the pieces fit (the shape of @codemirror/lint and of Harper's Obsidian plugin):
// - one StateField holds a RangeSet of Decoration.mark per layer. Every transaction maps
//   it through tr.changes, and first drops every item (an entity, a whole claim, a whole
//   hedge) that a change touches, boundaries included: an edit at or inside a span may
//   change what it is ("Obama" -> "Obamas"), so a mark never sits on changed text. A
//   claim or hedge goes when the edit falls anywhere from its first part to its last;
// - a ViewPlugin schedules analysis of the whole document (newsmark reads across it:
//   document-level entity evidence, pronoun sources, quotes over several sentences), after
//   `debounceMs` of quiet, only when the document changed. A result that arrives after
//   further edits is mapped through the changes made since its request, with the same
//   dropping, so it can only mark text that is still exactly what was analysed;
// - hoverTooltip says what a span is; styles live in EditorView.baseTheme (CodeMirror's
//   own style module, so nothing is added to the host page by this file).
//
// Positions are UTF-16 code units, the units of CodeMirror positions and of the analyser.
// The analysed text is state.doc.toString(), which joins lines with "\n" whatever the
// editor's line separator: CodeMirror counts every line break as one position, so "\r\n"
// in the source text or EditorState.lineSeparator.of("\r\n") cannot shift an offset.

import { ChangeSet, EditorState, Facet, StateEffect, StateField } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, hoverTooltip } from '@codemirror/view';
import { createAnalyzer } from './index.js';

const LAYERS = ['entities', 'claims', 'hedges'];

const ENTITY_NAMES = {
  PERSON: 'person',
  ORG: 'organisation',
  PLACE: 'place',
  MISC: 'other name',
  DATE: 'date',
  TIME: 'time',
  MONEY: 'money',
  PERCENT: 'percentage',
  QUANTITY: 'quantity',
};

const SOURCE_KINDS = {
  named: 'named',
  described: 'described, not named',
  vague: 'vague',
  pronoun: 'pronoun',
  none: 'no source',
};

const HEDGE_TYPES = {
  modal_probable: 'probability (modal)',
  modal_possible: 'possibility (modal)',
  hypo_doxastic: 'belief or opinion',
  hypo_investigation: 'under investigation',
  hypo_condition: 'condition',
  weasel: 'weasel words',
};

/** A claim whose source is missing or vague gets the warning colours. */
const flagged = (claim) => claim.source_kind === 'vague' || claim.source_kind === 'none';

// Each range gets its own spec, which carries the analyser's item for the tooltip, the
// lint bridge and dropping whole items. CodeMirror compares mark decorations by class and
// attributes only, so marks of one class still count as equal when it redraws.
function markFor(className, info) {
  return Decoration.mark({ class: className, newsmark: info });
}

/**
 * The per-layer decoration sets, plus two sets that are mapped but never drawn: the
 * hedges' scopes (for the tooltip) and each claim's and hedge's extent, from its first
 * part to its last (scope included), which bounds the item for dropping it.
 */
class Marks {
  constructor(entities, claims, hedges, scopes, extents, version) {
    this.entities = entities;
    this.claims = claims;
    this.hedges = hedges;
    this.scopes = scopes;
    this.extents = extents;
    /** Bumped when an analysis lands; mapping keeps it. */
    this.version = version;
  }

  static empty() {
    const none = Decoration.none;
    return new Marks(none, none, none, none, none, 0);
  }

  /** Decorations for `analysis` of a text `length` code units long. */
  static build(analysis, length, layers, version) {
    const out = { entities: [], claims: [], hedges: [], scopes: [], extents: [] };
    const ok = (part) => part && part.end > part.start && part.start >= 0 && part.end <= length;
    const add = (layer, part, className, layerName, role, item) => {
      if (!ok(part)) return;
      const info = { layer: layerName, role, item, text: part.text ?? null };
      out[layer].push(markFor(className, info).range(part.start, part.end));
    };
    const extent = (item, parts) => {
      parts = parts.filter(ok);
      if (!parts.length) return;
      const from = Math.min(...parts.map((p) => p.start));
      const to = Math.max(...parts.map((p) => p.end));
      out.extents.push(markFor('cm-newsmark-extent', { item }).range(from, to));
    };
    if (layers.includes('entities')) {
      for (const e of analysis.entities ?? []) add('entities', e, `cm-newsmark-ent cm-newsmark-ent-${e.label}`, 'entities', 'entity', e);
    }
    if (layers.includes('claims')) {
      for (const c of analysis.claims ?? []) {
        const flag = flagged(c) ? ' cm-newsmark-flag' : '';
        add('claims', c.source, `cm-newsmark-claim-source${flag}`, 'claims', 'source', c);
        add('claims', c.cue, `cm-newsmark-claim-cue${flag}`, 'claims', 'cue', c);
        for (const p of c.content ?? []) add('claims', p, `cm-newsmark-claim-content${flag}`, 'claims', 'content', c);
        extent(c, [c.source, c.cue, ...(c.content ?? [])]);
      }
    }
    if (layers.includes('hedges')) {
      for (const h of analysis.hedges ?? []) {
        add('hedges', h.cue, 'cm-newsmark-hedge', 'hedges', 'cue', h);
        add('scopes', h.scope, 'cm-newsmark-hedge-scope', 'hedges', 'scope', h);
        extent(h, [h.cue, h.scope]);
      }
    }
    const set = (ranges) => (ranges.length ? Decoration.set(ranges, true) : Decoration.none);
    return new Marks(
      set(out.entities), set(out.claims), set(out.hedges), set(out.scopes), set(out.extents), version,
    );
  }

  /**
   * The items `changes` touch, boundaries included: an entity the change meets, a claim
   * or hedge whose extent it meets (an edit between a claim's cue and its quote changes
   * the claim too). Also the window [from, to) that holds every part of those items.
   */
  touched(changes) {
    const dead = new Set();
    let from = Infinity;
    let to = -Infinity;
    const hit = (a, b, mark) => {
      dead.add(mark.spec.newsmark.item);
      if (a < from) from = a;
      if (b > to) to = b;
    };
    changes.iterChangedRanges((fromA, toA) => {
      // RangeSet.between also reports ranges that end at fromA or start at toA.
      this.entities.between(fromA, toA, hit);
      this.extents.between(fromA, toA, hit);
    });
    return { dead, from, to };
  }

  /** These marks after `changes`: touched items dropped, the rest shifted. */
  map(changes) {
    if (changes.empty) return this;
    const { dead, from, to } = this.touched(changes);
    // Filtering only the window keeps the chunks outside it shared, so CodeMirror's
    // comparison of old and new decorations skips them.
    const spec = dead.size && { filter: (_f, _t, mark) => !dead.has(mark.spec.newsmark.item), filterFrom: from, filterTo: to };
    const keep = (set) => (spec ? set.update(spec) : set).map(changes);
    return new Marks(
      keep(this.entities), keep(this.claims), keep(this.hedges), keep(this.scopes), keep(this.extents), this.version,
    );
  }
}

/** Replaces the marks with a result already mapped to the current document. */
const setMarks = StateEffect.define();

/** Lets newsmarkSpans find the field of every installed instance without a global. */
const fields = Facet.define();

/**
 * The spans newsmark currently marks in `state`, in document order per layer:
 * `{ from, to, text, layer, role, className, item }`: `text` is what the analyser saw
 * there, always equal to the document's text at [from, to) (an edit that touches a span
 * removes it); `item` is the analyser's entity, claim or hedge object (its own offsets
 * refer to the text it analysed). Empty when the extension is not installed.
 */
export function newsmarkSpans(state) {
  const out = [];
  for (const field of state.facet(fields)) {
    const marks = state.field(field, false);
    if (!marks) continue;
    for (const layer of LAYERS) {
      for (let it = marks[layer].iter(); it.value; it.next()) {
        const { role, item, text } = it.value.spec.newsmark;
        out.push({ from: it.from, to: it.to, text, layer, role, className: it.value.spec.class, item });
      }
    }
  }
  return out;
}

/** The number of analyses whose marks have landed in `state` (0 before the first). */
export function newsmarkVersion(state) {
  let v = 0;
  for (const field of state.facet(fields)) v = Math.max(v, state.field(field, false)?.version ?? 0);
  return v;
}

/**
 * Lint diagnostics for the current marks: a claim with no source and a vague source are
 * warnings, a hedge is information.
 */
function diagnosticsOf(marks) {
  const out = [];
  for (let it = marks.claims.iter(); it.value; it.next()) {
    const { role, item } = it.value.spec.newsmark;
    if (role === 'cue' && item.source_kind === 'none') {
      out.push({ from: it.from, to: it.to, severity: 'warning', source: 'newsmark', message: 'Claim with no source' });
    } else if (role === 'source' && item.source_kind === 'vague') {
      out.push({
        from: it.from,
        to: it.to,
        severity: 'warning',
        source: 'newsmark',
        message: `Vague source: “${item.source.text}”`,
      });
    }
  }
  for (let it = marks.hedges.iter(); it.value; it.next()) {
    const { item } = it.value.spec.newsmark;
    out.push({
      from: it.from,
      to: it.to,
      severity: 'info',
      source: 'newsmark',
      message: `Hedge: ${HEDGE_TYPES[item.type] ?? item.type}`,
    });
  }
  return out.sort((a, b) => a.from - b.from || a.to - b.to);
}

/** What the tooltip says about the marks at one position (plain text lines, no markup). */
function describe(state, marks, pos, side) {
  const lines = [];
  let from = pos;
  let to = pos;
  const at = (set, f) =>
    set.between(pos - (side < 0 ? 1 : 0), pos + (side > 0 ? 1 : 0), (a, b, mark) => {
      // The same rule as @codemirror/lint's tooltip: the side decides at a boundary.
      if (pos < a || pos > b || (pos === a && side < 0) || (pos === b && side > 0)) return;
      from = lines.length ? Math.min(from, a) : a;
      to = lines.length ? Math.max(to, b) : b;
      f(mark.spec.newsmark, a, b);
    });
  at(marks.entities, ({ item }) => {
    lines.push({ head: `Entity: ${item.label}`, body: ENTITY_NAMES[item.label] ?? '' });
  });
  at(marks.claims, ({ role, item }) => {
    const kind = SOURCE_KINDS[item.source_kind] ?? item.source_kind;
    let body = item.source ? `Source: “${item.source.text}” (${kind})` : `Source: none`;
    if (item.source_resolved) body += ` → ${item.source_resolved.text}`;
    lines.push({ head: `Claim ${role === 'cue' ? 'cue' : role === 'source' ? 'source' : 'content'}`, body });
  });
  at(marks.hedges, ({ item }, a) => {
    let scope = '';
    // The scope is looked up in the mapped scopes, so its text is the document's current text.
    marks.scopes.between(a, a, (sa, sb, mark) => {
      if (mark.spec.newsmark.item === item) {
        scope = state.doc.sliceString(sa, sb);
        return false;
      }
    });
    if (scope.length > 160) scope = `${scope.slice(0, 157)}…`;
    lines.push({ head: `Hedge: ${item.type}`, body: `${HEDGE_TYPES[item.type] ?? ''}${scope ? ` · scope: “${scope}”` : ''}` });
  });
  return lines.length ? { from, to, lines } : null;
}

const theme = EditorView.baseTheme({
  '&light': {
    '--nm-person': '#d6e6ff', '--nm-org': '#eadffd', '--nm-place': '#d3f3dc', '--nm-misc': '#e6e9ee',
    '--nm-num': '#fdeebb', '--nm-claim': '#0b6e66', '--nm-claim-soft': '#0b6e6699', '--nm-flag': '#c0362c',
    '--nm-hedge': '#a3206a',
  },
  '&dark': {
    '--nm-person': '#1f3b63', '--nm-org': '#3c2c63', '--nm-place': '#1c4a30', '--nm-misc': '#353a45',
    '--nm-num': '#4d3d0f', '--nm-claim': '#4fd1c1', '--nm-claim-soft': '#4fd1c1a0', '--nm-flag': '#ff7b6e',
    '--nm-hedge': '#f28ac8',
  },
  '.cm-newsmark-ent': { borderRadius: '2px' },
  '.cm-newsmark-ent-PERSON': { backgroundColor: 'var(--nm-person)' },
  '.cm-newsmark-ent-ORG': { backgroundColor: 'var(--nm-org)' },
  '.cm-newsmark-ent-PLACE': { backgroundColor: 'var(--nm-place)' },
  '.cm-newsmark-ent-MISC': { backgroundColor: 'var(--nm-misc)' },
  '.cm-newsmark-ent-DATE, .cm-newsmark-ent-TIME, .cm-newsmark-ent-MONEY, .cm-newsmark-ent-PERCENT, .cm-newsmark-ent-QUANTITY':
    { backgroundColor: 'var(--nm-num)' },
  '.cm-newsmark-claim-content': { textDecoration: 'underline solid 2px var(--nm-claim-soft)' },
  '.cm-newsmark-claim-source': { textDecoration: 'underline double 3px var(--nm-claim)' },
  '.cm-newsmark-claim-cue': { color: 'var(--nm-claim)', textDecoration: 'underline solid 3px var(--nm-claim)' },
  '.cm-newsmark-claim-content.cm-newsmark-flag': { textDecoration: 'underline wavy 1.5px var(--nm-flag)' },
  '.cm-newsmark-claim-source.cm-newsmark-flag': { color: 'var(--nm-flag)', textDecorationColor: 'var(--nm-flag)' },
  '.cm-newsmark-claim-cue.cm-newsmark-flag': { color: 'var(--nm-flag)', textDecorationColor: 'var(--nm-flag)' },
  '.cm-newsmark-hedge': { color: 'var(--nm-hedge)', textDecoration: 'overline dotted 2px var(--nm-hedge)' },
  '.cm-newsmark-tooltip': { padding: '4px 8px', maxWidth: '28em', fontSize: '90%', lineHeight: '1.4' },
  '.cm-newsmark-tooltip-head': { fontWeight: '600' },
  '.cm-newsmark-tooltip-line + .cm-newsmark-tooltip-line': { marginTop: '4px' },
});

/**
 * The CodeMirror extension. Options:
 * - analyzer: a NewsmarkAnalyzer (createAnalyzer from 'newsmark'); by default each editor
 *   creates a worker-backed one and disposes it when the editor is destroyed. One that is
 *   passed in is shared and never disposed here.
 * - layers: which layers to analyse and mark (default all three).
 * - debounceMs: quiet time after the last change before the document is analysed (150).
 * - lint: the @codemirror/lint module (or any object with its setDiagnostics) to show
 *   claims with no source and vague sources as warnings and hedges as information.
 * - onAnalysis({ view, version, ms }): called after an analysis has landed in the editor;
 *   `ms` is the time from the request to the marks being in the state.
 * - onError(error): an analysis that failed (default: console.error). Superseded requests
 *   (AbortError) are not errors.
 */
export function newsmark(options = {}) {
  const layers = options.layers ? LAYERS.filter((l) => options.layers.includes(l)) : LAYERS;
  const debounceMs = options.debounceMs ?? 150;
  const lint = options.lint ?? null;
  if (lint && (typeof lint.setDiagnostics !== 'function' || typeof lint.linter !== 'function')) {
    throw new TypeError('newsmark: options.lint must be the @codemirror/lint module (setDiagnostics and linter)');
  }
  const onError = options.onError ?? ((e) => console.error('newsmark:', e));

  const field = StateField.define({
    create: () => Marks.empty(),
    update(marks, tr) {
      marks = marks.map(tr.changes);
      for (const e of tr.effects) if (e.is(setMarks)) marks = e.value;
      return marks;
    },
    provide: (f) => [
      fields.of(f),
      EditorView.decorations.from(f, (m) => m.entities),
      EditorView.decorations.from(f, (m) => m.claims),
      EditorView.decorations.from(f, (m) => m.hedges),
    ],
  });

  // An edit that removes a marked item must remove its diagnostic in the same
  // transaction; @codemirror/lint alone would only shift it onto the changed text.
  const lintFollower = lint
    ? [
        EditorState.transactionExtender.of((tr) => {
          if (!tr.docChanged || tr.effects.some((e) => e.is(setMarks))) return null;
          const before = tr.startState.field(field, false);
          if (!before || !before.touched(tr.changes).dead.size) return null;
          return lint.setDiagnostics(tr.startState, diagnosticsOf(before.map(tr.changes)));
        }),
        // The lint extension from the start (a configuration without a source): otherwise
        // setDiagnostics appends it with the first result, which reconfigures the editor
        // and makes CodeMirror rewrite its style element in the page's <head> then.
        // linter(null) needs @codemirror/lint 6.5 or later (January 2024).
        lint.linter(null),
      ]
    : [];

  const scheduler = ViewPlugin.fromClass(
    class {
      constructor(view) {
        this.view = view;
        this.analyzer = options.analyzer ?? createAnalyzer();
        this.owned = !options.analyzer;
        this.timer = null;
        /** Requests not yet answered, each with the changes made since it was sent. */
        this.pending = [];
        this.sent = 0;
        this.landed = 0;
        this.destroyed = false;
        this.run = this.run.bind(this);
        // A document that starts with text is analysed once; after that only edits do it.
        if (view.state.doc.length) this.schedule(0);
      }

      update(update) {
        if (!update.docChanged) return;
        for (const req of this.pending) req.changes = req.changes.compose(update.changes);
        this.schedule(debounceMs);
      }

      schedule(delay) {
        clearTimeout(this.timer);
        this.timer = setTimeout(this.run, delay);
      }

      run() {
        this.timer = null;
        const doc = this.view.state.doc;
        const text = doc.toString();
        const req = { seq: ++this.sent, changes: ChangeSet.empty(doc.length), t0: performance.now() };
        this.pending.push(req);
        this.analyzer.analyze(text, { layers }).then(
          (analysis) => this.land(req, analysis, text.length),
          (error) => {
            this.forget(req);
            if (!this.destroyed && error?.name !== 'AbortError') onError(error);
          },
        );
      }

      forget(req) {
        const i = this.pending.indexOf(req);
        if (i >= 0) this.pending.splice(i, 1);
      }

      land(req, analysis, length) {
        this.forget(req);
        // Answers come in order; an older answer after a newer one is ignored.
        if (this.destroyed || req.seq < this.landed) return;
        this.landed = req.seq;
        const view = this.view;
        const version = view.state.field(field).version + 1;
        const marks = Marks.build(analysis, length, layers, version).map(req.changes);
        const effects = [setMarks.of(marks)];
        if (lint) effects.push(...[].concat(lint.setDiagnostics(view.state, diagnosticsOf(marks)).effects ?? []));
        view.dispatch({ effects });
        options.onAnalysis?.({ view, version, ms: performance.now() - req.t0 });
      }

      destroy() {
        this.destroyed = true;
        clearTimeout(this.timer);
        if (this.owned) this.analyzer.dispose();
      }
    },
  );

  const tooltip = hoverTooltip((view, pos, side) => {
    const marks = view.state.field(field, false);
    const found = marks && describe(view.state, marks, pos, side);
    if (!found) return null;
    return {
      pos: found.from,
      end: found.to,
      above: true,
      create() {
        const dom = document.createElement('div');
        dom.className = 'cm-newsmark-tooltip';
        for (const { head, body } of found.lines) {
          const line = dom.appendChild(document.createElement('div'));
          line.className = 'cm-newsmark-tooltip-line';
          const h = line.appendChild(document.createElement('div'));
          h.className = 'cm-newsmark-tooltip-head';
          h.textContent = head;
          if (body) line.appendChild(document.createElement('div')).textContent = body;
        }
        return { dom };
      },
    };
  });

  return [field, lintFollower, scheduler, tooltip, theme];
}
