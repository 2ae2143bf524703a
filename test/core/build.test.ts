/**
 * The smart constructors' normalizations checked by numbers: for random operand expressions,
 * evaluating what a constructor built must equal applying the operation numerically to the
 * evaluated operands. This catches a wrong "cheap, safe" normalization (transpose pushing,
 * scalar pulling, like-term collection, diag merging, ...) that every other test would inherit.
 */
import fc from 'fast-check';
import * as B from '../../src/core/build';
import { SCALAR, Shape, shape } from '../../src/core/dims';
import { Graph, Node } from '../../src/core/graph';
import { ELEMENTWISE, ElementwiseOp } from '../../src/core/ops';
import { determinant, inverse, logDeterminant, matmulT, transposeT } from '../../src/eval/linalg';
import { ELEMENTWISE_KERNELS, evaluate } from '../../src/eval/reference';
import { Tensor, tensor } from '../../src/eval/tensor';
import { ExprContext, exprOfShape, makeContext } from '../support/arbitrary';
import { compareTensors } from '../support/finite-diff';
import { makeRng, randomEnv } from '../support/random';

const N: Shape = shape('n', 1);
const NN: Shape = shape('n', 'n');
const MN: Shape = shape('m', 'n');
const NM: Shape = shape('n', 'm');

const map2 = (a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor => {
  const rows = Math.max(a.rows, b.rows);
  const cols = Math.max(a.cols, b.cols);
  const out = tensor(rows, cols);
  const at = (t: Tensor, i: number) => (t.data.length === 1 ? t.data[0] : t.data[i]);
  for (let i = 0; i < rows * cols; i++) out.data[i] = f(at(a, i), at(b, i));
  return out;
};
const map1 = (a: Tensor, f: (x: number) => number): Tensor => tensor(a.rows, a.cols, a.data.map(f));
const scalar = (v: number): Tensor => tensor(1, 1, Float64Array.of(v));
const total = (a: Tensor) => a.data.reduce((s, v) => s + v, 0);

interface Case {
  readonly name: string;
  readonly shapes: readonly Shape[];
  readonly build: (g: Graph, args: Node[]) => Node;
  readonly numeric: (args: Tensor[]) => Tensor;
}

const ew = (op: ElementwiseOp): Case => ({
  name: op,
  shapes: [N],
  build: (g, [a]) => B.elementwise(g, op, a),
  numeric: ([a]) => map1(a, ELEMENTWISE_KERNELS[op]),
});

const CASES: readonly Case[] = [
  { name: 'add', shapes: [MN, MN], build: (g, [a, b]) => B.add(g, [a, b]), numeric: ([a, b]) => map2(a, b, (x, y) => x + y) },
  { name: 'add broadcast', shapes: [SCALAR, N], build: (g, [a, b]) => B.add(g, [a, b]), numeric: ([a, b]) => map2(a, b, (x, y) => x + y) },
  { name: 'sub', shapes: [N, N], build: (g, [a, b]) => B.sub(g, a, b), numeric: ([a, b]) => map2(a, b, (x, y) => x - y) },
  { name: 'scale', shapes: [SCALAR, MN], build: (g, [a, b]) => B.times(g, a, b), numeric: ([a, b]) => map2(a, b, (x, y) => x * y) },
  { name: 'matmul', shapes: [MN, NN], build: (g, [a, b]) => B.times(g, a, b), numeric: ([a, b]) => matmulT(a, b) },
  { name: 'matmul chain', shapes: [NM, MN], build: (g, [a, b]) => B.times(g, a, b), numeric: ([a, b]) => matmulT(a, b) },
  { name: 'outer', shapes: [N, N], build: (g, [a, b]) => B.times(g, a, B.transpose(g, b)), numeric: ([a, b]) => matmulT(a, transposeT(b)) },
  { name: 'inner', shapes: [N, N], build: (g, [a, b]) => B.dot(g, a, b), numeric: ([a, b]) => matmulT(transposeT(a), b) },
  { name: 'hadamard', shapes: [NN, NN], build: (g, [a, b]) => B.hadamard(g, [a, b]), numeric: ([a, b]) => map2(a, b, (x, y) => x * y) },
  { name: 'ediv', shapes: [N, N], build: (g, [a, b]) => B.ediv(g, a, b), numeric: ([a, b]) => map2(a, b, (x, y) => x / y) },
  { name: 'div', shapes: [N, SCALAR], build: (g, [a, b]) => B.div(g, a, b), numeric: ([a, b]) => map2(a, b, (x, y) => x / y) },
  { name: 'pow', shapes: [SCALAR, SCALAR], build: (g, [a, b]) => B.pow(g, a, b), numeric: ([a, b]) => scalar(a.data[0] ** b.data[0]) },
  { name: 'epow 3', shapes: [N], build: (g, [a]) => B.epow(g, a, B.num(g, 3)), numeric: ([a]) => map1(a, (x) => x ** 3) },
  { name: 'transpose', shapes: [MN], build: (g, [a]) => B.transpose(g, a), numeric: ([a]) => transposeT(a) },
  { name: 'sum', shapes: [MN], build: (g, [a]) => B.sum(g, a), numeric: ([a]) => scalar(total(a)) },
  {
    name: 'tr',
    shapes: [NN],
    build: (g, [a]) => B.tr(g, a),
    numeric: ([a]) => scalar([...Array(a.rows).keys()].reduce((s, i) => s + a.data[i * a.cols + i], 0)),
  },
  { name: 'det', shapes: [NN], build: (g, [a]) => B.det(g, a), numeric: ([a]) => scalar(determinant(a)) },
  { name: 'logdet', shapes: [NN], build: (g, [a]) => B.logdet(g, a), numeric: ([a]) => scalar(logDeterminant(a)) },
  { name: 'inv', shapes: [NN], build: (g, [a]) => B.inv(g, a), numeric: ([a]) => inverse(a) },
  {
    name: 'diag of a vector',
    shapes: [N],
    build: (g, [a]) => B.diag(g, a),
    numeric: ([a]) => {
      const out = tensor(a.rows, a.rows);
      for (let i = 0; i < a.rows; i++) out.data[i * a.rows + i] = a.data[i];
      return out;
    },
  },
  {
    name: 'diag of a matrix',
    shapes: [NN],
    build: (g, [a]) => B.diag(g, a),
    numeric: ([a]) =>
      tensor(
        a.rows,
        1,
        Float64Array.from({ length: a.rows }, (_, i) => a.data[i * a.cols + i]),
      ),
  },
  {
    name: 'diag products and sums',
    shapes: [N, N, SCALAR],
    build: (g, [a, b, s]) => B.add(g, [B.matmul(g, [B.diag(g, a), B.diag(g, b)]), B.mul(g, [s, B.diag(g, b)])]),
    numeric: ([a, b, s]) => {
      const out = tensor(a.rows, a.rows);
      for (let i = 0; i < a.rows; i++) out.data[i * a.rows + i] = a.data[i] * b.data[i] + s.data[0] * b.data[i];
      return out;
    },
  },
  { name: 'norm1', shapes: [N], build: (g, [a]) => B.norm1(g, a), numeric: ([a]) => scalar(a.data.reduce((s, v) => s + Math.abs(v), 0)) },
  { name: 'norm2', shapes: [MN], build: (g, [a]) => B.norm2(g, a), numeric: ([a]) => scalar(Math.sqrt(a.data.reduce((s, v) => s + v * v, 0))) },
  { name: 'logsumexp', shapes: [N], build: (g, [a]) => B.logsumexp(g, a), numeric: ([a]) => scalar(Math.log(a.data.reduce((s, v) => s + Math.exp(v), 0))) },
  {
    name: 'softmax',
    shapes: [N],
    build: (g, [a]) => B.softmax(g, a),
    numeric: ([a]) => {
      const z = a.data.reduce((s, v) => s + Math.exp(v), 0);
      return map1(a, (v) => Math.exp(v) / z);
    },
  },
  ...ELEMENTWISE.map(ew),
];

/** Operands for det/logdet/inv are made positive definite (M M' + I) so the numbers are meaningful. */
function operand(ctx: ExprContext, c: Case, i: number, e: Node): Node {
  const g = ctx.graph;
  if (['det', 'logdet', 'inv'].includes(c.name)) return B.add(g, [B.matmul(g, [e, B.transpose(g, e)]), B.eye(g, 'n')]);
  if ((c.name === 'pow' && i === 0) || ['log', 'sqrt'].includes(c.name)) return B.add(g, [B.epow(g, e, B.num(g, 2)), B.num(g, 1)]);
  if (c.name === 'ediv' && i === 1) return B.add(g, [B.epow(g, e, B.num(g, 2)), B.num(g, 1)]);
  if (c.name === 'div' && i === 1) return B.add(g, [B.pow(g, e, B.num(g, 2)), B.num(g, 1)]);
  if (c.name === 'tan') return B.elementwise(g, 'tanh', e);
  return e;
}

describe('smart constructors agree with the numeric operation on random operands', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const ctx = makeContext();
    fc.assert(
      fc.property(fc.tuple(...c.shapes.map((s) => exprOfShape(ctx, s, { maxDepth: 2, safe: true }))), fc.integer({ min: 1, max: 1e6 }), (raw, seed) => {
        const args = raw.map((e, i) => operand(ctx, c, i, e));
        const built = c.build(ctx.graph, args);
        let env;
        try {
          env = randomEnv(ctx.graph, [...args, built], makeRng(seed));
        } catch {
          fc.pre(false);
        }
        const want = c.numeric(args.map((a) => evaluate(a, env!)));
        fc.pre(want.data.every((v) => Number.isFinite(v) && Math.abs(v) < 1e8));
        expect(compareTensors(evaluate(built, env!), want, { rtol: 1e-9, atol: 1e-9 }, c.name)).toEqual([]);
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});
