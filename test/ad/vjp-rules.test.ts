/**
 * Every vector-Jacobian rule against central finite differences of the reference interpreter,
 * in random directions, with random distinct dimensions (never 1) and data in each function's domain.
 */
import * as B from '../../src/core/build';
import { Graph, Node, topoOrder } from '../../src/core/graph';
import { OPS, Op } from '../../src/core/ops';
import { rat } from '../../src/core/rational';
import { grad } from '../../src/ad';
import { dependence } from '../../src/ad/reverse';
import { declarations, expectGradientMatches } from './helpers';

const g = new Graph();
const d = declarations(g);
const { A, Bm, W, X, U, V, x, y, a, b, s, t } = d;
const n = (v: number | [number, number]) => B.num(g, typeof v === 'number' ? v : rat(v[0], v[1]));
const T = (e: Node) => B.transpose(g, e);
const mm = (...fs: Node[]) => B.matmul(g, fs);
const ew = (op: Parameters<typeof B.elementwise>[1], e: Node) => B.elementwise(g, op, e);
const sum = (e: Node) => B.sum(g, e);
const Ax = mm(A, x);

/** [description, f, variables to differentiate wrt] */
const cases: Array<[string, Node, Node[]]> = [
  // add, with scalar broadcast both ways
  ['sum(exp(1 - x))', sum(ew('exp', B.sub(g, n(1), x))), [x]],
  ['sum(sin(s + b))  (broadcast scalar)', sum(ew('sin', B.add(g, [s, b]))), [s]],
  ['sum(sin(x + y))', sum(ew('sin', B.add(g, [x, y]))), [x, y]],
  ['sum(exp(W - s))', sum(ew('exp', B.sub(g, W, s))), [W, s]],
  // mul: scalar products and scaling
  ['s * t^2', B.mul(g, [s, B.pow(g, t, n(2))]), [s, t]],
  ['s * s', B.mul(g, [s, s]), [s]],
  ['sum(s * exp(x))', sum(B.mul(g, [s, ew('exp', x)])), [s, x]],
  ['sum(sin(s * t * W))', sum(ew('sin', B.mul(g, [s, t, W]))), [s, W]],
  ['sum(exp(s * x) .* y)', sum(B.hadamard(g, [ew('exp', B.mul(g, [s, x])), y])), [s]],
  // matmul chains: vector, matrix and scalar combinations, prefix/suffix products
  ["a' * X * x", mm(T(a), X, x), [a, X, x]],
  ["x' * X * x", mm(T(x), X, x), [x, X]],
  ["x' * X * X * x", mm(T(x), X, X, x), [x, X]],
  ["b' * A * B * V' * x", mm(T(b), A, Bm, T(V), x), [b, A, Bm, V, x]],
  ['sum(sin(A * B))', sum(ew('sin', mm(A, Bm))), [A, Bm]],
  ["sum(tanh(U * V'))  (outer-shaped product)", sum(ew('tanh', mm(U, T(V)))), [U, V]],
  ["sum(tanh(x * y' * a))  (vector times scalar product)", sum(ew('tanh', mm(x, T(y), a))), [x, y, a]],
  ["sum(exp(x' * X))  (row vector)", sum(ew('exp', B.mul(g, [n([1, 4]), mm(T(x), X)]))), [x, X]],
  // hadamard
  ['sum(x .* y .* exp(x))', sum(B.hadamard(g, [x, y, ew('exp', x)])), [x, y]],
  ['sum(A .* W .* W)', sum(B.hadamard(g, [A, W, W])), [A, W]],
  // powers: variable base and variable exponent
  ["(x' * x)^(-1/2)", B.pow(g, mm(T(x), x), n([-1, 2])), [x]],
  ['s^t', B.pow(g, s, t), [s, t]],
  ['s^s', B.pow(g, s, s), [s]],
  ["(x' * x)^(s)", B.pow(g, mm(T(x), x), s), [x, s]],
  ['sum(x .^ 3)', sum(B.epow(g, x, n(3))), [x]],
  ['sum(x .^ s)', sum(B.epow(g, x, s)), [x, s]],
  ["sum(y .^ (x' * a / 4))  (exponent depends on x)", sum(B.epow(g, y, B.mul(g, [n([1, 4]), mm(T(x), a)]))), [x, y]],
  ['sum(a ./ x)', sum(B.ediv(g, a, x)), [a, x]],
  ['sum(W .^ 2)', sum(B.epow(g, W, n(2))), [W]],
  // transpose
  ["sum(exp(W') * b)", sum(mm(ew('exp', T(W)), b)), [W, b]],
  ["sum(sin(A' * b))", sum(ew('sin', mm(T(A), b))), [A, b]],
  // elementwise functions
  ['sum(exp(A*x))', sum(ew('exp', Ax)), [x, A]],
  ['sum(log(A*x))', sum(ew('log', Ax)), [x, A]],
  ['sum(sqrt(A*x))', sum(ew('sqrt', Ax)), [x, A]],
  ['sum(sin(A*x))', sum(ew('sin', Ax)), [x, A]],
  ['sum(cos(A*x))', sum(ew('cos', Ax)), [x, A]],
  ['sum(tan(1/4 * A*x))', sum(ew('tan', B.mul(g, [n([1, 4]), Ax]))), [x, A]],
  ['sum(tanh(A*x))', sum(ew('tanh', Ax)), [x, A]],
  ['sum(sigmoid(A*x))', sum(ew('sigmoid', Ax)), [x, A]],
  ['sum(softplus(A*x))', sum(ew('softplus', Ax)), [x, A]],
  ['sum(abs(A*x - b))', sum(ew('abs', B.sub(g, Ax, b))), [x, b]],
  ['sum(log1p(exp(A*x)))', sum(ew('log1p', ew('exp', Ax))), [x, A]],
  ['sum(expm1(A*x))', sum(ew('expm1', Ax)), [x, A]],
  ['sum(max(A*x, b) + min(A*x, b))  (off their kinks)', sum(B.add(g, [B.extremum(g, 'max', Ax, b), B.extremum(g, 'min', B.mul(g, [n(2), Ax]), b)])), [x, b]],
  ['sum(max(x, s))  (a broadcast scalar)', sum(B.extremum(g, 'max', x, s)), [x, s]],
  ['sum(relu(A*x - b))  (the step, off its kink)', sum(ew('relu', B.sub(g, Ax, b))), [x, b]],
  ['sum(sign(x) .* x)  (sign has derivative 0 almost everywhere)', sum(B.hadamard(g, [ew('sign', x), x])), [x]],
  ['exp(s) + log(t) + sqrt(t)  (scalars)', B.add(g, [ew('exp', s), ew('log', t), ew('sqrt', t)]), [s, t]],
  // reductions and matrix functions
  ['norm2(A*x - b)', B.norm2(g, B.sub(g, Ax, b)), [x, A, b]],
  ['norm2(W)  (Frobenius)', B.norm2(g, W), [W]],
  ['norm1(A*x - b)', B.norm1(g, B.sub(g, Ax, b)), [x, A]],
  ['norm1(W)', B.norm1(g, W), [W]],
  ['tr(X * X)', B.tr(g, mm(X, X)), [X]],
  ["tr(A' * W)", B.tr(g, mm(T(A), W)), [A, W]],
  ['det(X)', B.det(g, X), [X]],
  ['det(X)^2', B.pow(g, B.det(g, X), n(2)), [X]],
  ["det(A' * W + X)", B.det(g, B.add(g, [mm(T(A), W), X])), [A, X]],
  ['logdet(X)', B.logdet(g, X), [X]],
  ["logdet(A' * A + eye(n))", B.logdet(g, B.add(g, [mm(T(A), A), B.eye(g, 'n')])), [A]],
  ["a' * inv(X) * y", mm(T(a), B.inv(g, X), y), [X, a, y]],
  ['sum(inv(X))', sum(B.inv(g, X)), [X]],
  ["tr(inv(X) * A' * W)", B.tr(g, mm(B.inv(g, X), T(A), W)), [X, W]],
  ["sum(diag(x) * A' * b)", sum(mm(B.diag(g, x), T(A), b)), [x, A]],
  ['sum(exp(diag(X)))', sum(ew('exp', B.diag(g, X))), [X]],
  ['logsumexp(A*x)', B.logsumexp(g, Ax), [x, A]],
  ['logsumexp(W)  (over all entries)', B.logsumexp(g, W), [W]],
  ["b' * softmax(A*x)", mm(T(b), B.softmax(g, Ax)), [x, b]],
  ['sum(softmax(W) .* A)', sum(B.hadamard(g, [B.softmax(g, W), A])), [W]],
  ["dot(x, y) (sugar for x' * y)", B.dot(g, x, y), [x, y]],
  ['dot(W, A)', B.dot(g, W, A), [W]],
  ['1/m * sum(b)  (dimension as a scalar)', B.mul(g, [B.pow(g, d.m, n(-1)), sum(b)]), [b]],
  ['sum(ones * s)  (constants contribute nothing)', sum(B.add(g, [B.ones(g, b.shape), B.mul(g, [s, b])])), [s, b]],
];

