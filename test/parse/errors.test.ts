/** Bad input: every case is a MatdiffError with a kind, a location, a message and a hint. */
import { ErrorKind, MatdiffError } from '../../src/core/errors';
import { formatError } from '../../src/core/report';
import { parseProgram } from '../../src/parse';

const DECLS = `A : matrix(m, n)
x : vector(n)
y : vector(n)
b : vector(m)
lambda : scalar
`;

/** Parse `src`, expecting a MatdiffError; return it. */
function errorOf(src: string): MatdiffError {
  try {
    parseProgram(src);
  } catch (e) {
    if (e instanceof MatdiffError) return e;
    throw e;
  }
  throw new Error(`expected an error for: ${src}`);
}

/** The error, its located text, and its formatted report. */
function check(src: string, kind: ErrorKind, message: string | RegExp, located: string, hint?: string | RegExp) {
  const e = errorOf(src);
  expect(e.kind).toBe(kind);
  expect(e.message).toMatch(message);
  expect(e.span).toBeDefined();
  expect(src.slice(e.span!.start.offset, e.span!.end.offset)).toBe(located);
  if (hint !== undefined) expect(e.hint).toMatch(hint);
  return e;
}

describe('lexical and syntax errors', () => {
  it('an unknown character', () => {
    const e = check('x : scalar\nx @ 2', 'lex', "unknown character '@' (U+0040)", '@', /operators are/);
    expect(e.span!.start).toEqual({ offset: 13, line: 2, col: 3 });
  });

  it('an unknown non-ASCII character', () => {
    check('x : scalar\n€ + x', 'lex', "unknown character '€'", '€');
  });

  it('a Greek letter reads as its spelled name, so Unicode output parses back', () => {
    const p = parseProgram('lambda : scalar; x : vector(n)\nλ * x');
    expect(p.result).toBe(parseProgram('lambda : scalar; x : vector(n)\nlambda * x', { graph: p.graph }).result);
  });

  it('an unexpected token, saying what was expected in words', () => {
    const e = check('x : scalar\nx + * 2', 'syntax', "unexpected '*'; expected an expression", '*');
    expect(e.message).not.toMatch(/%|Instead|nearley|→/);
    check('x : scalar\nf(x,)', 'syntax', "unexpected ')'; expected an expression", ')');
    check('x : scalar\nx y', 'syntax', "unexpected name 'y'; expected an operator, '(', '=', ':' or end of line", 'y', /explicit operator/);
    check('x : scalar\n(x))', 'syntax', "unexpected ')'", ')', /no matching/);
    check('x : scalar\n(x y)', 'syntax', "unexpected name 'y'; expected an operator, '(' or ')'", 'y', /'\(' at line 2, column 1 is not closed/);
    check('x : vector(n + 1)', 'syntax', "unexpected '+'; expected ',' or ')'", '+');
    check('x : scalar\nx = = 2', 'syntax', "unexpected '='", '=', /definition is/);
  });

  it('an incomplete statement at the end of a line or of the input', () => {
    check('x : scalar\nx +\ny = 1', 'syntax', 'unexpected end of line; expected an expression', '\n');
    const e = errorOf('x : scalar\nx *');
    expect(e.kind).toBe('syntax');
    expect(e.message).toBe('unexpected end of input; expected an expression');
    expect(e.span!.start).toEqual({ offset: 14, line: 2, col: 4 });
  });

  it('an unclosed parenthesis points at the open parenthesis', () => {
    const e = check('x : scalar\ny = 2 * (x + exp(x)', 'syntax', "unclosed '('", '(', /add '\)'/);
    expect(e.span!.start).toMatchObject({ line: 2, col: 9 });
    check('x : matrix(m, n', 'syntax', "unclosed '('", '(');
  });
});

