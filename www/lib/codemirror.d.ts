/**
 * newsmark for CodeMirror 6. `@codemirror/state` and `@codemirror/view` are peer
 * dependencies: install them yourself, once, so the editor and this extension share one
 * copy. Positions are UTF-16 code units, the units of CodeMirror positions.
 */
import type { EditorState, Extension, TransactionSpec } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import type { Claim, Entity, Hedge, Layer } from '../pkg/newsmark.js';
import type { NewsmarkAnalyzer } from './index.js';

/** What the lint bridge needs from `@codemirror/lint`: pass the module itself. */
export interface LintModule {
  /** Used as `linter(null)` (@codemirror/lint 6.5 or later) so the lint extension is configured from the start. */
  linter(source: null): Extension;
  setDiagnostics(
    state: EditorState,
    diagnostics: readonly {
      from: number;
      to: number;
      severity: 'hint' | 'info' | 'warning' | 'error';
      message: string;
      source?: string;
    }[],
  ): TransactionSpec;
}

export interface NewsmarkOptions {
  /**
   * The analyzer (`createAnalyzer()` from 'newsmark'). Default: each editor creates a
   * worker-backed one and disposes it when the editor is destroyed; an analyzer passed
   * here may be shared by several editors and is never disposed by the extension.
   */
  analyzer?: Pick<NewsmarkAnalyzer, 'analyze' | 'dispose'>;
  /** Layers to analyse and mark; default all three. */
  layers?: Layer[];
  /** Quiet time after the last change before the whole document is analysed; default 150 ms. */
  debounceMs?: number;
  /**
   * `import * as lint from '@codemirror/lint'` (6.5 or later) to show a claim with no source and a vague
   * source as warnings and each hedge as information. Diagnostics follow the marks: an edit
   * that removes a mark removes its diagnostic in the same transaction.
   */
  lint?: LintModule;
  /** After an analysis has landed; `ms`: from the request to the marks being in the state. */
  onAnalysis?: (info: { view: EditorView; version: number; ms: number }) => void;
  /** An analysis failed (aborted and superseded requests are not failures); default console.error. */
  onError?: (error: unknown) => void;
}

/** The extension: decorations per layer, hover tooltips, base theme, scheduled analysis. */
export function newsmark(options?: NewsmarkOptions): Extension;

export type SpanRole = 'entity' | 'source' | 'cue' | 'content';

export interface NewsmarkSpan {
  /** Current position in the document (UTF-16 code units). */
  from: number;
  to: number;
  /** The text the analyser saw here: always the document's text at [from, to). */
  text: string;
  layer: Layer;
  role: SpanRole;
  /** The mark's CSS classes, e.g. "cm-newsmark-ent cm-newsmark-ent-PERSON". */
  className: string;
  /** The analyser's object; its own offsets refer to the text that was analysed. */
  item: Entity | Claim | Hedge;
}

/** The spans currently marked in `state`, per layer in document order. */
export function newsmarkSpans(state: EditorState): NewsmarkSpan[];

/** How many analyses have landed in `state` (0 before the first). */
export function newsmarkVersion(state: EditorState): number;
