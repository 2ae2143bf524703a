/**
 * The nearley adapter: the one file that touches the generated grammar's `any`.
 * It runs the Earley parser over the token stream, turns parser failures into
 * MatdiffErrors in words, and asserts that a valid input has exactly one parse.
 */
import { Grammar, Parser } from './generated/nearley';
import generated from './generated/grammar';
import { TOKEN_TYPES, Token, TokenStream, TokenType } from './lexer';
import { ConsList, SurfaceStatement, consToArray } from './surface';
import { unexpectedEnd, unexpectedToken } from './syntax-errors';

// The compiled grammar is immutable data; parsers are created per call.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const GRAMMAR = Grammar.fromCompiled(generated as any);
const KNOWN_TYPES: ReadonlySet<string> = new Set(TOKEN_TYPES);

/* eslint-disable @typescript-eslint/no-explicit-any */
interface EarleyState {
  readonly rule: { readonly symbols: readonly any[] };
  readonly dot: number;
  readonly isComplete: boolean;
}

/** The token types some live parser state could consume next in the parser's current column. */
function expectedTypes(parser: Parser): Set<TokenType> {
  const column = (parser as any).table[parser.current] as { states: EarleyState[] } | undefined;
  const out = new Set<TokenType>();
  for (const s of column?.states ?? []) {
    if (s.isComplete) continue;
    const sym = s.rule.symbols[s.dot];
    if (typeof sym === 'object' && sym !== null && typeof sym.type === 'string' && KNOWN_TYPES.has(sym.type)) out.add(sym.type as TokenType);
  }
  return out;
}

function newParser(stream: TokenStream): Parser {
  const parser = new Parser(GRAMMAR, { lexer: stream as any });
  // nearley builds a long diagnostic (recursively, deep on nested input) before throwing;
  // we build our own message from the parser table, so skip it.
  (parser as any).reportError = () => 'syntax error';
  (parser as any).reportLexerError = () => 'syntax error';
  return parser;
}

/** Every parse nearley finds for `source` (valid input has exactly one). */
function runParser(source: string): unknown[] {
  const stream = new TokenStream(source);
  const parser = newParser(stream);
  try {
    parser.feed(source);
  } catch (e) {
    if (stream.lexError) throw stream.lexError;
    const token = (e as { token?: Token }).token;
    if (!token || typeof token !== 'object' || !('span' in token)) throw e;
    throw unexpectedToken(token, stream.openBeforeLast(), expectedTypes(parser));
  }
  if (parser.results.length === 0) throw unexpectedEnd(source, stream.openNow(), expectedTypes(parser));
  return parser.results;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** How many parses `source` has (0 is a thrown syntax error). Exactly 1 for valid input. */
export function countParses(source: string): number {
  return runParser(source).length;
}

/** Parse a whole program into surface statements. Throws MatdiffError on bad input. */
export function parseSurface(source: string): SurfaceStatement[] {
  const results = runParser(source);
  if (results.length !== 1) throw new Error(`internal: the grammar is ambiguous (${results.length} parses of one input)`);
  return consToArray((results[0] as ConsList<SurfaceStatement> | null) ?? undefined);
}
