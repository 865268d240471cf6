/**
 * Drawing an analysis over a page without touching it: CSS Custom Highlights under names
 * owned by one instance (`newsmark-<id>-<kind>`, never `CSS.highlights.clear()`), boxes
 * and a plain-text tooltip in the adapter's own shadow root, and geometry watching by
 * events and observers only (no polling).
 *
 * Styles: highlight rules go in one constructable stylesheet added to
 * `document.adoptedStyleSheets` (no `<style>` element; removed on dispose); with
 * `styles: false` the host page styles `::highlight(newsmark-<id>-<kind>)` itself
 * (`highlightCss(prefix)` returns the default rules). Boxes and tooltip are styled inside
 * the shadow root.
 */
import type { Analysis, Layer } from '../pkg/newsmark.js';

export const LAYERS: readonly ['entities', 'claims', 'hedges'];

/** `ent-person`, `ent-org`, `ent-place`, `ent-misc`, `ent-date`, `ent-time`, `ent-money`,
 * `ent-percent`, `ent-quantity`, `claim-content`, `claim-source`, `claim-cue` (each also
 * with `-flag` for a vague or missing source), `hedge`, and `active` (the hovered item). */
export type Kind = string;
export const KINDS: Kind[];

export interface Run {
  /** UTF-16 code units. */
  start: number;
  end: number;
  kind: Kind;
  layer: Layer;
  /** The entity, claim or hedge the run belongs to. */
  item: any;
}

export function supportsHighlights(win?: Window | typeof globalThis): boolean;
/** A claim with a vague source or none. */
export function flagged(claim: { source_kind: string }): boolean;
/** An analysis as runs, one kind per style, empty spans left out. */
export function runsOf(analysis: Analysis, layers?: Iterable<Layer>): Run[];
/** Every span of an item (a claim's source, cue and content; a hedge's cue and scope). */
export function partsOf(item: any): { start: number; end: number }[];
/** What a span is, as plain text: the entity's label; the claim's source, source kind and
 * resolved name; the hedge's type and scope. */
export function describe(run: Pick<Run, 'layer' | 'item'>, text: string): string;
export function describeAll(runs: Pick<Run, 'layer' | 'item'>[], text: string): string;
export function priorityOf(kind: Kind): number;
/** The default `::highlight()` rules for highlights named `<prefix>-<kind>`. */
export function highlightCss(prefix: string): string;
/** A prefix `newsmark-<id>` no other instance on the page holds (any copy of this module). */
export function claimPrefix(id?: string | number): string;
export function releasePrefix(prefix: string): void;

export class CssHighlights {
  constructor(prefix: string, options?: { document?: Document; styles?: boolean });
  readonly prefix: string;
  /** Shows exactly these ranges, replacing what this instance showed before. */
  draw(entries: { kind: Kind; range: AbstractRange }[]): void;
  /** Replaces one kind's ranges only. */
  drawKind(kind: Kind, ranges: AbstractRange[]): void;
  /** Removes this instance's highlights and stylesheet, and nobody else's. */
  dispose(): void;
}

/** The adapter's one element on the page: a host appended to `container` with an open shadow root. */
export class Overlay {
  constructor(container: Element, css?: string);
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  /** Where the host's (0, 0) is in the viewport. */
  origin(): { x: number; y: number };
  /** Shows plain `text` near the viewport point (x, y); empty text hides it. */
  showTip(text: string, x: number, y: number): void;
  hideTip(): void;
  remove(): void;
}

export interface BoxRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Boxes in one layer, kept across redraws when they do not move. */
export class BoxLayer {
  constructor(layer: HTMLElement);
  draw(items: { kind: Kind; rects: BoxRect[] }[]): void;
  remove(item: { kind: Kind; rects: BoxRect[] }): void;
}

/** Calls `onChange` at most once a frame when `element` may have moved or resized;
 * returns a function that stops watching. */
export function watchGeometry(element: Element, onChange: () => void): () => void;