describe('name errors', () => {
  it('an undeclared name suggests the nearest declared one', () => {
    check(DECLS + 'lamda * x', 'name', 'undeclared name `lamda`', 'lamda', 'did you mean `lambda`?');
    check(DECLS + 'xx + x', 'name', 'undeclared name `xx`', 'xx', 'did you mean `x`?');
    check(DECLS + 'zebra', 'name', 'undeclared name `zebra`', 'zebra', /declare it before use/);
  });

  it('a name declared twice', () => {
    check(DECLS + 'x : vector(m)', 'name', '`x` is already declared (at line 2, column 1)', 'x', /declared once/);
    check(DECLS + 'J = x\nJ = y', 'name', '`J` is already defined (at line 6, column 1)', 'J');
    check(DECLS + 'x = y', 'name', '`x` is already declared', 'x');
    check(DECLS + 'J = x\nJ : scalar', 'name', '`J` is already defined', 'J');
  });

  it('a variable name cannot be a dimension symbol and vice versa', () => {
    check(DECLS + 'n : scalar', 'name', '`n` is already a dimension symbol (at line 1, column 15)', 'n', /stands for a size/);
    check(DECLS + 'M : matrix(lambda, 2)', 'name', '`lambda` is declared as a variable', 'lambda', /must differ/);
    check(DECLS + 'J = x\nz : vector(J)', 'name', '`J` is defined', 'J');
    check('A : matrix(A, n)', 'name', 'cannot be both a variable and its own dimension', 'A');
    check(DECLS + 'm = 2', 'name', '`m` is already a dimension symbol', 'm');
  });

  it('an unknown function suggests the nearest', () => {
    check(DECLS + 'exq(x)', 'name', 'unknown function `exq`', 'exq', 'did you mean `exp`?');
    check(DECLS + 'sigmod(x)', 'name', 'unknown function `sigmod`', 'sigmod', 'did you mean `sigmoid`?');
    check(DECLS + 'frobnicate(x)', 'name', 'unknown function `frobnicate`', 'frobnicate', /the functions are exp, log/);
    check(DECLS + 'x(2)', 'name', '`x` is a variable, not a function', 'x', /explicit operator/);
    check(DECLS + 'exp + 1', 'name', '`exp` is a function, not a variable', 'exp', 'call it with arguments: exp(...)');
  });

  it('a function called with the wrong number of arguments', () => {
    check(DECLS + 'exp(x, y)', 'arity', 'exp takes 1 argument, not 2', 'exp(x, y)', 'exp(X): exp of every entry');
    check(DECLS + 'dot(x)', 'arity', 'dot takes 2 arguments, not 1', 'dot(x)', /inner product/);
    check(DECLS + 'ones(n, n, n)', 'arity', 'ones takes 1 or 2 arguments, not 3', 'ones(n, n, n)');
    check(DECLS + 'sum()', 'arity', 'sum takes 1 argument, not 0', 'sum()');
  });
});

describe('bad declarations', () => {
  it.each([
    ['x : matrix(m)', 'matrix takes two dimensions, not 1', 'matrix(m)', /write matrix\(m, n\)/],
    ['x : vector', 'vector takes one dimension, not 0', 'vector', /write vector\(n\)/],
    ['x : scalar(n)', 'scalar takes no dimensions, not 1', 'scalar(n)', /write scalar/],
    ['x : symmetric(m, n)', 'symmetric takes one dimension, not 2', 'symmetric(m, n)', /symmetric\(n\)/],
    ['x : vector(0)', 'a dimension must be a positive integer or a symbol, not 0', '0', /a size such as 3/],
    ['x : vector(2.5)', 'not 2.5', '2.5', /size/],
    ['x : vectr(n)', 'unknown type `vectr`', 'vectr(n)', /did you mean `vector`\? a type is scalar/],
    [
      'x : tensor(n)',
      'unknown type `tensor`',
      'tensor(n)',
      /^a type is scalar, vector\(n\), matrix\(m, n\), symmetric\(n\), spd\(n\), diagonal\(n\), orthogonal\(n\), simplex\(k\), simplex\(k, m\) or positive$/,
    ],
  ])('%s', (src, message, located, hint) => {
    check(src, 'declaration', message, located, hint);
  });
});

