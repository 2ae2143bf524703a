/**
 * The lexer: moo rules for the notation, Unicode aliases folded into their ASCII tokens,
 * whitespace and comments dropped, and newlines inside parentheses treated as whitespace
 * (so a long expression may span lines). Every token carries its source range.
 */
import moo from 'moo';
import { MatdiffError, Position, Span } from '../core/errors';

/** Token types the grammar refers to with `%type`. */
export const TOKEN_TYPES = [
  'name', 'number', 'lparen', 'rparen', 'comma', 'colon', 'equals', 'sep',
  'plus', 'minus', 'times', 'divide', 'etimes', 'edivide', 'caret', 'ecaret', 'quote',
] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

/** What each token type is called in an error message ("expected a name, ')'"). */
export const TOKEN_WORDS: Record<TokenType, string> = {
  name: 'a name', number: 'a number', lparen: "'('", rparen: "')'", comma: "','", colon: "':'",
  equals: "'='", sep: 'end of line', plus: "'+'", minus: "'-'", times: "'*'", divide: "'/'",
  etimes: "'.*'", edivide: "'./'", caret: "'^'", ecaret: "'.^'", quote: "'",
};

export interface Token {
  readonly type: TokenType;
  /** The normalized text: `-` for `−`, `sigmoid` for `σ`. nearley matches on `type`. */
  readonly value: string;
  /** The text as written. */
  readonly text: string;
  readonly span: Span;
}

// Decimal point only when not the start of `.*`, `./`, `.^` (so `2./x` is `2 ./ x`).
const NUMBER = /(?:\d+(?:\.(?![*/^])\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;

const RULES: moo.Rules = {
  ws: /[ \t\r\f\v\u00a0]+/,
  comment: /#[^\n]*/,
  sep: [{ match: /\n/, lineBreaks: true }, { match: ';' }],
  number: NUMBER,
  name: [{ match: /[A-Za-z_][A-Za-z0-9_]*/ }, { match: 'σ', value: () => 'sigmoid' }],
  etimes: [{ match: '.*' }, { match: '⊙', value: () => '.*' }],
  edivide: './',
  ecaret: '.^',
  plus: '+',
  minus: [{ match: '-' }, { match: '−', value: () => '-' }],
  times: [{ match: '*' }, { match: '·', value: () => '*' }],
  divide: '/',
  caret: '^',
  quote: [{ match: "'" }, { match: 'ᵀ', value: () => "'" }],
  lparen: '(',
  rparen: ')',
  comma: ',',
  colon: ':',
  equals: '=',
  error: moo.error,
};

const positionAt = (offset: number, line: number, col: number): Position => ({ offset, line, col });

/** The position just past `text`, which starts at `start`. */
export function advance(start: Position, text: string): Position {
  let { line, col } = start;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  return positionAt(start.offset + text.length, line, col);
}

/** The position of the end of `source` (where "unexpected end of input" points). */
export const endOf = (source: string): Position => advance(positionAt(0, 1, 1), source);

/** A zero-width-safe span: one character wide at `p` so a caret has something to sit under. */
export const pointSpan = (p: Position): Span => ({ start: p, end: advance(p, ' ') });

/**
 * Split `source` into tokens. Throws MatdiffError('lex') at the first character that
 * starts no token. Newlines inside parentheses are dropped (continuation lines).
 */
export function tokenize(source: string): Token[] {
  const lexer = moo.compile(RULES);
  lexer.reset(source);
  const tokens: Token[] = [];
  const open: Token[] = [];
  for (let t = lexer.next(); t; t = lexer.next()) {
    const start = positionAt(t.offset, t.line, t.col);
    if (t.type === 'error') {
      const ch = String.fromCodePoint(t.text.codePointAt(0)!);
      throw new MatdiffError(
        'lex',
        `unknown character '${ch}' (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`,
        { start, end: advance(start, ch) },
        'names are ASCII letters, digits and _; operators are + - * / .* ./ ^ .^ \' and the aliases ᵀ ⊙ σ − ·',
      );
    }
    if (t.type === 'ws' || t.type === 'comment') continue;
    if (t.type === 'sep' && t.text === '\n' && open.length > 0) continue;
    const token: Token = {
      type: t.type as TokenType,
      value: t.value,
      text: t.text,
      span: { start, end: advance(start, t.text) },
    };
    if (token.type === 'lparen') open.push(token);
    else if (token.type === 'rparen') open.pop();
    tokens.push(token);
  }
  return tokens;
}

/**
 * The nearley lexer interface over an already tokenized input. The grammar module holds
 * one (for `%type` checks through `has`); each parse passes its own instance.
 */
export class TokenStream {
  private index = 0;
  constructor(private readonly tokens: readonly Token[] = []) {}
  reset(_chunk: string, state?: { index: number }): void {
    this.index = state?.index ?? 0;
  }
  next(): Token | undefined {
    return this.tokens[this.index++];
  }
  save(): { index: number } {
    return { index: this.index };
  }
  formatError(token: Token, message = 'syntax error'): string {
    return `${message} at ${token.span.start.line}:${token.span.start.col}`;
  }
  has(type: string): boolean {
    return (TOKEN_TYPES as readonly string[]).includes(type);
  }
}
