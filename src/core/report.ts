/**
 * Errors for people: `file:line:col: message`, the source line, a caret under the spot,
 * and the hint. Used by the CLI, the REPL and library users; pure string formatting.
 */
import { MatdiffError } from './errors';
import { MESSAGE_MAX, excerpt, quoteSafe } from './terminal-text';

/** The text of 1-based line `line` of `source` (without its line break). */
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

/** The layout: header, source line and caret (when the line is given), hint. */
function layout(err: MatdiffError, text: string | undefined, file: string): string {
  const out: string[] = [];
  const span = err.span;
  if (!span) out.push(`${file}: ${err.message}`);
  else {
    const { line, col } = span.start;
    out.push(`${file}:${line}:${col}: ${err.message}`);
    if (text !== undefined) {
      // Width: to the span's end on this line, at least one caret.
      const endCol = span.end.line === line ? span.end.col : text.length + 1;
      const width = Math.max(1, endCol - col);
      // Keep tabs so the caret lines up under tab-indented text.
      const pad = text.slice(0, col - 1).replace(/[^\t]/g, ' ');
      out.push(text, pad + '^' + '~'.repeat(width - 1));
    }
  }
  if (err.hint) out.push(`hint: ${err.hint}`);
  return out.join('\n');
}

/**
 * `file:line:col: message`, the source line with a caret under the spot, and the hint, safe for
 * a terminal: message, hint and file name escaped and capped (they quote user text), and the
 * source line shown as an escaped excerpt of at most EXCERPT_MAX characters around the error,
 * with the caret still under the spot. The position in the header stays the one in the real
 * input (what an editor's "go to line:column" needs).
 */
export function formatError(err: MatdiffError, source?: string, file = '<input>'): string {
  const message = quoteSafe(err.message, MESSAGE_MAX);
  const hint = err.hint === undefined ? undefined : quoteSafe(err.hint, MESSAGE_MAX);
  const name = quoteSafe(file);
  const span = err.span;
  const line = span && source !== undefined ? lineText(source, span.start.line) : undefined;
  const safe = new MatdiffError(err.kind, message, span, hint);
  if (!span || line === undefined) return layout(safe, undefined, name);
  const from = Math.max(0, span.start.col - 1);
  const to = span.end.line === span.start.line ? span.end.col - 1 : Math.max(line.length, from + 1); // a span over lines: to the end of its first
  const w = excerpt(line, from, to);
  const L = span.start.line;
  const shown = new MatdiffError(err.kind, message, { start: { offset: 0, line: L, col: w.from + 1 }, end: { offset: 0, line: L, col: w.to + 1 } }, hint);
  const out = layout(shown, w.shown, name);
  const shownHead = `${name}:${L}:${w.from + 1}: `;
  return `${name}:${L}:${span.start.col}: ` + out.slice(shownHead.length);
}
