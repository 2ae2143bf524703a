/**
 * fast-check arbitraries of random, well-typed matdiff expressions over the WHOLE notation
 * (every op of src/core/ops.ts), for printer, gradient, simplification and compiler tests.
 *
 * The expressions live over a fixed set of declared variables with symbolic dimensions:
 *
 *     s, t : scalar     u, v : vector(n)     w : vector(m)
 *     A : matrix(m, n)  B : matrix(n, n)     C : matrix(m, m)     S : symmetric(n)
 *
 * `DECLARATIONS` is that list as program text (parse it to get a scope for the same names).
 * Expressions are built only through the smart constructors of src/core/build.ts, so every
 * generated node is in canonical form. Shapes are any of the nine {1, n, m} × {1, n, m}.
 *
 * Usage:
 *
 *     const ctx = makeContext();                      // or makeContext(program.graph)
 *     fc.assert(fc.property(scalarExpr(ctx, { safe: true }), (f) => { ... f is a Node ... }));
 *     fc.assert(fc.property(anyExpr(ctx), (e) => { ... }));
 *
 * `recipes(opts)` gives the same expressions as plain recipes (`r.build(ctx)`, `String(r)`
 * is readable), when a counterexample should print as a formula rather than a node object.
 *
 * Options:
 * - `maxDepth` (default 3): the nesting bound; the node count grows with it (depth 3 gives
 *   expressions of up to a few dozen nodes).
 * - `safe` (default false): every argument of log, sqrt, `^` and `.^` (base), `/` and `./`
 *   (divisor) is positive for positive variable values (it is a variable, a positive constant
 *   or dimension, exp(..), softplus(..), or e.^2 + 1); det, logdet and inv take `M*M' + eye(k) + M - M'`
 *   (positive definite symmetric part, so invertible; not symmetric); tan takes tanh(..) (inside ±π/2); abs, sign, norm1 and norm2 take a
 *   strictly positive or strictly negative argument (away from their kinks); no `zeros` leaves.
 *   Values can still be large (exp of exp): filter non-finite numbers with `fc.pre` if needed.
 */
import fc from 'fast-check';
import * as b from '../../src/core/build';
import { Dim, SCALAR, Shape, shape } from '../../src/core/dims';
import { Graph, Node } from '../../src/core/graph';
import { ELEMENTWISE, ElementwiseOp } from '../../src/core/ops';
import { rat } from '../../src/core/rational';

export const DECLARATIONS = [
  's : scalar',
  't : scalar',
  'u : vector(n)',
  'v : vector(n)',
  'w : vector(m)',
  'A : matrix(m, n)',
  'B : matrix(n, n)',
  'C : matrix(m, m)',
  'S : symmetric(n)',
].join('\n');

export type VarName = 's' | 't' | 'u' | 'v' | 'w' | 'A' | 'B' | 'C' | 'S';

interface VarSpec {
  readonly name: VarName;
  readonly shape: Shape;
  readonly symmetric?: boolean;
}

const VAR_SPECS: readonly VarSpec[] = [
  { name: 's', shape: SCALAR },
  { name: 't', shape: SCALAR },
  { name: 'u', shape: shape('n', 1) },
  { name: 'v', shape: shape('n', 1) },
  { name: 'w', shape: shape('m', 1) },
  { name: 'A', shape: shape('m', 'n') },
  { name: 'B', shape: shape('n', 'n') },
  { name: 'C', shape: shape('m', 'm') },
  { name: 'S', shape: shape('n', 'n'), symmetric: true },
];

/** The dimension symbols the declarations use. */
export const DIMENSIONS: readonly string[] = ['m', 'n'];

export interface ExprContext {
  readonly graph: Graph;
  readonly vars: Readonly<Record<VarName, Node>>;
}

/** The declared variables as nodes of `graph` (the same nodes parsing DECLARATIONS makes). */
export function makeContext(graph: Graph = new Graph()): ExprContext {
  const vars = {} as Record<VarName, Node>;
  for (const v of VAR_SPECS) vars[v.name] = b.variable(graph, v.name, v.shape, v.symmetric ?? false);
  return { graph, vars };
}

export interface ExprOptions {
  readonly maxDepth?: number;
  readonly safe?: boolean;
}

/** A way to build one expression in any context; `String(r)` shows the construction. */
export interface Recipe {
  build(ctx: ExprContext): Node;
  toString(): string;
}

