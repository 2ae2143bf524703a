/**
 * Text from users on its way to a terminal. Program files, data keys and paths can hold control
 * characters (an ESC sequence retitles the terminal or clears the screen; `:load /bin/ls` would
 * dump a binary) and can be huge (a 10 MB data string). Everything the CLI writes to stderr and
 * everything the REPL prints passes through `terminalSafe`; errors are formatted by
 * `formatErrorForTerminal`, which escapes and caps the excerpts of the input while keeping the
 * caret under the spot. Both faces use these functions and nothing else for it.
 */
import { MatdiffError, Span } from '../core/errors';
import { formatError } from '../core/report';

/** Longest excerpt of an input line shown under an error. */
export const EXCERPT_MAX = 200;
/** Longest message or hint (they quote user text: a name, a data string). */
export const MESSAGE_MAX = 400;
/** Longest line the CLI writes to stderr. */
export const LINE_MAX = 2000;

/**
 * Characters that must not reach a terminal as themselves: C0 controls other than tab and
 * newline, DEL, C1 controls, bidirectional embeddings/overrides/isolates/marks (they reorder what
 * is shown), line/paragraph separators, the BOM / zero-width no-break space, and lone surrogates.
 */
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const escapeOne = (c: string): string => {
  const code = c.codePointAt(0)!;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
};

/** `s` with every unsafe character written as \xNN or \u{...} (tab and newline kept). */
export const escapeControls = (s: string): string => s.replace(UNSAFE, escapeOne);

/** A lone surrogate at `i` would be cut from its pair: step over pairs whole. */
const widthAt = (s: string, i: number): number => (s.codePointAt(i)! > 0xffff ? 2 : 1);

/**
 * `s` from `start`, escaped, until the escaped text would pass `max` characters. `consumed` is
 * where in `s` it stopped; `at[k]` is where character `start + k` begins in `text`.
 */
function escapeFrom(s: string, start: number, max: number): { text: string; consumed: number; at: number[] } {
  let text = '';
  const at: number[] = [];
  let i = start;
  while (i < s.length) {
    const w = widthAt(s, i);
    const piece = s.slice(i, i + w).replace(UNSAFE, escapeOne);
    if (text.length + piece.length > max) break;
    for (let k = 0; k < w; k++) at.push(text.length);
    text += piece;
    i += w;
  }
  at.push(text.length);
  return { text, consumed: i, at };
}

const more = (n: number) => (n > 0 ? `… (${n} more character${n === 1 ? '' : 's'})` : '');

/** At most `max` characters of `s` (tabs and newlines kept), then "… (N more characters)". */
export function cap(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = /[\ud800-\udbff]/.test(s[max - 1]) ? max - 1 : max;
  return s.slice(0, end) + more(s.length - end);
}

/** Escaped, then every line capped: for anything written to a terminal. */
export const terminalSafe = (text: string, lineMax = LINE_MAX): string =>
  escapeControls(text)
    .split('\n')
    .map((l) => cap(l, lineMax))
    .join('\n');

/** Escaped and capped (at `max` shown characters): a name or a piece of user text inside a message. */
export function quoteSafe(s: string, max = EXCERPT_MAX): string {
  const { text, consumed } = escapeFrom(s, 0, max);
  return text + more(s.length - consumed);
}

/** 1-based line `line` of `source` without its line break (as src/core/report.ts reads it). */
function lineText(source: string, line: number): string | undefined {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = source.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const end = source.indexOf('\n', start);
  return source.slice(start, end < 0 ? source.length : end).replace(/\r$/, '');
}

/**
 * The excerpt of `line` that shows the columns [from, to) (0-based), escaped: all of it when it
 * is short, else about EXCERPT_MAX characters starting a little before `from`, with … where it
 * was cut. `from` and `to` come back as offsets in the excerpt.
 */
function excerpt(line: string, from: number, to: number): { shown: string; from: number; to: number } {
  let start = line.length <= EXCERPT_MAX ? 0 : Math.max(0, Math.min(from - 40, line.length - EXCERPT_MAX));
  if (start > 0 && /[\udc00-\udfff]/.test(line[start])) start--;
  const prefix = start > 0 ? '…' : '';
  const { text, consumed, at } = escapeFrom(line, start, EXCERPT_MAX);
  const shownAt = (i: number) => prefix.length + at[Math.max(0, Math.min(consumed, i) - start)];
  const f = shownAt(from);
  // Past the end of the line (an error at the end of input, a span over several lines): one beyond.
  const t = to > consumed ? shownAt(consumed) + (to > line.length ? 1 : 0) : shownAt(to);
  return { shown: prefix + text + more(line.length - consumed), from: f, to: Math.max(f + 1, t) };
}

/**
 * formatError (src/core/report.ts) for a terminal: the message, hint and file name escaped and
 * capped, and the source line shown as an escaped excerpt of at most EXCERPT_MAX characters
 * around the error, with the caret still under the spot. The position in the header stays the
 * one in the real input (what an editor's "go to line:column" needs).
 */
export function formatErrorForTerminal(err: MatdiffError, source: string | undefined, file: string): string {
  const message = quoteSafe(err.message, MESSAGE_MAX);
  const hint = err.hint === undefined ? undefined : quoteSafe(err.hint, MESSAGE_MAX);
  const name = quoteSafe(file);
  const span = err.span;
  const line = span && source !== undefined ? lineText(source, span.start.line) : undefined;
  if (!span || line === undefined) return formatError(new MatdiffError(err.kind, message, span, hint), undefined, name);

  const from = Math.max(0, span.start.col - 1);
  const to = span.end.line === span.start.line ? span.end.col - 1 : line.length + 1;
  const w = excerpt(line, from, to);
  const L = span.start.line;
  const shownSpan: Span = {
    start: { offset: 0, line: L, col: w.from + 1 },
    end: { offset: 0, line: L, col: w.to + 1 },
  };
  const out = formatError(new MatdiffError(err.kind, message, shownSpan, hint), '\n'.repeat(L - 1) + w.shown, name);
  const shownHead = `${name}:${L}:${w.from + 1}: `;
  return `${name}:${L}:${span.start.col}: ` + out.slice(shownHead.length);
}