describe('shape errors, located at the operator or call', () => {
  it('+ of different shapes', () => {
    check(DECLS + 'x + b', 'shape', 'cannot add vector(n) and vector(m)', 'x + b', /same shape, or one side must be a scalar/);
    check(DECLS + '1 + x - A', 'shape', 'cannot add vector(n) and matrix(m, n)', '1 + x - A');
    check(DECLS + 'lambda * (x - b) + 1', 'shape', 'cannot add', 'x - b');
  });

  it('* with inner dimensions that differ', () => {
    check(DECLS + 'A * b', 'shape', 'cannot multiply matrix(m, n) (m×n) by vector(m): inner dimensions n and m differ', 'A * b', /transpose the left factor/);
    check(DECLS + "A' * (2 * A')", 'shape', 'cannot multiply matrix(n, m) (n×m) by matrix(n, m) (n×m)', "A' * (2 * A')", /transpose/);
  });

  it("an inner product without ' names the fix in the user's terms", () => {
    check(
      DECLS + 'x * y',
      'shape',
      'cannot multiply vector(n) by vector(n)',
      'x * y',
      "for the inner product (a scalar) write x' * y; for the outer product (a matrix) write x * y'",
    );
    check(DECLS + '(x + 1) * exp(y)', 'shape', 'cannot multiply', '(x + 1) * exp(y)', "write (x + 1)' * exp(y)");
    check(DECLS + '2*x * y', 'shape', 'cannot multiply', '2*x * y', "write (2*x)' * y");
  });

  it('.* and ./ of different shapes', () => {
    check(DECLS + 'x .* b', 'shape', 'cannot multiply elementwise vector(n) and vector(m)', 'x .* b', /.\* and .\//);
    check(DECLS + 'x ./ A', 'shape', 'cannot divide elementwise vector(n) and matrix(m, n)', 'x ./ A');
  });

  it('/ by a non-scalar', () => {
    check(DECLS + 'x / y', 'shape', 'cannot divide by vector(n)', 'x / y', /use .\/ for elementwise division/);
  });

  it('tr, det, inv, logdet of a non-square matrix', () => {
    check(DECLS + '1 + tr(A)', 'shape', 'tr needs a square matrix, not matrix(m, n) (m×n)', 'tr(A)', /n×n/);
    check(DECLS + 'trace(A)', 'shape', 'tr needs a square matrix', 'trace(A)');
    check(DECLS + 'det(A)', 'shape', 'det needs a square matrix', 'det(A)');
    check(DECLS + 'inv(A) * b', 'shape', 'inv needs a square matrix', 'inv(A)');
    check(DECLS + 'logdet(x)', 'shape', 'logdet needs a square matrix', 'logdet(x)');
  });

  it('^ on a non-scalar, and non-scalar exponents', () => {
    check(DECLS + 'x^2', 'shape', 'the base of ^ must be a scalar, not vector(n)', 'x^2', 'use .^ for an elementwise power of a vector or matrix');
    check(DECLS + 'lambda^x', 'shape', 'the exponent of ^ must be a scalar', 'lambda^x');
    check(DECLS + 'x.^y', 'shape', 'the exponent of .^ must be a scalar', 'x.^y');
  });

  it('other shape errors from functions', () => {
    check(DECLS + 'dot(x, b)', 'shape', 'dot needs two arguments of the same shape', 'dot(x, b)');
    check(DECLS + 'diag(A)', 'shape', 'diag needs a column vector or a square matrix', 'diag(A)');
    check(DECLS + 'ones(lambda)', 'shape', 'ones needs dimensions', 'lambda', /positive integers or dimension symbols|ones\(n\)/);
    check(DECLS + 'eye(2.5)', 'shape', 'eye needs dimensions', '2.5');
    check(DECLS + 'zeros(n, 0)', 'shape', 'zeros needs dimensions', '0');
  });

  it('a number literal too large to keep exactly', () => {
    check('1e99999', 'syntax', 'number 1e99999 is out of range', '1e99999');
  });
});

describe('formatError', () => {
  it('prints file:line:col, the source line, a caret under the span and the hint', () => {
    const src = DECLS + 'J = lambda * (A * b)';
    const e = errorOf(src);
    expect(formatError(e, src, 'loss.md')).toBe(
      [
        'loss.md:6:15: cannot multiply matrix(m, n) (m×n) by vector(m): inner dimensions n and m differ',
        'J = lambda * (A * b)',
        '              ^~~~~',
        "hint: did you mean to transpose the left factor (X' * Y)?",
      ].join('\n'),
    );
  });

  it('keeps tabs so the caret lines up, and marks one character for a point', () => {
    const src = 'x : scalar\n\tx + $';
    const lines = formatError(errorOf(src), src, 'f').split('\n');
    expect(lines.slice(0, 3)).toEqual(["f:2:6: unknown character '$' (U+0024)", '\tx + $', '\t    ^']);
    expect(lines[3]).toMatch(/^hint: names are/);
  });

  it('underlines a multi-line span to the end of its first line', () => {
    const src = 'x : vector(n)\nb : vector(m)\n(x +\n  b)';
    expect(formatError(errorOf(src), src).split('\n').slice(0, 3)).toEqual(['<input>:3:2: cannot add vector(n) and vector(m)', '(x +', ' ^~~']);
  });

  it('points just past the end for an unexpected end of input', () => {
    const src = 'x : scalar\nx -';
    expect(formatError(errorOf(src), src).split('\n').slice(0, 3)).toEqual(['<input>:2:4: unexpected end of input; expected an expression', 'x -', '   ^']);
  });

  it('says file: message for an error without a location, and omits the source when not given', () => {
    expect(formatError(new MatdiffError('usage', 'no program given', undefined, 'pass -e or a file'), undefined, 'cli')).toBe(
      'cli: no program given\nhint: pass -e or a file',
    );
    const e = errorOf('x $');
    expect(formatError(e)).toBe(`<input>:1:3: ${e.message}\nhint: ${e.hint}`);
  });
});
