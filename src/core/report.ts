/**
 * Errors for people: `file:line:col: message`, the source line, a caret under the spot,
 * and the hint. Used by the CLI and the REPL; pure string formatting.
 */
import { MatdiffError } from './errors';

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

export function formatError(err: MatdiffError, source?: string, file = '<input>'): string {
  const out: string[] = [];
  const span = err.span;
  if (!span) out.push(`${file}: ${err.message}`);
  else {
    const { line, col } = span.start;
    out.push(`${file}:${line}:${col}: ${err.message}`);
    const text = source === undefined ? undefined : lineText(source, line);
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