const recipe = (label: string, args: readonly Recipe[], make: (ctx: ExprContext, nodes: Node[]) => Node): Recipe => ({
  build: (ctx) =>
    make(
      ctx,
      args.map((a) => a.build(ctx)),
    ),
  toString: () => (args.length ? `${label}(${args.map(String).join(', ')})` : label),
});

const DIMS: readonly Dim[] = [1, 'n', 'm'];
const SHAPES: readonly Shape[] = DIMS.flatMap((r) => DIMS.map((c) => shape(r, c)));
const isScalarShape = (s: Shape) => s.rows === 1 && s.cols === 1;
const keyOf = (s: Shape) => `${s.rows}x${s.cols}`;

const CONSTANTS = [0, 1, 2, 3, -1, -2, 5].map((k) => rat(k)).concat([rat(1, 2), rat(-3, 2), rat(2, 3)]);
const EXPONENTS = [2, 3, -1, -2].map((k) => rat(k)).concat([rat(1, 2), rat(3, 2), rat(-1, 2)]);

type Arb = fc.Arbitrary<Recipe>;

/** The generator for one option set: arbitraries per (shape, depth), memoized. */
class Generator {
  private readonly memo = new Map<string, Arb>();
  constructor(private readonly safe: boolean) {}

  private cached(key: string, make: () => Arb): Arb {
    let a = this.memo.get(key);
    if (!a) {
      a = make();
      this.memo.set(key, a);
    }
    return a;
  }

  /** Any well-typed expression of shape `s`, nested at most `depth` deep. */
  expr(s: Shape, depth: number): Arb {
    return this.cached(`e|${keyOf(s)}|${depth}`, () => {
      const leaves = this.leaves(s);
      if (depth <= 0) return leaves;
      return fc.oneof({ arbitrary: leaves, weight: 2 }, { arbitrary: fc.oneof(...this.compound(s, depth - 1)), weight: 5 });
    });
  }

  /** Positive for positive variable values (in safe mode); any expression otherwise. */
  positive(s: Shape, depth: number): Arb {
    if (!this.safe) return this.expr(s, depth);
    return this.cached(`p|${keyOf(s)}|${depth}`, () => {
      const base = isScalarShape(s)
        ? [...this.variables(s), fc.constantFrom(...['1', '2', '1/2', 'n', 'm']).map(positiveScalarLeaf)]
        : [...this.variables(s), fc.constant(recipe(`ones(${s.rows}, ${s.cols})`, [], (c) => b.ones(c.graph, s)))];
      if (depth <= 0) return fc.oneof(...base);
      const e = this.expr(s, depth - 1);
      return fc.oneof(
        ...base,
        e.map((x) => recipe('exp', [x], (c, [n]) => b.elementwise(c.graph, 'exp', n))),
        e.map((x) => recipe('softplus', [x], (c, [n]) => b.elementwise(c.graph, 'softplus', n))),
        this.onePlusSquare(s, depth - 1),
      );
    });
  }

  /** `e.^2 + 1` (positive everywhere). */
  private onePlusSquare(s: Shape, depth: number): Arb {
    return this.expr(s, depth).map((x) => recipe('onePlusSquare', [x], (c, [n]) => b.add(c.graph, [b.epow(c.graph, n, b.num(c.graph, 2)), b.num(c.graph, 1)])));
  }

  /** Away from 0: a positive expression, or its negation. */
  private nonzero(s: Shape, depth: number): Arb {
    if (!this.safe) return this.expr(s, depth);
    const p = this.positive(s, depth);
    return fc.oneof(
      p,
      p.map((x) => recipe('neg', [x], (c, [n]) => b.neg(c.graph, n))),
    );
  }

  /** Inside ±π/2 (for tan) in safe mode. */
  private bounded(s: Shape, depth: number): Arb {
    if (!this.safe) return this.expr(s, depth);
    return this.expr(s, depth).map((x) => recipe('tanh', [x], (c, [n]) => b.elementwise(c.graph, 'tanh', n)));
  }

  /** A k×k matrix for det/logdet/inv: `M*M' + eye(k) + M - M'` in safe mode. */
  private invertible(k: Dim, depth: number): Arb {
    const sq = shape(k, k);
    if (!this.safe) return this.expr(sq, depth);
    // M M' + I + (M - M'): x'(.)x = |M'x|^2 + |x|^2 > 0, so invertible with det > 0, and not
    // symmetric (a rule that drops a transpose under inv must be seen to be wrong).
    return this.expr(sq, depth).map((m) =>
      recipe('pd', [m], (c, [n]) => {
        const t = b.transpose(c.graph, n);
        return b.add(c.graph, [b.matmul(c.graph, [n, t]), b.eye(c.graph, k), n, b.neg(c.graph, t)]);
      }),
    );
  }

