/**
 * Syntax errors in words: what was found, what would have been accepted
 * ("expected an expression, ')'"), and where; never the parser's internal dump.
 */
import { MatdiffError, Span } from '../core/errors';
import { TOKEN_WORDS, Token, TokenType, endOf, pointSpan } from './lexer';

const EXPRESSION_START: readonly TokenType[] = ['name', 'number', 'lparen', 'minus'];
const OPERATORS: readonly TokenType[] = ['plus', 'minus', 'times', 'divide', 'etimes', 'edivide', 'caret', 'ecaret', 'quote'];

/** Expected token types summarized: whole groups become "an expression", "an operator". */
export function describeExpected(expected: ReadonlySet<TokenType>): string[] {
  const rest = new Set(expected);
  const words: string[] = [];
  if (OPERATORS.every((t) => expected.has(t))) {
    words.push('an operator');
    OPERATORS.forEach((t) => rest.delete(t));
  }
  if (EXPRESSION_START.every((t) => expected.has(t))) {
    words.unshift('an expression');
    EXPRESSION_START.forEach((t) => rest.delete(t));
  }
  for (const t of rest) words.push(TOKEN_WORDS[t]);
  return words;
}

const joinOr = (words: string[]): string => (words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`);

export function describeToken(t: Token): string {
  if (t.type === 'sep') return t.text === ';' ? "';'" : 'end of line';
  if (t.type === 'name') return `name '${t.text}'`;
  if (t.type === 'number') return `number ${t.text}`;
  return `'${t.text}'`;
}

const where = (span: Span) => `line ${span.start.line}, column ${span.start.col}`;

function hintFor(got: Token, expected: ReadonlySet<TokenType>, open: readonly Token[]): string | undefined {
  if (open.length > 0 && got.type !== 'rparen' && expected.has('rparen')) return `the '(' at ${where(open[open.length - 1].span)} is not closed yet`;
  if ((got.type === 'name' || got.type === 'number' || got.type === 'lparen') && expected.has('times'))
    return 'write products with an explicit operator: 2*x, A*x, not 2x or A x';
  if (got.type === 'equals') return 'a definition is `name = expression` at the start of a statement';
  if (got.type === 'colon') return 'a declaration is `name : type`, e.g. `x : vector(n)`';
  if (got.type === 'rparen' && open.length === 0) return "this ')' has no matching '('";
  return undefined;
}

/** The parser stopped at `got`, with `open` parentheses before it; `expected` is what it could have taken. */
export function unexpectedToken(got: Token, open: readonly Token[], expected: ReadonlySet<TokenType>): MatdiffError {
  const words = describeExpected(expected);
  const message = `unexpected ${describeToken(got)}` + (words.length ? `; expected ${joinOr(words)}` : '');
  return new MatdiffError('syntax', message, got.span, hintFor(got, expected, open));
}

/** The input ended in the middle of a statement. */
export function unexpectedEnd(source: string, open: readonly Token[], expected: ReadonlySet<TokenType>): MatdiffError {
  if (open.length > 0) {
    const paren = open[open.length - 1];
    return new MatdiffError('syntax', "unclosed '('", paren.span, `add ')' to close the '(' at ${where(paren.span)}; the input ended first`);
  }
  const words = describeExpected(expected);
  return new MatdiffError(
    'syntax',
    'unexpected end of input' + (words.length ? `; expected ${joinOr(words)}` : ''),
    pointSpan(endOf(source)),
    expected.has('name') || expected.has('number') ? 'the last statement is incomplete' : undefined,
  );
}
