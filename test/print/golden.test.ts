/**
 * The one golden test: the documented textbook forms, pinned as strings. Each node is built
 * with the smart constructors (the canonical form a gradient + simplify pipeline hands the
 * printers). Everything else about printing is tested by round trips and properties.
 */
import * as b from '../../src/core/build';
import { SCALAR, shape } from '../../src/core/dims';
import { Graph, Node } from '../../src/core/graph';
import { printLatex, printText, printUnicode } from '../../src/print';

function seed() {
  const g = new Graph();
  const m = b.dimSymbol(g, 'm');
  const A = b.variable(g, 'A', shape('m', 'n'));
  const x = b.variable(g, 'x', shape('n', 1));
  const y = b.variable(g, 'b', shape('m', 1));
  const one = b.num(g, 1);
  const p = b.elementwise(g, 'sigmoid', b.matmul(g, [A, x]));
  const gradient = b.mul(g, [b.pow(g, m, b.num(g, -1)), b.matmul(g, [b.transpose(g, A), b.add(g, [p, b.mul(g, [b.num(g, -1), y])])])]);
  const loss = b.times(
    g,
    b.div(g, b.neg(g, one), m),
    b.add(g, [
      b.times(g, b.transpose(g, y), b.elementwise(g, 'log', p)),
      b.times(g, b.transpose(g, b.sub(g, one, y)), b.elementwise(g, 'log', b.sub(g, one, p))),
    ]),
  );
  return { gradient, loss };
}

describe('the seed (logistic regression)', () => {
  const { gradient, loss } = seed();

  test('gradient in text, Unicode and LaTeX', () => {
    expect(printText(gradient)).toBe("1/m * A' * (sigmoid(A*x) - b)");
    expect(printUnicode(gradient)).toBe('(1/m) Aᵀ(σ(Ax) − b)');
    expect(printLatex(gradient)).toBe('\\frac{1}{m} A^{\\top} \\left(\\sigma(A x) - b\\right)');
  });

  test('loss in text and Unicode', () => {
    expect(printText(loss)).toBe("-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))");
    expect(printUnicode(loss)).toBe('−(1/m)(bᵀ log(σ(Ax)) + (1 − b)ᵀ log(1 − σ(Ax)))');
  });
});

describe('the textbook gradient forms of the gradient table (text printer)', () => {
  const g = new Graph();
  const n = shape('n', 1);
  const A = b.variable(g, 'A', shape('m', 'n'));
  const Q = b.variable(g, 'A', shape('n', 'n')); // the square A of x' * A * x
  const S = b.variable(g, 'S', shape('n', 'n'), true);
  const X = b.variable(g, 'X', shape('n', 'n'));
  const Y = b.variable(g, 'X', shape('m', 'n')); // the X of norm2(X - U*V')^2
  const U = b.variable(g, 'U', shape('m', 'k'));
  const V = b.variable(g, 'V', shape('n', 'k'));
  const x = b.variable(g, 'x', n);
  const y = b.variable(g, 'b', shape('m', 1));
  const u = b.variable(g, 'a', n);
  const v = b.variable(g, 'b', n);
  const lambda = b.variable(g, 'lambda', SCALAR);
  const two = b.num(g, 2);
  const t = (e: Node) => b.transpose(g, e);
  const Ax = b.matmul(g, [A, x]);
  const invXt = t(b.inv(g, X));

  const cases: Array<[string, Node]> = [
    ["2 * A' * (A*x - b)", b.times(g, b.times(g, two, t(A)), b.sub(g, Ax, y))],
    ["A' * (A*x - b) + lambda * x", b.add(g, [b.times(g, t(A), b.sub(g, Ax, y)), b.times(g, lambda, x)])],
    ["(A + A') * x", b.times(g, b.add(g, [Q, t(Q)]), x)],
    ['2 * S * x', b.times(g, b.times(g, two, S), x)],
    ["A'", t(A)],
    ["inv(X)'", invXt],
    ["-inv(X)' * a * b' * inv(X)'", b.neg(g, b.matmul(g, [invXt, u, t(v), invXt]))],
    ["det(X) * inv(X)'", b.times(g, b.det(g, X), invXt)],
    ["A' * exp(A*x)", b.times(g, t(A), b.elementwise(g, 'exp', Ax))],
    ["A' * softmax(A*x)", b.times(g, t(A), b.softmax(g, Ax))],
    ["A' * (sigmoid(A*x) - b)", b.times(g, t(A), b.sub(g, b.elementwise(g, 'sigmoid', Ax), y))],
    ["2 * (U*V' - X) * V", b.times(g, b.times(g, two, b.sub(g, b.matmul(g, [U, t(V)]), Y)), V)],
  ];
  test.each(cases)('%s', (expected, node) => {
    expect(printText(node)).toBe(expected);
  });
});