  /** The variables of shape `s`, and the transposes of those of the transposed shape. */
  private variables(s: Shape): Arb[] {
    const plain = VAR_SPECS.filter((v) => keyOf(v.shape) === keyOf(s)).map((v) => fc.constant(recipe(v.name, [], (c) => c.vars[v.name])));
    const flipped = isScalarShape(s)
      ? []
      : VAR_SPECS.filter((v) => v.shape.rows === s.cols && v.shape.cols === s.rows && !v.symmetric).map((v) =>
          fc.constant(recipe(`${v.name}'`, [], (c) => b.transpose(c.graph, c.vars[v.name]))),
        );
    return [...plain, ...flipped];
  }

  private leaves(s: Shape): Arb {
    const out: Arb[] = this.variables(s);
    if (isScalarShape(s)) {
      const consts = this.safe ? CONSTANTS.filter((k) => !k.equals(0)) : CONSTANTS;
      out.push(fc.constantFrom(...consts).map((k) => recipe(k.toFraction(), [], (c) => b.num(c.graph, k))));
      out.push(fc.constantFrom(...DIMENSIONS).map((d) => recipe(d, [], (c) => b.dimSymbol(c.graph, d))));
    } else {
      out.push(fc.constant(recipe(`ones(${s.rows}, ${s.cols})`, [], (c) => b.ones(c.graph, s))));
      if (!this.safe) out.push(fc.constant(recipe(`zeros(${s.rows}, ${s.cols})`, [], (c) => b.zeros(c.graph, s))));
      if (s.rows === s.cols) out.push(fc.constant(recipe(`eye(${s.rows})`, [], (c) => b.eye(c.graph, s.rows))));
    }
    return fc.oneof(...out);
  }

  /** Every production whose result has shape `s`, children at depth `d`. */
  private compound(s: Shape, d: number): Arb[] {
    const e = (sh: Shape) => this.expr(sh, d);
    const scalar = () => e(SCALAR);
    const out: Arb[] = [];
    const bin = (label: string, l: Arb, r: Arb, f: (g: Graph, x: Node, y: Node) => Node) =>
      fc.tuple(l, r).map(([x, y]) => recipe(label, [x, y], (c, [nx, ny]) => f(c.graph, nx, ny)));
    const un = (label: string, a: Arb, f: (g: Graph, x: Node) => Node) => a.map((x) => recipe(label, [x], (c, [n]) => f(c.graph, n)));

    // + - and unary minus, with scalar broadcast over a non-scalar.
    out.push(bin('add', e(s), e(s), (g, x, y) => b.add(g, [x, y])));
    out.push(bin('sub', e(s), e(s), b.sub));
    out.push(un('neg', e(s), b.neg));
    if (!isScalarShape(s))
      out.push(
        bin('sub', scalar(), e(s), b.sub),
        bin('add', e(s), scalar(), (g, x, y) => b.add(g, [x, y])),
      );
    // * : scaling, matrix products through every inner dimension (outer and inner products too).
    for (const k of DIMS) out.push(bin('times', e(shape(s.rows, k)), e(shape(k, s.cols)), b.times));
    if (!isScalarShape(s)) out.push(bin('times', scalar(), e(s), b.times));
    // / by a scalar; elementwise .* ./ .^
    out.push(bin('div', e(s), this.positive(SCALAR, d), (g, x, y) => b.div(g, x, nonZero(g, y))));
    out.push(bin('hadamard', e(s), e(s), (g, x, y) => b.hadamard(g, [x, y])));
    out.push(bin('max', e(s), e(s), (g, x, y) => b.extremum(g, 'max', x, y)));
    out.push(bin('min', e(s), e(s), (g, x, y) => b.extremum(g, 'min', x, y)));
    out.push(bin('ediv', e(s), this.positive(s, d), (g, x, y) => b.ediv(g, x, nonZero(g, y))));
    const exponent: Arb = fc.oneof(
      fc.constantFrom(...EXPONENTS).map((k) => recipe(k.toFraction(), [], (c) => b.num(c.graph, k))),
      this.safe ? this.bounded(SCALAR, d) : scalar(),
    );
    if (isScalarShape(s)) out.push(bin('pow', this.positive(SCALAR, d), exponent, (g, x, y) => b.pow(g, nonZero(g, x), y)));
    else out.push(bin('epow', this.positive(s, d), exponent, (g, x, y) => b.epow(g, nonZero(g, x), y)));
    // ' and the elementwise functions.
    out.push(un('transpose', e(shape(s.cols, s.rows)), b.transpose));
    for (const fn of ELEMENTWISE) out.push(un(fn, this.elementwiseArg(fn, s, d), (g, x) => b.elementwise(g, fn as ElementwiseOp, x)));
    if (isScalarShape(s)) {
      for (const sh of SHAPES) out.push(un('sum', e(sh), b.sum));
      for (const sh of SHAPES.filter((x) => !isScalarShape(x))) out.push(un('norm2', this.nonzero(sh, d), b.norm2));
      for (const k of ['n', 'm']) {
        const col = shape(k, 1);
        const sq = shape(k, k);
        out.push(un('norm1', this.nonzero(col, d), b.norm1));
        out.push(un('logsumexp', e(col), b.logsumexp));
        out.push(bin('dot', e(col), e(col), b.dot));
        out.push(un('tr', e(sq), b.tr));
        out.push(un('det', this.invertible(k, d), b.det));
        out.push(un('logdet', this.invertible(k, d), b.logdet));
      }
    }
    if (s.rows === s.cols && !isScalarShape(s)) {
      out.push(un('inv', this.invertible(s.rows, d), b.inv));
      out.push(un('diag', e(shape(s.rows, 1)), b.diag)); // vector -> diagonal matrix
    }
    if (s.cols === 1 && s.rows !== 1) {
      out.push(un('diag', e(shape(s.rows, s.rows)), b.diag)); // square matrix -> its diagonal
      out.push(un('softmax', e(s), b.softmax));
    }
    return out;
  }

