import * as build from '../../src/core/build';
import { shape } from '../../src/core/dims';
import { Graph, Node } from '../../src/core/graph';
import { rat } from '../../src/core/rational';
import { newScope, parseExpression, parseProgram } from '../../src/parse';
import { tokenize } from '../../src/parse/lexer';
import { parseSurface } from '../../src/parse/parser';
import { Expr } from '../../src/parse/surface';

/** A scope with x, y : vector(n), t, u : scalar, A : matrix(n, n); and a node builder. */
function setup() {
  const g = new Graph();
  const scope = newScope();
  parseProgram('x : vector(n); y : vector(n); t : scalar; u : scalar; A : matrix(n, n)', { graph: g, scope });
  const v = (name: string) => scope.declaration(name)!.node;
  const parse = (src: string) => parseExpression(src, scope, g);
  return { g, scope, v, parse };
}

describe('lexer', () => {
  it('gives every token its source range (1-based line and column)', () => {
    const toks = tokenize("ab  + 3.5e2\n  x'");
    expect(toks.map((t) => [t.type, t.text, t.span.start.line, t.span.start.col, t.span.end.col])).toEqual([
      ['name', 'ab', 1, 1, 3],
      ['plus', '+', 1, 5, 6],
      ['number', '3.5e2', 1, 7, 12],
      ['sep', '\n', 1, 12, 1],
      ['name', 'x', 2, 3, 4],
      ['quote', "'", 2, 4, 5],
    ]);
    expect(toks[2].span.start.offset).toBe(6);
  });

  it('folds the Unicode aliases into their ASCII tokens', () => {
    const toks = tokenize('xᵀ ⊙ σ − ·');
    expect(toks.map((t) => [t.type, t.value])).toEqual([
      ['name', 'x'],
      ['quote', "'"],
      ['etimes', '.*'],
      ['name', 'sigmoid'],
      ['minus', '-'],
      ['times', '*'],
    ]);
  });

  it('reads 2./x as 2 ./ x, and decimals and exponents as numbers', () => {
    expect(tokenize('2./x').map((t) => t.type)).toEqual(['number', 'edivide', 'name']);
    expect(tokenize('2.*x').map((t) => t.type)).toEqual(['number', 'etimes', 'name']);
    expect(tokenize('2.^x').map((t) => t.type)).toEqual(['number', 'ecaret', 'name']);
    for (const n of ['1', '1.5', '1.', '.5', '1e-3', '2E+10', '0.25e2']) expect(tokenize(n).map((t) => t.text)).toEqual([n]);
  });

  it('drops comments and whitespace, and newlines inside parentheses', () => {
    expect(tokenize('x # a comment\n(a +\n b)').map((t) => t.type)).toEqual(['name', 'sep', 'lparen', 'name', 'plus', 'name', 'rparen']);
  });
});

describe('grammar', () => {
  const body = (src: string): Expr => {
    const [s] = parseSurface(src);
    if (s.kind !== 'expression') throw new Error('not an expression');
    return s.body;
  };
  /** The surface tree with full parentheses, to pin precedence and associativity. */
  const show = (e: Expr): string => {
    switch (e.kind) {
      case 'number':
        return e.text;
      case 'name':
        return e.name;
      case 'paren':
        return show(e.inner);
      case 'negate':
        return `(-${show(e.arg)})`;
      case 'transpose':
        return `${show(e.arg)}'`;
      case 'call':
        return `${e.name}(${e.args.map(show).join(', ')})`;
      case 'binary':
        return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    }
  };

  it.each([
    ['a + b * c', '(a + (b * c))'],
    ['a - b - c', '((a - b) - c)'],
    ['a / b / c', '((a / b) / c)'],
    ['a * b .* c ./ d', '(((a * b) .* c) ./ d)'],
    ['-x^2', '(-(x ^ 2))'],
    ['a^b^c', '(a ^ (b ^ c))'],
    ['a.^b^c', '(a .^ (b ^ c))'],
    ['a^-b', '(a ^ (-b))'],
    ["-x'", "(-x')"],
    ["x'^2", "(x' ^ 2)"],
    ["A*x'", "(A * x')"],
    ["(a + b)'", "(a + b)'"],
    ['a * -b', '(a * (-b))'],
    ['- - a', '(-(-a))'],
  ])('%s parses as %s', (src, want) => {
    expect(show(body(src))).toBe(want);
  });

  it('parses calls with zero, one and several arguments', () => {
    expect(show(body('f()'))).toBe('f()');
    expect(show(body('f(a, b + c, g(d))'))).toBe('f(a, (b + c), g(d))');
  });

  it('separates statements by newlines or ; and allows blank lines and comments', () => {
    const kinds = parseSurface('\n# c\nx : scalar ;; y = x\n\n\nx # trailing\n').map((s) => s.kind);
    expect(kinds).toEqual(['declaration', 'definition', 'expression']);
    expect(parseSurface('')).toEqual([]);
    expect(parseSurface('# nothing\n\n')).toEqual([]);
  });

  it('gives every surface node its source range', () => {
    const e = body('foo(a,  b) + 12');
    expect(e.span.start.offset).toBe(0);
    expect(e.span.end.offset).toBe(15);
    if (e.kind !== 'binary') throw new Error('expected binary');
    expect(e.opSpan.start.col).toBe(12);
    expect(e.left.span.end.offset).toBe(10);
    if (e.left.kind !== 'call') throw new Error('expected call');
    expect(e.left.args[1].span.start.col).toBe(9);
  });
});

