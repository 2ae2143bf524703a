/**
 * The lexer: moo rules for the notation, Unicode aliases folded into their ASCII tokens,
 * whitespace and comments dropped, and newlines inside parentheses treated as whitespace
 * (so a long expression may span lines). Every token carries its source range.
 */
import moo from 'moo';
import { MatdiffError, Position, Span } from '../core/errors';
import { GREEK_NAMES } from '../core/greek';

/** Token types the grammar refers to with `%type`. */
export const TOKEN_TYPES = [
  'name',
  'number',
  'lparen',
  'rparen',
  'comma',
  'colon',
  'equals',
  'sep',
  'plus',
  'minus',
  'times',
  'divide',
  'etimes',
  'edivide',
  'caret',
  'ecaret',
  'quote',
] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

/** What each token type is called in an error message ("expected a name, ')'"). */
export const TOKEN_WORDS: Record<TokenType, string> = {
  name: 'a name',
  number: 'a number',
  lparen: "'('",
  rparen: "')'",
  comma: "','",
  colon: "':'",
  equals: "'='",
  sep: 'end of line',
  plus: "'+'",
  minus: "'-'",
  times: "'*'",
  divide: "'/'",
  etimes: "'.*'",
  edivide: "'./'",
  caret: "'^'",
  ecaret: "'.^'",
  quote: "'",
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
  name: [
    { match: /[A-Za-z_][A-Za-z0-9_]*/ },
    { match: 'σ', value: () => 'sigmoid' },
    { match: [...GREEK_NAMES.keys()], value: (letter: string) => GREEK_NAMES.get(letter)! },
  ],
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

// moo lexers are stateful; each stream clones the compiled one (clone is missing from @types/moo).
const BASE_LEXER = moo.compile(RULES) as moo.Lexer & { clone(): moo.Lexer };
const LEX_HINT = "names are ASCII letters, digits and _ (or one Greek letter: λ reads as lambda); operators are + - * / .* ./ ^ .^ ' and the aliases ᵀ ⊙ σ − ·";

/**
 * The nearley lexer interface, lexing `source` on demand (tokens are not collected in an
 * array, which keeps memory down on long input). Drops whitespace and comments, and
 * newlines inside parentheses; tracks open parentheses for error messages. The grammar
 * module holds one without a source, for its `has` checks; each parse makes its own.
 */
export class TokenStream {
  private readonly lexer = BASE_LEXER.clone();
  private readonly open: Token[] = [];
  private poppedByLast: Token | undefined;
  private last: Token | undefined;
  /** The lexical error that stopped the stream, if any (nearley wraps what next() throws). */
  lexError: MatdiffError | undefined;

  constructor(source = '') {
    this.lexer.reset(source);
  }

  /** nearley calls this before reading; the stream is fed once, so there is nothing to do. */
  reset(): void {}

  next(): Token | undefined {
    for (let t = this.lexer.next(); t; t = this.lexer.next()) {
      const start = positionAt(t.offset, t.line, t.col);
      if (t.type === 'error') {
        const ch = String.fromCodePoint(t.text.codePointAt(0)!);
        const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
        this.lexError = new MatdiffError('lex', `unknown character '${ch}' (U+${code})`, { start, end: advance(start, ch) }, LEX_HINT);
        throw this.lexError;
      }
      if (t.type === 'ws' || t.type === 'comment') continue;
      if (t.type === 'sep' && t.text === '\n' && this.open.length > 0) continue;
      const token: Token = {
        type: t.type as TokenType,
        value: t.value,
        text: t.text,
        span: { start, end: t.type === 'sep' ? advance(start, t.text) : positionAt(t.offset + t.text.length, t.line, t.col + t.text.length) },
      };
      this.poppedByLast = undefined;
      if (token.type === 'lparen') this.open.push(token);
      else if (token.type === 'rparen') this.poppedByLast = this.open.pop();
      this.last = token;
      return token;
    }
    this.last = undefined;
    return undefined;
  }

  /** The parentheses open just before the token most recently returned (innermost last). */
  openBeforeLast(): Token[] {
    const open = [...this.open];
    if (this.last?.type === 'lparen') open.pop();
    if (this.poppedByLast) open.push(this.poppedByLast);
    return open;
  }

  /** The parentheses open now (at the end of input: the unclosed ones). */
  openNow(): Token[] {
    return [...this.open];
  }

  save(): Record<string, never> {
    return {};
  }
  formatError(token: Token, message = 'syntax error'): string {
    return `${message} at ${token.span.start.line}:${token.span.start.col}`;
  }
  has(type: string): boolean {
    return (TOKEN_TYPES as readonly string[]).includes(type);
  }
}

/** All tokens of `source` (for tests and tools; the parser streams them instead). */
export function tokenize(source: string): Token[] {
  const stream = new TokenStream(source);
  const tokens: Token[] = [];
  for (let t = stream.next(); t; t = stream.next()) tokens.push(t);
  return tokens;
}
