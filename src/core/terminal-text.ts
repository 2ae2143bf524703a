/**
 * Text from users on its way to a terminal. Program files, data keys and paths can hold control
 * characters (an ESC sequence retitles the terminal or clears the screen; `:load /bin/ls` would
 * dump a binary) and can be huge (a 10 MB data string). Everything the CLI writes to stderr and
 * everything the REPL prints passes through `terminalSafe`; errors are formatted by
 * `formatError` (report.ts), which escapes and caps the excerpts of the input with these
 * functions while keeping the caret under the spot, for library users as for the CLI and REPL.
 */

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
const UNSAFE =
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

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

/**
 * The excerpt of `line` that shows the columns [from, to) (0-based), escaped: all of it when it
 * is short, else about EXCERPT_MAX characters starting a little before `from`, with … where it
 * was cut. `from` and `to` come back as offsets in the excerpt.
 */
export function excerpt(line: string, from: number, to: number): { shown: string; from: number; to: number } {
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