describe('elaboration', () => {
  it('builds the seed program as the textbook loss', () => {
    const p = parseProgram(`A : matrix(m, n)
x : vector(n)
b : vector(m)
J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))
J
`);
    const g = p.graph;
    const A = p.scope.declaration('A')!.node;
    const x = p.scope.declaration('x')!.node;
    const b = p.scope.declaration('b')!.node;
    const m = build.dimSymbol(g, 'm');
    const s = build.elementwise(g, 'sigmoid', build.matmul(g, [A, x]));
    const one = build.num(g, 1);
    const expected = build.mul(g, [
      build.num(g, -1),
      build.div(g, one, m),
      build.add(g, [
        build.matmul(g, [build.transpose(g, b), build.elementwise(g, 'log', s)]),
        build.matmul(g, [build.transpose(g, build.sub(g, one, b)), build.elementwise(g, 'log', build.sub(g, one, s))]),
      ]),
    ]);
    expect(p.result).toBe(expected);
    expect(p.result!.shape).toEqual(shape(1, 1));
    expect(p.statements.map((st) => st.kind)).toEqual(['declaration', 'declaration', 'declaration', 'definition', 'expression']);
    expect([...p.scope.dimensions.keys()]).toEqual(['m', 'n']);
    expect(p.file).toBe('<input>');
  });

  it('maps each operator and function to its constructor', () => {
    const { g, v, parse } = setup();
    const [x, y, t, A] = [v('x'), v('y'), v('t'), v('A')];
    const two = build.num(g, 2);
    const cases: Array<[string, Node]> = [
      ['x + y', build.add(g, [x, y])],
      ['x - y', build.sub(g, x, y)],
      ['t * x', build.mul(g, [t, x])],
      ['A * x', build.matmul(g, [A, x])],
      ["x' * y", build.matmul(g, [build.transpose(g, x), y])],
      ["x * y'", build.matmul(g, [x, build.transpose(g, y)])],
      ['x / t', build.div(g, x, t)],
      ['x .* y', build.hadamard(g, [x, y])],
      ['x ./ y', build.ediv(g, x, y)],
      ['t ^ 2', build.pow(g, t, two)],
      ['x .^ t', build.epow(g, x, t)],
      ['-x', build.neg(g, x)],
      ['-t^2', build.neg(g, build.pow(g, t, two))],
      ["σ(x) ⊙ xᵀ'", build.hadamard(g, [build.elementwise(g, 'sigmoid', x), x])],
      ['exp(x)', build.elementwise(g, 'exp', x)],
      ['sign(x)', build.elementwise(g, 'sign', x)],
      ['tr(A)', build.tr(g, A)],
      ['trace(A)', build.tr(g, A)],
      ['det(A) + logdet(A)', build.add(g, [build.det(g, A), build.logdet(g, A)])],
      ['inv(A)', build.inv(g, A)],
      ['diag(x)', build.diag(g, x)],
      ['diag(A)', build.diag(g, A)],
      ['dot(x, y)', build.dot(g, x, y)],
      ['sum(A) + norm2(x) + norm1(x)', build.add(g, [build.sum(g, A), build.norm2(g, x), build.norm1(g, x)])],
      ['logsumexp(x)', build.logsumexp(g, x)],
      ['softmax(x)', build.softmax(g, x)],
      ['ones(n)', build.ones(g, shape('n', 1))],
      ['ones(n, 3)', build.ones(g, shape('n', 3))],
      ['zeros(n)', build.zeros(g, shape('n', 1))],
      ['zeros(2, n)', build.zeros(g, shape(2, 'n'))],
      ['eye(n)', build.eye(g, 'n')],
      ['1/n', build.pow(g, build.dimSymbol(g, 'n'), build.num(g, -1))],
      ['0.1', build.num(g, rat(1, 10))],
      ['1e-3', build.num(g, rat(1, 1000))],
      ['2.5E2', build.num(g, 250)],
    ];
    for (const [src, want] of cases) expect([src, parse(src)]).toEqual([src, want]);
  });

  it('inlines definitions: the name stands for its node', () => {
    const p = parseProgram('x : vector(n)\nf = x .* x\ng = f + f\ng');
    const f = p.scope.definition('f')!.node;
    expect(p.result).toBe(build.add(p.graph, [f, f]));
    expect(p.result!.op).toBe('mul'); // 2 * (x .* x): like terms collect
  });

  it('result is the last expression, else the last definition', () => {
    expect(parseProgram('t : scalar\nt\nu = 2*t').result!.op).toBe('var');
    expect(parseProgram('t : scalar\nu = 2*t').result!.op).toBe('mul');
    expect(parseProgram('t : scalar').result).toBeUndefined();
  });

  it('accepts numeric dimensions and scalar-shaped vectors', () => {
    const p = parseProgram("M : matrix(3, 2)\nx : vector(3)\nM' * x");
    expect(p.result!.shape).toEqual(shape(2, 1));
    expect(parseProgram('v : vector(1)\nv').result!.shape).toEqual(shape(1, 1));
  });

  it('treats a symmetric matrix as its own transpose', () => {
    const g = new Graph();
    const p = parseProgram("S : symmetric(n)\nS'", { graph: g });
    expect(p.result).toBe(p.scope.declaration('S')!.node);
    expect(p.scope.declaration('S')!.symmetric).toBe(true);
  });

  it('treats constructor, __proto__ and toString as ordinary names', () => {
    const p = parseProgram('constructor : vector(n)\n__proto__ : scalar\ntoString = __proto__ * constructor\nvalueOf = toString\nvalueOf');
    expect(p.result!.shape).toEqual(shape('n', 1));
    expect(p.scope.definition('hasOwnProperty')).toBeUndefined();
    const q = parseProgram('x : matrix(constructor, __proto__)\nx');
    expect(q.result!.shape).toEqual(shape('constructor', '__proto__'));
  });
});

