/**
 * The notation's functions: one table, name -> accepted argument counts, usage, builder.
 * Builders call only the smart constructors of src/core/build.ts; shape errors they throw
 * are located at the call by the elaborator.
 */
import * as build from '../core/build';
import { Dim, dimProduct, shape } from '../core/dims';
import { MatdiffError, Span } from '../core/errors';
import { Graph, Node } from '../core/graph';
import { ELEMENTWISE, ElementwiseOp } from '../core/ops';
import { isInteger } from '../core/rational';

export interface FunctionSpec {
  /** Accepted numbers of arguments. */
  readonly arities: readonly number[];
  /** How to call it, for error hints and docs: `tr(X): trace of a square matrix`. */
  readonly usage: string;
  build(g: Graph, args: readonly Node[], argSpans: readonly Span[]): Node;
}

/** A dimension argument of ones/zeros/eye: a positive integer literal or a dimension symbol. */
function dimArg(fn: string, n: Node, span: Span): Dim {
  if (n.op === 'dim') return n.name!;
  // A product of dimensions (eye(m*n), the size of vec(X)), as the printers write it.
  if (n.op === 'mul' && n.args.every((a) => a.op === 'dim' || a.op === 'const')) return n.args.map((a) => dimArg(fn, a, span)).reduce(dimProduct);
  if (n.op === 'const' && isInteger(n.value!) && n.value!.compare(0) > 0 && n.value!.valueOf() <= Number.MAX_SAFE_INTEGER) return n.value!.valueOf();
  throw new MatdiffError(
    'shape',
    `${fn} needs dimensions: positive integers or dimension symbols`,
    span,
    `write e.g. ${fn}(n) or ${fn}(3); a dimension symbol is one used in a declaration such as x : vector(n)`,
  );
}

const elementwiseSpec = (op: ElementwiseOp): FunctionSpec => ({
  arities: [1],
  usage: `${op}(X): ${op} of every entry`,
  build: (g, [x]) => build.elementwise(g, op, x),
});

const ELEMENTWISE_SPECS = Object.fromEntries(ELEMENTWISE.map((op) => [op, elementwiseSpec(op)])) as Record<ElementwiseOp, FunctionSpec>;

const trace: FunctionSpec = { arities: [1], usage: 'tr(X): trace of a square matrix', build: (g, [x]) => build.tr(g, x) };

const FUNCTION_TABLE = {
  ...ELEMENTWISE_SPECS,
  sum: { arities: [1], usage: 'sum(X): the sum of all entries', build: (g, [x]) => build.sum(g, x) },
  // The mean is the sum over the count of entries, written so: it prints and differentiates as that.
  mean: {
    arities: [1],
    usage: 'mean(X): the mean of all entries, sum(X) / (rows * cols)',
    build: (g, [x]) => {
      const [r, c] = [build.dimValue(g, x.shape.rows), build.dimValue(g, x.shape.cols)];
      const count = r === c ? build.pow(g, r, build.num(g, 2)) : build.mul(g, [r, c]);
      return build.mul(g, [build.sum(g, x), build.pow(g, count, build.num(g, -1))]);
    },
  },
  norm2: { arities: [1], usage: 'norm2(X): Euclidean norm (Frobenius for a matrix)', build: (g, [x]) => build.norm2(g, x) },
  norm1: { arities: [1], usage: 'norm1(X): sum of absolute values', build: (g, [x]) => build.norm1(g, x) },
  tr: trace,
  trace,
  det: { arities: [1], usage: 'det(X): determinant of a square matrix', build: (g, [x]) => build.det(g, x) },
  logdet: { arities: [1], usage: 'logdet(X): log of the determinant of a square matrix', build: (g, [x]) => build.logdet(g, x) },
  inv: { arities: [1], usage: 'inv(X): inverse of a square matrix', build: (g, [x]) => build.inv(g, x) },
  diag: {
    arities: [1],
    usage: 'diag(v): diagonal matrix of a vector; diag(X): diagonal of a square matrix',
    build: (g, [x]) => build.diag(g, x),
  },
  dot: { arities: [2], usage: 'dot(u, v): inner product of two same-shaped arguments', build: (g, [u, v]) => build.dot(g, u, v) },
  logsumexp: { arities: [1], usage: 'logsumexp(v): log of the sum of exp of the entries', build: (g, [x]) => build.logsumexp(g, x) },
  softmax: { arities: [1], usage: 'softmax(v): exp(v) / sum(exp(v)); softmax(Z): each column of Z so (a batch)', build: (g, [x]) => build.softmax(g, x) },
  ones: {
    arities: [1, 2],
    usage: 'ones(k): a column of k ones; ones(r, c): an r×c matrix of ones',
    build: (g, args, spans) => build.ones(g, shape(dimArg('ones', args[0], spans[0]), args.length === 2 ? dimArg('ones', args[1], spans[1]) : 1)),
  },
  zeros: {
    arities: [1, 2],
    usage: 'zeros(k): a column of k zeros; zeros(r, c): an r×c zero matrix',
    build: (g, args, spans) => build.zeros(g, shape(dimArg('zeros', args[0], spans[0]), args.length === 2 ? dimArg('zeros', args[1], spans[1]) : 1)),
  },
  eye: { arities: [1], usage: 'eye(k): the k×k identity', build: (g, [k], [span]) => build.eye(g, dimArg('eye', k, span)) },
  max: { arities: [2], usage: 'max(a, b): the larger of a and b, entry by entry (a scalar broadcasts)', build: (g, [a, b]) => build.extremum(g, 'max', a, b) },
  min: { arities: [2], usage: 'min(a, b): the smaller of a and b, entry by entry (a scalar broadcasts)', build: (g, [a, b]) => build.extremum(g, 'min', a, b) },
  kron: { arities: [2], usage: 'kron(A, B): the Kronecker product A ⊗ B', build: (g, [a, b]) => build.kron(g, a, b) },
  vec: { arities: [1], usage: 'vec(X): the columns of X stacked into one column', build: (g, [x]) => build.vec(g, x) },
  commutation: {
    arities: [2],
    usage: "commutation(m, n): the mn×mn matrix K with K * vec(X) = vec(X') for X m×n",
    build: (g, [m, n], spans) =>
      build.commutation(g, build.dimValue(g, dimArg('commutation', m, spans[0])), build.dimValue(g, dimArg('commutation', n, spans[1]))),
  },
} satisfies Record<string, FunctionSpec>;

/** The function table, keyed by name (a Map, so `constructor` is not a function). */
export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(Object.entries(FUNCTION_TABLE));

export const describeArity = (arities: readonly number[]): string =>
  arities.map(String).join(' or ') + (arities.length === 1 && arities[0] === 1 ? ' argument' : ' arguments');
