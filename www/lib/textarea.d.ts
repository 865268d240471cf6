/**
 * newsmark over a `<textarea>`, read-only: the value, attributes, selection, focus,
 * scroll position and undo history are never written.
 *
 * Spans are drawn as boxes in a shadow root whose host is appended to `container`
 * (default `document.body`), never next to the textarea; the boxes are measured on a
 * hidden mirror of the text inside that shadow root and follow the textarea through its
 * own and its ancestors' scrolling, resizing, font loading and scale/translate
 * transforms. Rotated or skewed textareas are not followed; after a move no event reports
 * (an animated transform), call `refresh()`. After setting `value` from a script (which
 * fires no input event), call `refresh()`.
 */
import type { Analysis, Layer } from '../pkg/newsmark.js';
import type { NewsmarkAnalyzer } from './index.js';

export interface AdapterOptions {
  /** The analyzer to use (not disposed on detach). Default: one made with createAnalyzer(), disposed on detach. */
  analyzer?: Pick<NewsmarkAnalyzer, 'analyze'>;
  /** Layers to analyse and draw (default: all three). */
  layers?: Layer[];
  /** Quiet time after the last edit before re-analysing (default 150 ms). */
  debounceMs?: number;
  /** Every result, mapped to the text as it is now (UTF-16 offsets into `text`). */
  onResult?: (analysis: Analysis, text: string) => void;
  /** After the highlights on screen were redrawn. */
  onDraw?: () => void;
  /** Analysis errors other than aborts (default: console.error). */
  onError?: (error: unknown) => void;
  /** Where the adapter's one element (the shadow host) goes; default `document.body`. */
  container?: Element;
}

export type TextareaOptions = AdapterOptions;

export interface Attachment {
  /** Re-reads the text and analyses now (after a scripted value change, a style change, a move). */
  refresh(): void;
  /** Removes everything the adapter added and stops listening. */
  detach(): void;
}

export function attach(textarea: HTMLTextAreaElement, options?: TextareaOptions): Attachment;
