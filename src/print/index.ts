/** The printers of core nodes: text (re-parseable), Unicode, LaTeX and JSON. */
import { requireNode, requireOneOf, requireOptions } from '../core/args';
import { Node } from '../core/graph';
import { printJson } from './json';
import { printLatex, printLatexWith } from './latex';
import { PrintOptions } from './printer';
import { printText, printTextWith } from './text';
import { printUnicode } from './unicode';

export type Format = 'text' | 'unicode' | 'latex' | 'json';
export const FORMATS: readonly Format[] = ['text', 'unicode', 'latex', 'json'];

/** Options apply to the textual formats; JSON is a graph, linear in the result's size. */
const PRINTERS: Record<Format, (n: Node, opts: PrintOptions) => string> = {
  text: printTextWith,
  unicode: printUnicode,
  latex: printLatexWith,
  json: (n) => printJson(n),
};

/**
 * `n` in `format`. A result whose written-out form would be far larger than its graph names
 * its shared subexpressions (see src/print/share.ts); one too large even so throws an
 * UnsupportedError (see src/print/printer.ts).
 */
export function print(n: Node, format: Format = 'text', opts: PrintOptions = {}): string {
  requireNode(n, 'print: the expression');
  requireOneOf(format, FORMATS, 'print: the format');
  requireOptions(opts, 'print: the options');
  return PRINTERS[format](n, opts);
}

export { printText, printTextWith, printLatex, printLatexWith, printJson, printUnicode };
export { printTextDefinitions } from './text';
export type { TextDefinitions } from './text';
export { MAX_CHARS } from './printer';
export type { PrintOptions } from './printer';
export { SHARING } from './share';
export type { SharingRules } from './share';
export { toJson } from './json';
export type { JsonGraph, JsonNode } from './json';
export type { UnicodeOptions } from './unicode';
export { displayOrder } from './layout';
