/**
 * grad on the table rows, the symmetric convention, errors and deep expressions.
 * Gradients are checked numerically (finite differences and the textbook form evaluated on the
 * same data), never by string: the simplifier produces the printed textbook form later.
 */
import * as B from '../../src/core/build';
import { shape } from '../../src/core/dims';
import { MatdiffError, ShapeError } from '../../src/core/errors';
import { Graph, Node } from '../../src/core/graph';
import { rat } from '../../src/core/rational';
import { grad } from '../../src/ad';
import { evaluate } from '../../src/eval/reference';
import { compareTensors, fdGradient } from '../support/finite-diff';
import { makeRng, randomEnv, rowsOf } from '../support/random';
import { declarations, expectGradientMatches, shorthands } from './helpers';

const g = new Graph();
const d = declarations(g);
const { A, W, X, Y, S, U, V, x, y, a, b, s, m } = d;
const { num, T, mm, ew, sub, mul } = shorthands(g);
const sq = (e: Node) => B.pow(g, e, num(2));
const Ax = mm(A, x);
const sigAx = ew('sigmoid', Ax);
const lambda = s;
const invM = B.pow(g, m, num(-1));

function logistic(p: Node): Node {
  const inner = B.add(g, [mm(T(b), ew('log', p)), mm(T(sub(num(1), b)), ew('log', sub(num(1), p)))]);
  return mul(num(-1), invM, inner);
}

/** [row, f, wrt, textbook gradient] */
const rows: Array<[string, Node, Node, Node]> = [
  ["-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))", logistic(sigAx), x, mul(invM, mm(T(A), sub(sigAx, b)))],
  ['the same loss with 1 ./ (1 + exp(-A*x))', logistic(B.ediv(g, num(1), B.add(g, [num(1), ew('exp', B.neg(g, Ax))]))), x, mul(invM, mm(T(A), sub(sigAx, b)))],
  ['norm2(A*x - b)^2', sq(B.norm2(g, sub(Ax, b))), x, mul(num(2), mm(T(A), sub(Ax, b)))],
  [
    '1/2 * norm2(A*x - b)^2 + lambda/2 * norm2(x)^2',
    B.add(g, [mul(num([1, 2]), sq(B.norm2(g, sub(Ax, b)))), mul(lambda, num([1, 2]), sq(B.norm2(g, x)))]),
    x,
    B.add(g, [mm(T(A), sub(Ax, b)), mul(lambda, x)]),
  ],
  ["x' * A * x", mm(T(x), X, x), x, mm(B.add(g, [X, T(X)]), x)],
  ["x' * S * x, S symmetric", mm(T(x), S, x), x, mul(num(2), mm(S, x))],
  ['tr(A * X)', B.tr(g, mm(Y, X)), X, T(Y)],
  ['logdet(X)', B.logdet(g, X), X, T(B.inv(g, X))],
  ["a' * inv(X) * b", mm(T(a), B.inv(g, X), y), X, B.neg(g, mm(T(B.inv(g, X)), a, T(y), T(B.inv(g, X))))],
  ['det(X)', B.det(g, X), X, mul(B.det(g, X), T(B.inv(g, X)))],
  ['sum(exp(A*x))', B.sum(g, ew('exp', Ax)), x, mm(T(A), ew('exp', Ax))],
  ['logsumexp(A*x)', B.logsumexp(g, Ax), x, mm(T(A), B.softmax(g, Ax))],
  ["sum(softplus(A*x)) - b' * A * x", sub(B.sum(g, ew('softplus', Ax)), mm(T(b), A, x)), x, mm(T(A), sub(sigAx, b))],
  ["norm2(X - U*V')^2", sq(B.norm2(g, sub(W, mm(U, T(V))))), U, mul(num(2), mm(sub(mm(U, T(V)), W), V))],
];

describe("the issue's table rows", () => {
  test.each(rows)('%s', (_row, f, wrt, textbook) => {
    const G = expectGradientMatches(g, f, wrt, [1, 2, 3], true);
    for (const seed of [4, 5]) {
      const env = randomEnv(g, [f, G, textbook], makeRng(seed));
      expect(compareTensors(evaluate(G, env), evaluate(textbook, env), { rtol: 1e-10 })).toEqual([]);
    }
  });
});

describe("symmetric variables: the gradient in the space of symmetric matrices, (G + G')/2", () => {
  const symmetricCases: Array<[string, Node, Node]> = [
    ['logdet(S) gives inv(S)', B.logdet(g, S), B.inv(g, S)],
    ["tr(A*S) gives (A + A')/2", B.tr(g, mm(Y, S)), mul(num([1, 2]), B.add(g, [Y, T(Y)]))],
    ["x' * S * x gives x * x'", mm(T(x), S, x), mm(x, T(x))],
    [
      "a' * inv(S) * y gives the symmetric part of -inv(S) a y' inv(S)",
      mm(T(a), B.inv(g, S), y),
      mul(num([-1, 2]), B.add(g, [mm(B.inv(g, S), a, T(y), B.inv(g, S)), mm(B.inv(g, S), y, T(a), B.inv(g, S))])),
    ],
  ];
  test.each(symmetricCases)('%s', (_label, f, expected) => {
    const G = expectGradientMatches(g, f, S, [1, 2], true);
    for (const seed of [3, 4]) {
      const env = randomEnv(g, [f, G, expected], makeRng(seed));
      const value = evaluate(G, env);
      expect(compareTensors(value, evaluate(expected, env), { rtol: 1e-10 })).toEqual([]);
      const rowsV = rowsOf(value);
      rowsV.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(rowsV[j][i], 12)));
    }
  });

  test('the same function of an unconstrained X has the non-symmetric gradient (the convention is not a no-op)', () => {
    const G = grad(g, B.tr(g, mm(Y, X)), X);
    const env = randomEnv(g, [G], makeRng(9));
    const v = rowsOf(evaluate(G, env));
    const y = rowsOf(env.vars.get('Y')!);
    v.forEach((r, i) => r.forEach((e, j) => expect(e).toBeCloseTo(y[j][i], 12)));
    expect(Math.abs(v[0][1] - v[1][0])).toBeGreaterThan(1e-6);
  });
});