describe('incremental scopes (the REPL)', () => {
  it('keeps names across calls in one graph', () => {
    const g = new Graph();
    const scope = newScope();
    parseProgram('A : matrix(m, n)', { graph: g, scope });
    parseProgram('x : vector(n)', { graph: g, scope });
    const p = parseProgram('f = A*x\nf', { graph: g, scope });
    expect(p.result!.shape).toEqual(shape('m', 1));
    expect(parseExpression('f + A*x', scope, g)).toBe(build.mul(g, [build.num(g, 2), p.result!]));
  });

  it('leaves the scope unchanged when the input has an error', () => {
    const g = new Graph();
    const scope = newScope();
    parseProgram('x : vector(n)', { graph: g, scope });
    expect(() => parseProgram('y : vector(k)\nz = y\nw = x * x', { graph: g, scope })).toThrow('cannot multiply');
    expect([...scope.declarations.keys()]).toEqual(['x']);
    expect([...scope.definitions.keys()]).toEqual([]);
    expect([...scope.dimensions.keys()]).toEqual(['n']);
    // the failed names can be used afresh
    parseProgram('y : matrix(k, n)\nz = y*x', { graph: g, scope });
    expect(scope.definition('z')!.node.shape).toEqual(shape('k', 1));
  });

  it('refuses to redefine unless asked (the REPL asks)', () => {
    const g = new Graph();
    const scope = newScope();
    parseProgram('t : scalar\nJ = t^2', { graph: g, scope });
    expect(() => parseProgram('J = t^3', { graph: g, scope })).toThrow('`J` is already defined');
    parseProgram('J = J * t', { graph: g, scope, redefine: true });
    const t = scope.declaration('t')!.node;
    expect(scope.definition('J')!.node).toBe(build.mul(g, [build.pow(g, t, build.num(g, 2)), t]));
    expect(() => parseProgram('t = 2', { graph: g, scope, redefine: true })).toThrow('`t` is already declared');
  });

  it('parseExpression reads the scope but never changes it', () => {
    const { g, scope, parse } = setup();
    expect(() => parse('z : scalar')).toThrow('expected an expression, not a declaration');
    expect(() => parse('g = x')).toThrow('expected an expression, not a definition');
    expect(() => parse('x; y')).toThrow('expected a single expression');
    expect(() => parse('')).toThrow('found nothing');
    expect(scope.declaration('z')).toBeUndefined();
    expect(parseExpression('# comment\n x \n', scope, g)).toBe(scope.declaration('x')!.node);
  });
});

