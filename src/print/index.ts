/** The printers of core nodes: text (re-parseable), Unicode, LaTeX and JSON. */
import { Node } from '../core/graph';
import { printJson } from './json';
import { printLatex } from './latex';
import { printText } from './text';
import { printUnicode } from './unicode';

export type Format = 'text' | 'unicode' | 'latex' | 'json';
export const FORMATS: readonly Format[] = ['text', 'unicode', 'latex', 'json'];

const PRINTERS: Record<Format, (n: Node) => string> = {
  text: printText,
  unicode: (n) => printUnicode(n),
  latex: printLatex,
  json: printJson,
};

export const print = (n: Node, format: Format): string => PRINTERS[format](n);

export { printText, printLatex, printJson, printUnicode };
export { toJson } from './json';
export type { JsonGraph, JsonNode } from './json';
export type { UnicodeOptions } from './unicode';
export { displayOrder } from './layout';
