/**
 * Jacobians and Hessians against finite differences of the reference interpreter.
 */
import * as B from '../../src/core/build';
import { shape } from '../../src/core/dims';
import { MatdiffError, UnsupportedError } from '../../src/core/errors';
import { Graph, Node } from '../../src/core/graph';
import { grad, hessian, jacobian } from '../../src/ad';
import { evaluate } from '../../src/eval/reference';
import { compareTensors, fdJacobian } from '../support/finite-diff';
import { makeRng, randomEnv, rowsOf } from '../support/random';
import { declarations, shorthands } from './helpers';

const g = new Graph();
const { A, X, S, x, y, a, b, s, t, m } = declarations(g);
const { num, T, mm, ew, sub, mul } = shorthands(g);
const Ax = mm(A, x);

/** J agrees with column-by-column finite differences on several random instances. */
function expectJacobianMatches(f: Node, wrt: Node, J: Node, seeds = [1, 2, 3]): void {
  for (const seed of seeds) {
    const env = randomEnv(g, [f, J, wrt], makeRng(seed * 31 + f.id));
    expect({ seed, failures: compareTensors(evaluate(J, env), fdJacobian(f, wrt, env)) }).toEqual({ seed, failures: [] });
  }
}

const jacobianCases: Array<[string, Node, Node]> = [
  ['A*x', Ax, x],
  ['sigmoid(A*x)', ew('sigmoid', Ax), x],
  ['x .* y', B.hadamard(g, [x, y]), x],
  ['x .* exp(x) .* y', B.hadamard(g, [x, ew('exp', x), y]), x],
  ['X * tanh(x) + 1  (constant matrix times elementwise, scalar broadcast)', B.add(g, [mm(X, ew('tanh', x)), num(1)]), x],
  ["(x' * y) * b  (scalar times constant vector)", mul(mm(T(x), y), b), x],
  ["(x' * x) * x", mul(mm(T(x), x), x), x],
  ['x / norm2(x)', mul(B.pow(g, B.norm2(g, x), num(-1)), x), x],
  ['softmax(A*x)', B.softmax(g, Ax), x],
  ['x .^ 3', B.epow(g, x, num(3)), x],
  ["y .^ (x' * a / 4)  (variable exponent)", B.epow(g, y, mul(num([1, 4]), mm(T(x), a))), x],
  ['log(1 + exp(A*x)) - b * sum(x)', sub(ew('log', B.add(g, [num(1), ew('exp', Ax)])), mul(B.sum(g, x), b)), x],
  ["A * (x' * X)'  (row vector intermediate)", mm(A, T(mm(T(x), X))), x],
  ["(x' * X)  (a row-vector f: the Jacobian of its entries)", mm(T(x), X), x],
  ['sum(abs(x)) + norm1(x) + logsumexp(x)  (scalar f: 1×n)', B.add(g, [B.sum(g, ew('abs', x)), B.norm1(g, x), B.logsumexp(g, x)]), x],
  ['s * b  (scalar x: k×1)', mul(s, b), s],
  ['exp(s * t * b) + s^2  (scalar x)', B.add(g, [ew('exp', mul(s, t, b)), B.pow(g, s, num(2))]), s],
  ['s^t (scalar f, scalar x)', B.pow(g, s, t), t],
  ['b  (does not depend on x: zero)', b, x],
];

describe('jacobian agrees with finite differences', () => {
  test.each(jacobianCases)('%s', (_label, f, wrt) => {
    const J = jacobian(g, f, wrt);
    expectJacobianMatches(f, wrt, J);
  });

  test('J(A*x) is A itself, without simplification', () => {
    expect(jacobian(g, Ax, x)).toBe(A);
  });

  test('shapes: k×n, 1×n for a scalar f, k×1 for a scalar x', () => {
    expect(jacobian(g, Ax, x).shape).toEqual(shape('m', 'n'));
    expect(jacobian(g, B.sum(g, x), x).shape).toEqual(shape(1, 'n'));
    expect(jacobian(g, mul(s, b), s).shape).toEqual(shape('m', 1));
  });
});

