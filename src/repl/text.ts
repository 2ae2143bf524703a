/** Small text helpers for the REPL: masking, positions, finding `==` and ` with ` outside parentheses. */
import type { VarDomain } from '../core/graph';
import { Shape } from '../core/dims';
import { Position, Span } from '../core/errors';
import { declarationText } from '../parse/declarations';

/**
 * `source` with everything before `start` blanked out (line breaks kept), so that parsing the
 * rest reports positions in the whole input and formatError puts the caret where the user typed.
 */
export const mask = (source: string, start: number, end = source.length): string => source.slice(0, start).replace(/[^\n]/g, ' ') + source.slice(start, end);

export function positionAt(source: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++)
    if (source[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  return { offset, line, col: offset - lineStart + 1 };
}

export const spanOf = (source: string, start: number, end: number): Span => ({
  start: positionAt(source, start),
  end: positionAt(source, end),
});

/** Offset of the first `token` at parenthesis depth 0 at or after `from`, else -1. */
export function findTopLevel(source: string, token: string | RegExp, from = 0, last = false): number {
  let depth = 0;
  let found = -1;
  for (let i = from; i < source.length; i++) {
    const ch = source[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      const rest = source.slice(i);
      const hit = typeof token === 'string' ? rest.startsWith(token) : token.test(rest) && rest.search(token) === 0;
      if (hit) {
        found = i;
        if (!last) return i;
      }
    }
  }
  return found;
}

/** Open parentheses minus closed ones (comments ignored): > 0 means the input goes on. */
export function openParens(source: string): number {
  let depth = 0;
  for (const line of source.split('\n'))
    for (const ch of line.replace(/#.*/, '')) {
      if (ch === '(') depth++;
      else if (ch === ')') depth--;
    }
  return depth;
}

/**
 * The history entry for an input of one or more lines: one line (history files hold one entry
 * per line), its lines joined by spaces with their comments dropped (a comment would otherwise
 * swallow the lines joined after it). The notation has no strings, so `#` always starts a comment.
 */
export function historyEntry(lines: readonly string[]): string {
  if (lines.length === 1) return lines[0].trim() === '' ? '' : lines[0];
  return lines
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '')
    .join(' ');
}

/**
 * The declaration type of a variable as written (`scalar`, `vector(n)`, `matrix(m, n)`,
 * `symmetric(n)`, or a declared domain: `spd(n)`, `diagonal(n)`, `orthogonal(n)`, `simplex(k)`,
 * `simplex(k, m)`, `positive`), so that :save writes back what was declared.
 */
export function typeText(s: Shape, symmetric = false, domain?: VarDomain): string {
  return declarationText(s, symmetric, domain);
}