describe('every VJP rule agrees with finite differences', () => {
  test.each(cases.flatMap(([label, f, wrt]) => wrt.map((v) => [label, v.name!, f, v] as const)))('%s wrt %s', (_label, _name, f, v) => {
    expectGradientMatches(g, f, v);
  });
});

test('the cases exercise the rule of every op that has arguments', () => {
  const exercised = new Set<Op>();
  for (const [, f, wrt] of cases)
    for (const v of wrt) {
      const dep = dependence(topoOrder([f]), v);
      for (const [node, isDep] of dep) if (isDep) exercised.add(node.op);
    }
  const leaves: Op[] = ['const', 'dim', 'var', 'zeros', 'ones', 'eye'];
  const refused: Op[] = ['kron', 'vec', 'commutation']; // see below
  expect(OPS.filter((op) => !exercised.has(op) && !leaves.includes(op) && !refused.includes(op))).toEqual([]);
});

test('reverse mode through the vec-layout ops is refused by name, never approximated', () => {
  const XX = B.variable(g, 'XX', { rows: 'n', cols: 'n' });
  expect(() => grad(g, B.sum(g, B.vec(g, XX)), XX)).toThrow(/reverse mode through vec is not supported/);
  expect(() => grad(g, B.sum(g, B.kron(g, XX, XX)), XX)).toThrow(/reverse mode through kron is not supported/);
});
