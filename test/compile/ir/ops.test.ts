/**
 * test/compile/ops.test.ts on the 'interp' backend: every operation of the notation, alone and
 * in typical combinations, at odd sizes (1×k, k×1, sizes the 4-row blocking does not divide),
 * against the reference interpreter at 1e-12 and bit for bit against the 'js' backend; then the
 * row-blocking and fusion switches, and the seed at ±1000 (the stability tests).
 */
import { compileInterp } from '../../../src/compile/ir';
import { Node } from '../../../src/core/graph';
import { parseProgram } from '../../../src/parse';
import { makeRng, randomEnv } from '../../support/random';
import { checkInterp } from './helpers';

// DECLS, CASES and SIZES as in test/compile/ops.test.ts
const DECLS = `
A : matrix(m, n)
R : matrix(n, m)
B : matrix(n, n)
C : matrix(m, m)
S : symmetric(n)
x : vector(n)
u : vector(n)
y : vector(m)
b : vector(m)
s : scalar
t : scalar
`;

const CASES: string[] = [
  // products, with every transpose combination, vectors and matrices
  'A*x', "A'*y", "y'*A", "x'*A'", "A*B", "A'*C", "B*A'", "A'*C'", 'A*R', "R'*A'", "A'*R'", 'x*u\'', "x'*u",
  "x'*B*u", 'A*B*x', "y'*A*B*x", "(A*x)'*(A*x)", 'C*A*B', "x'*inv(B)*u",
  // elementwise algebra and broadcasts
  'A + 2', 's*A + t', '-A', 'A/s', '1 - b', 'A .* A', 'A ./ (A.*A + 1)', 'A.^2', 'A.^3', 'A.^(-1)', 'exp(A).^(1/2)',
  "A' + R", "B + B'", "B .* inv(B)'", "A .* R'", 'x + u', "x' + u'",
  // elementwise functions
  'exp(A)', 'log(A.*A + 1)', 'sqrt(exp(A))', 'sin(A)', 'cos(A)', 'tan(tanh(A))', 'tanh(A)', 'sigmoid(A)', 'softplus(A)',
  'abs(A)', 'sign(A)', 'sigmoid(A*x)', 'softplus(-(A*x))',
  // scalars
  's^2', 's^t', "(x'*x)^(-1/2)", 's/t', 'exp(s) + log(t)', '1/m * s', 'n * t',
  // reductions and matrix functions
  'sum(A)', 'sum(x)', 'norm2(A)', 'norm2(x)', 'norm1(A)', 'norm1(A*x)', 'tr(B)', 'tr(A*R)', 'det(B)', 'logdet(S)',
  'inv(B)', "inv(B)'", 'inv(B)*x', 'diag(x)', 'diag(B)', 'diag(diag(B))', 'dot(x, u)', 'logsumexp(A*x)', 'softmax(A*x)',
  "softmax(x)'", 'ones(n)', 'eye(n) + B', 'sum(exp(A*x))', "b' * log(sigmoid(A*x))",
  // the seed and its textbook gradient
  "-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))",
  "1/m * A' * (sigmoid(A*x) - b)",
  "A' * (A*x - b) + s * x",
  "A' * softmax(A*x)",
  "x' * A' * (A*x - y)",
];

const SIZES: Array<[number, number]> = [
  [1, 1], [1, 5], [5, 1], [3, 7], [7, 3], [9, 6], [13, 5], [6, 9], [6, 17], [11, 18], [18, 2],
];

describe('every operation: interp = reference = js', () => {
  for (const text of CASES)
    test(text, () => {
      const prog = parseProgram(`${DECLS}\n${text}`);
      const f: Node = prog.result!;
      const rng = makeRng(text.length * 7919 + 17);
      const failures: string[] = [];
      for (const [m, n] of SIZES) {
        const env = randomEnv(prog.graph, f, rng, { sizes: new Map([['m', m], ['n', n]]) });
        failures.push(...checkInterp(prog.graph, [f], env, {}, `${text} at m=${m}, n=${n}`).failures);
      }
      expect(failures).toEqual([]);
    });
});

describe('weighted Gram products Xᵀ diag(v) X run as one kernel (interp)', () => {
  for (const text of ["A'*A", "A'*diag(b)*A", "A' * ((b * ones(n)') .* A)", "A' * (A .* (exp(b) * ones(n)'))"])
    test(text, () => {
      const prog = parseProgram(`${DECLS}\n${text}`);
      const ev = compileInterp(prog.graph, [prog.result!]);
      expect(ev.text).toMatch(/= wgram A( [a-z]+)?\n/);
      const rng = makeRng(text.length);
      const failures: string[] = [];
      for (const [m, n] of SIZES) {
        const env = randomEnv(prog.graph, prog.result!, rng, { sizes: new Map([['m', m], ['n', n]]) });
        failures.push(...checkInterp(prog.graph, [prog.result!], env, {}, `${text} at m=${m}, n=${n}`).failures);
      }
      expect(failures).toEqual([]);
    });
});

describe('row blocking and fusion switches (interp)', () => {
  const seed = "-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))";
  const grad = "1/m * A' * (sigmoid(A*x) - b)";
  for (const opts of [{}, { rowBlock: 1 }, { rowBlock: 3 }, { rowBlock: 8 }, { rowBlock: 32 }, { rowFusion: false }, { stabilize: false }])
    test(JSON.stringify(opts), () => {
      const prog = parseProgram(`${DECLS}\nJ = ${seed}\nG = ${grad}\nJ`);
      const nodes = [prog.scope.definition('J')!.node, prog.scope.definition('G')!.node];
      const rng = makeRng(99);
      const failures: string[] = [];
      for (const [m, n] of [...SIZES, [300, 3], [517, 2]] as [number, number][]) {
        const env = randomEnv(prog.graph, nodes, rng, { sizes: new Map([['m', m], ['n', n]]) });
        failures.push(...checkInterp(prog.graph, nodes, env, opts, `m=${m}, n=${n}`).failures);
      }
      expect(failures).toEqual([]);
    });

  test('a block of rows is one pass: stats and the printed IR agree', () => {
    const prog = parseProgram(`${DECLS}\nJ = ${seed}\nG = ${grad}\nJ`);
    const ev = compileInterp(prog.graph, [prog.scope.definition('J')!.node, prog.scope.definition('G')!.node], { rowBlock: 3 });
    expect(ev.stats.rowFusedPasses).toBe(1);
    expect(ev.text).toContain('rows[block=3] A x {');
  });
});