  private elementwiseArg(fn: ElementwiseOp, s: Shape, d: number): Arb {
    switch (fn) {
      case 'log':
      case 'sqrt':
        return this.positive(s, d);
      case 'tan':
        return this.bounded(s, d);
      case 'abs':
      case 'sign':
        return this.nonzero(s, d);
      default:
        return this.expr(s, d);
    }
  }
}

/**
 * A divisor or base that is identically zero (zeros(n), or x - x after like terms cancel) makes
 * the expression undefined everywhere, which the constructors refuse; use 1 instead.
 */
function nonZero(g: Graph, n: Node): Node {
  return b.isZero(n) ? (isScalarShape(n.shape) ? b.num(g, 1) : b.ones(g, n.shape)) : n;
}

function positiveScalarLeaf(text: string): Recipe {
  if (text === 'n' || text === 'm') return recipe(text, [], (c) => b.dimSymbol(c.graph, text));
  const [p, q] = text.split('/').map(Number);
  return recipe(text, [], (c) => b.num(c.graph, rat(p, q ?? 1)));
}

const generators = new Map<boolean, Generator>();
function generator(safe: boolean): Generator {
  let gen = generators.get(safe);
  if (!gen) {
    gen = new Generator(safe);
    generators.set(safe, gen);
  }
  return gen;
}

/** Recipes of expressions of shape `of` (any of the nine shapes if absent). */
export function recipes(opts: ExprOptions & { of?: Shape } = {}): fc.Arbitrary<Recipe> {
  const gen = generator(opts.safe ?? false);
  const depth = opts.maxDepth ?? 3;
  return opts.of ? gen.expr(opts.of, depth) : fc.oneof(...SHAPES.map((s) => gen.expr(s, depth)));
}

/** Scalar-valued expressions in `ctx`. */
export const scalarExpr = (ctx: ExprContext, opts: ExprOptions = {}): fc.Arbitrary<Node> => recipes({ ...opts, of: SCALAR }).map((r) => r.build(ctx));

/** Expressions of any of the nine shapes in `ctx`. */
export const anyExpr = (ctx: ExprContext, opts: ExprOptions = {}): fc.Arbitrary<Node> => recipes(opts).map((r) => r.build(ctx));

/** Expressions of shape `s` in `ctx`. */
export const exprOfShape = (ctx: ExprContext, s: Shape, opts: ExprOptions = {}): fc.Arbitrary<Node> => recipes({ ...opts, of: s }).map((r) => r.build(ctx));
