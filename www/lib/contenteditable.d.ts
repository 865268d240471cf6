/**
 * newsmark over a contenteditable element (or any element whose text changes), read-only:
 * its DOM, attributes, caret, selection and undo history are never written.
 *
 * The text comes from the element's Text nodes (text-model.js: blocks and `<br>` become
 * "\n"); spans are drawn with CSS Custom Highlights named `newsmark-<id>-<kind>`, owned by
 * this instance, styled by one stylesheet in `document.adoptedStyleSheets` (or by the host
 * page with `styles: false`). Without the Highlight API, boxes from Range.getClientRects()
 * are drawn in the adapter's shadow root instead. Every mutation of the element is seen by
 * a MutationObserver: spans the edit touches are dropped at once, the rest move, and the
 * whole text is re-analysed after a pause. In documents over 20,000 code units only the
 * spans in and around the visible part are registered.
 */
import type { AdapterOptions, Attachment } from './textarea.js';

export type { AdapterOptions, Attachment } from './textarea.js';

export interface ContentEditableOptions extends AdapterOptions {
  /** The `<id>` in highlight names (letters, digits, '-', '_'); default: the first free number. */
  id?: string | number;
  /** false: add no stylesheet; the page styles `::highlight(newsmark-<id>-<kind>)` itself. */
  styles?: boolean;
}

export function attach(element: HTMLElement, options?: ContentEditableOptions): Attachment;