describe('jacobian through matrix intermediates (read off the VJP), against finite differences', () => {
  test.each([
    ['diag(x) * a', () => mm(B.diag(g, x), a)],
    ["inv(x x' + I) * a", () => mm(B.inv(g, B.add(g, [mm(x, T(x)), B.eye(g, 'n')])), a)],
  ])('%s', (_label, make) => {
    const f = make();
    expectJacobianMatches(f, x, jacobian(g, f, x));
  });
});

describe('jacobian refuses what it cannot express, by name', () => {
  test('a linear map with no Kronecker form, and a non-variable', () => {
    // Matrices on either side are answered in vec layout (test/ad/kronecker.test.ts); diag of a
    // matrix has no Kronecker form.
    expect(() => jacobian(g, B.diag(g, B.diag(g, X)), X)).toThrow(UnsupportedError);
    expect(() => jacobian(g, Ax, Ax)).toThrow(MatdiffError);
  });
});

/** [label, f, wrt, known Hessian or undefined] */
const loss = (() => {
  const p = ew('sigmoid', Ax);
  const inner = B.add(g, [mm(T(b), ew('log', p)), mm(T(sub(num(1), b)), ew('log', sub(num(1), p)))]);
  return mul(num(-1), B.pow(g, m, num(-1)), inner);
})();
const sig = ew('sigmoid', Ax);
const hessianCases: Array<[string, Node, Node, Node | undefined]> = [
  ["the logistic loss: 1/m A' diag(σ ⊙ (1 − σ)) A", loss, x, mul(B.pow(g, m, num(-1)), mm(T(A), B.diag(g, B.hadamard(g, [sig, sub(num(1), sig)])), A))],
  ["x' * X * x: X + X'", mm(T(x), X, x), x, B.add(g, [X, T(X)])],
  ["x' * S * x, S symmetric: 2 S", mm(T(x), S, x), x, mul(num(2), S)],
  ["norm2(A*x - b)^2: 2 A' A", B.pow(g, B.norm2(g, sub(Ax, b)), num(2)), x, mul(num(2), mm(T(A), A))],
  ['logsumexp(A*x)', B.logsumexp(g, Ax), x, undefined],
  ["sum(softplus(A*x)) - b' * A * x", sub(B.sum(g, ew('softplus', Ax)), mm(T(b), A, x)), x, undefined],
  ["(x' * x)^(-1/2)", B.pow(g, mm(T(x), x), num([-1, 2])), x, undefined],
  ['norm2(x)', B.norm2(g, x), x, undefined],
  ['s^s (scalar)', B.pow(g, s, s), s, undefined],
];

describe('hessian agrees with finite differences of the gradient and with known forms', () => {
  test.each(hessianCases)('%s', (_label, f, wrt, known) => {
    const G = grad(g, f, wrt);
    const H = hessian(g, f, wrt);
    expectJacobianMatches(G, wrt, H);
    for (const seed of [7, 8]) {
      const env = randomEnv(g, [f, H, ...(known ? [known] : [])], makeRng(seed));
      const h = evaluate(H, env);
      const r = rowsOf(h);
      r.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - r[j][i])).toBeLessThanOrEqual(1e-10 * (1 + Math.abs(v)))));
      if (known) expect(compareTensors(h, evaluate(known, env), { rtol: 1e-10 })).toEqual([]);
    }
  });

  test('the Hessian wrt a matrix is in vec layout: logdet gives −K(n,n)(X⁻ᵀ ⊗ X⁻¹) up to the simplifier', () => {
    const H = hessian(g, B.logdet(g, X), X);
    expect(H.shape).toEqual({ rows: 'n*n', cols: 'n*n' });
  });

  test('the Hessian of a non-scalar names its shape', () => {
    expect(() => hessian(g, Ax, x)).toThrow('grad needs a scalar expression; this one is vector(m) (m×1)');
  });
});