describe('extensions', () => {
  it('adds functions without the parser knowing them', () => {
    const g = new Graph();
    const seen: string[] = [];
    const twice = {
      arity: 2,
      describe: 'twice(a, b): 2*a + b',
      apply: (graph: Graph, [a, b]: Node[], spans: import('../../src/core/errors').Span[]) => {
        seen.push(spans.map((s) => s.start.col).join(','));
        return build.add(graph, [build.mul(graph, [build.num(graph, 2), a]), b]);
      },
    };
    const extensions = new Map([['twice', twice]]);
    const p = parseProgram('t : scalar\ntwice(t, 1)', { graph: g, extensions });
    const t = p.scope.declaration('t')!.node;
    expect(p.result).toBe(build.add(g, [build.mul(g, [build.num(g, 2), t]), build.num(g, 1)]));
    expect(seen).toEqual(['7,10']);
    expect(() => parseProgram('t : scalar\ntwice(t)', { extensions })).toThrow('twice takes 2 arguments, not 1');
    expect(() => parseProgram('t : scalar\ntwise(t, t)', { extensions })).toThrow(/unknown function/);
  });

  it('locates errors thrown by an extension at its call', () => {
    const bad = {
      arity: 1,
      describe: 'bad(x)',
      apply: () => {
        throw new (require('../../src/core/errors').MatdiffError)('unsupported', 'no');
      },
    };
    try {
      parseProgram('t : scalar\n2 + bad(t)', { extensions: new Map([['bad', bad]]) });
      throw new Error('should have thrown');
    } catch (e) {
      expect((e as { span?: { start: { line: number; col: number } } }).span?.start).toMatchObject({ line: 2, col: 5 });
    }
  });

  it('may not hide a built-in function', () => {
    const ext = { arity: 1, describe: 'exp', apply: (_g: Graph, [a]: Node[]) => a };
    expect(() => parseProgram('1', { extensions: new Map([['exp', ext]]) })).toThrow('would hide the built-in');
  });
});

describe('docs/notation.md', () => {
  it('its first example program parses, and its error table matches the messages', () => {
    const doc = require('fs').readFileSync(require('path').join(__dirname, '../../docs/notation.md'), 'utf8') as string;
    const first = /```\n([\s\S]*?)```/.exec(doc)![1];
    const p = parseProgram(first);
    expect(p.result!.shape).toEqual(shape(1, 1));
    expect([...p.scope.declarations.keys()]).toEqual(['A', 'x', 'b', 'lambda', 'S']);
    const decls = 'A : matrix(m, n); x : vector(n); y : vector(n); b : vector(m); lambda : scalar\n';
    for (const [src, msg] of [
      ['x + b', 'cannot add vector(n) and vector(m)'],
      ['tr(A)', 'tr needs a square matrix, not matrix(m, n) (m×n)'],
      ['exq(x)', 'unknown function `exq`'],
      ['lamda * x', 'undeclared name `lamda`'],
    ]) {
      expect(doc).toContain(msg);
      expect(() => parseProgram(decls + src)).toThrow(msg);
    }
  });
});