describe('errors and edge cases', () => {
  test('grad of a non-scalar names its shape', () => {
    const e = (() => {
      try {
        grad(g, sub(Ax, b), x);
      } catch (err) {
        return err;
      }
    })() as MatdiffError;
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toBe('grad needs a scalar expression; this one is vector(m) (m×1)');
    expect(e.hint).toMatch(/jacobian/);
    expect(() => grad(g, W, x)).toThrow('grad needs a scalar expression; this one is matrix(m, n) (m×n)');
    expect(() => grad(g, T(x), x)).toThrow(/row vector\(n\) \(1×n\)/);
  });

  test('grad wrt something that is not a variable is a usage error', () => {
    expect(() => grad(g, B.sum(g, Ax), Ax)).toThrow(MatdiffError);
    expect(() => grad(g, B.sum(g, Ax), Ax)).toThrow(/declared variable/);
  });

  test('a function that does not depend on the variable has the zero gradient of its shape', () => {
    const G = grad(g, B.sum(g, ew('exp', b)), X);
    expect(G.op).toBe('zeros');
    expect(G.shape).toEqual(shape('n', 'n'));
    expect(grad(g, B.sum(g, b), s)).toBe(num(0));
    const env = randomEnv(g, [G, b], makeRng(1));
    expect(evaluate(G, env).data.every((v) => v === 0)).toBe(true);
  });

  test('grad does not simplify: it only uses the smart constructors', () => {
    // sigmoid'(z) = σ(z) ⊙ (1 − σ(z)) stays in that form inside the gradient of sum(sigmoid(x)).
    const G = grad(g, B.sum(g, ew('sigmoid', x)), x);
    const sig = ew('sigmoid', x);
    expect(G).toBe(B.hadamard(g, [sig, sub(num(1), sig)]));
  });

  test('the gradient of x wrt itself through a long sum collects like terms exactly', () => {
    // f = sum(x) + sum(x) + ... (10 terms) = 10 sum(x): the gradient is 10 * ones.
    const f = B.add(
      g,
      Array.from({ length: 10 }, (_, i) => B.sum(g, mul(num(i + 1), x))),
    );
    const G = grad(g, f, x);
    const env = randomEnv(g, [G], makeRng(2));
    expect(Array.from(evaluate(G, env).data).every((v) => v === 55)).toBe(true);
  });
});

describe('deep expressions differentiate without overflowing the stack', () => {
  test("a 5,000-deep chain through matrix products, the variable at the bottom and the top: x' * tanh(M * sin(M * ... x))", () => {
    const depth = 5000;
    const h = new Graph();
    const v = B.variable(h, 'v', shape('n', 1));
    const M = B.variable(h, 'M', shape('n', 'n'));
    let e: Node = v;
    for (let i = 0; i < depth; i++) e = B.elementwise(h, i % 2 ? 'sin' : 'tanh', B.matmul(h, [M, e]));
    const f = B.matmul(h, [B.transpose(h, v), e]);
    for (const wrt of [v, M]) {
      const G = grad(h, f, wrt);
      expect(G.depth).toBeGreaterThan(depth);
      const env = randomEnv(h, [f, G], makeRng(4), { sizes: new Map([['n', 3]]) });
      // Scale M so that the chain neither saturates nor vanishes.
      env.vars.get('M')!.data.forEach((_, i, arr) => (arr[i] *= 0.6));
      expect(compareTensors(evaluate(G, env), fdGradient(f, wrt, env), { rtol: 1e-5 })).toEqual([]);
    }
  });

  // The cotangent of level k of a pure elementwise chain is the product of the derivatives of every
  // level above it; the smart constructors flatten such products into one n-ary node per level,
  // so the gradient's construction is quadratic in the depth: kept at 300 levels here.
  test('a pure elementwise chain (its gradient is a flattened product of every level)', () => {
    const depth = 300;
    const h = new Graph();
    const v = B.variable(h, 'v', shape('n', 1));
    let e: Node = v;
    for (let i = 0; i < depth; i++) e = B.elementwise(h, 'tanh', B.add(h, [e, B.num(h, rat(1, 1000))]));
    const f = B.sum(h, e);
    const G = grad(h, f, v);
    const env = randomEnv(h, [f, G], makeRng(3));
    expect(compareTensors(evaluate(G, env), fdGradient(f, v, env))).toEqual([]);
  });
});
