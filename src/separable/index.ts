/**
 * Row-separability, found structurally: is an expression a function of sums over the rows of its
 * data? For the seed, J(x) = −(1/m) Σᵢ (bᵢ log σ(aᵢᵀx) + (1 − bᵢ) log(1 − σ(aᵢᵀx))) and
 * ∇J = (1/m) Σᵢ aᵢ (σ(aᵢᵀx) − bᵢ): per-row terms summed, then a cheap merge. Data of that shape
 * can be processed in batches, in SQL aggregates or sharded, with only the partial sums moved.
 *
 * The analysis classifies every node bottom-up; no loss is special-cased:
 *   - global: does not touch the rows (x, λ, the row count m itself);
 *   - row: m×p, row i depending only on row i of the data; kept as its row, a 1×p term over
 *     per-row variables (A's row, b's entry) and globals;
 *   - col: the transpose of a row node (p×m), kept as the term of row i of its transpose;
 *   - diag: diag(u) of a row vector u, which only a product Cᵀ diag(u) R can use;
 *   - merged: a function of sums over the rows and globals. sum(u), uᵀv, Cᵀ R, Cᵀ diag(d) R,
 *     norm1(u) and norm2(u) each become an aggregate Σᵢ termᵢ, replaced by a placeholder.
 * Anything else is not row-separable (a row term that needs a row sum first, as z − mean(z);
 * softmax or logsumexp over the rows, which need the maximum first; an m×m matrix function), and
 * the error names the node and says why.
 */
import * as B from '../core/build';
import { Dim, isScalar, shape } from '../core/dims';
import { MatdiffError, UnsupportedError } from '../core/errors';
import { Graph, Node, topoOrder } from '../core/graph';
import { isElementwise } from '../core/ops';
import { rebuild } from '../core/rebuild';
import { printText } from '../print';

/** One partial sum: Σᵢ perRow over the rows, standing in the merge as `placeholder`. */
export interface Aggregate {
  readonly placeholder: Node;
  /** The term of row i, over the per-row variables and globals. */
  readonly perRow: Node;
  /**
   * The same sum as an expression over the whole data (Aᵀ(σ(Ax) − b)): evaluated on a batch of
   * rows it is that batch's partial sum, so batches can run through the compiled evaluator.
   */
  readonly whole: Node;
}

export interface RowSplit {
  /** The row dimension (the data's rows). */
  readonly rows: Dim;
  /** Each data variable and its per-row variable: a row of A (1×n), an entry of b (1×1). */
  readonly rowOf: ReadonlyMap<Node, Node>;
  readonly aggregates: readonly Aggregate[];
  /** Each root as an expression of the aggregates' placeholders and the globals. */
  readonly merged: readonly Node[];
}

export interface SplitOptions {
  /** The row dimension (default: the only dimension that is a variable's rows and in no `params` shape). */
  readonly rows?: string;
  /** The parameters (x, W): their dimensions are never the rows. */
  readonly params?: readonly Node[];
}

/** Register Σᵢ perRow (whose whole-data form is `whole`); its placeholder for the merge. */
type Aggregator = (perRow: Node, whole: Node) => Node;

type Kind = { readonly kind: 'global' } | { readonly kind: 'row' | 'col' | 'diag'; readonly term: Node } | { readonly kind: 'merged'; readonly expr: Node };

const GLOBAL: Kind = { kind: 'global' };

const shown = (n: Node) => {
  const t = printText(n);
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
};

function notSeparable(n: Node, why: string): never {
  throw new UnsupportedError(
    `not row-separable: ${shown(n)} ${why}`,
    undefined,
    "row-separable expressions are functions of sums over the data's rows, such as sum(f(A*x, b)), u' * v, A' * h(A*x) and norm2(A*x - b), plus terms without the data",
  );
}

/** The row dimension: the only dimension that is some variable's rows and no parameter's. */
function rowDimension(vars: readonly Node[], opts: SplitOptions): Dim {
  if (opts.rows !== undefined) return opts.rows;
  const paramDims = new Set((opts.params ?? []).flatMap((p) => [p.shape.rows, p.shape.cols]));
  const candidates = [...new Set(vars.map((v) => v.shape.rows).filter((d) => typeof d === 'string' && !paramDims.has(d)))];
  if (candidates.length !== 1)
    throw new MatdiffError(
      'usage',
      candidates.length === 0 ? 'no dimension is the rows of the data' : `the rows of the data could be any of ${candidates.join(', ')}`,
      undefined,
      'say which dimension counts the data rows (rows: "m"), and which variables are parameters',
    );
  return candidates[0];
}

/** Split `roots` (scalars or any shape) into per-row aggregates and a merge. */
export function splitRows(g: Graph, roots: readonly Node[], opts: SplitOptions = {}): RowSplit {
  const order = topoOrder(roots);
  const vars = order.filter((n) => n.op === 'var');
  const R = rowDimension(vars, opts);
  const params = new Set(opts.params ?? []);
  const rowOf = new Map<Node, Node>();
  for (const v of vars) {
    if (params.has(v)) continue;
    if (v.shape.rows === R && v.shape.cols === R) notSeparable(v, `is ${R}×${R}: both of its dimensions are the rows`);
    if (v.shape.rows === R) rowOf.set(v, B.variable(g, `${v.name}ᵢ`, shape(1, v.shape.cols)));
    else if (v.shape.cols === R) rowOf.set(v, B.variable(g, `${v.name}ᵢ`, shape(1, v.shape.rows)));
  }
  const aggregates = new Map<Node, Aggregate>();
  const aggregate = (perRow: Node, whole: Node): Node => {
    let a = aggregates.get(perRow);
    if (!a) aggregates.set(perRow, (a = { placeholder: B.variable(g, `#Σ${aggregates.size}`, perRow.shape), perRow, whole }));
    return a.placeholder;
  };
  const kinds = new Map<Node, Kind>();
  for (const n of order)
    kinds.set(
      n,
      classify(g, n, R, rowOf, (a) => kinds.get(a)!, aggregate),
    );
  const merged = roots.map((r) => {
    const k = kinds.get(r)!;
    if (k.kind === 'global') return r;
    if (k.kind === 'merged') return k.expr;
    return notSeparable(r, 'is a value per row, not a sum over the rows');
  });
  return { rows: R, rowOf, aggregates: [...aggregates.values()], merged };
}

/** The node as the merge sees it: itself for a global, its expression for a merged node. */
function mergedNode(n: Node, k: Kind): Node {
  if (k.kind === 'global') return n;
  if (k.kind === 'merged') return k.expr;
  return notSeparable(n, 'is needed whole, but it is a value per row');
}

function classify(g: Graph, n: Node, R: Dim, rowOf: ReadonlyMap<Node, Node>, kindOf: (a: Node) => Kind, aggregate: Aggregator): Kind {
  const kinds = n.args.map(kindOf);
  if (n.op === 'var') {
    const r = rowOf.get(n);
    return r ? { kind: n.shape.rows === R ? 'row' : 'col', term: r } : GLOBAL;
  }
  if (n.op === 'ones' || n.op === 'zeros') {
    const make = n.op === 'ones' ? B.ones : B.zeros;
    if (n.shape.rows === R) return { kind: 'row', term: make(g, shape(1, n.shape.cols)) };
    if (n.shape.cols === R) return { kind: 'col', term: make(g, shape(1, n.shape.rows)) };
    return GLOBAL;
  }
  if (n.op === 'eye' && n.shape.rows === R) return notSeparable(n, `is the ${R}×${R} identity`);
  if (kinds.every((k) => k.kind === 'global')) return GLOBAL;
  const rowish = kinds.filter((k) => k.kind === 'row' || k.kind === 'col' || k.kind === 'diag');
  if (rowish.length === 0)
    return {
      kind: 'merged',
      expr: rebuild(
        g,
        n,
        n.args.map((a, i) => mergedNode(a, kinds[i])),
      ),
    };

  switch (n.op) {
    case 'transpose': {
      const k = kinds[0];
      if (k.kind === 'row' || k.kind === 'col') return { kind: k.kind === 'row' ? 'col' : 'row', term: k.term };
      return notSeparable(n, 'transposes a diagonal matrix of the rows');
    }
    case 'matmul':
      return chain(g, n, kinds, R, aggregate);
    case 'sum':
      return rowOrCol(kinds[0]) ? { kind: 'merged', expr: aggregate(B.sum(g, termOf(kinds[0])), n) } : notSeparable(n, 'sums a diagonal matrix of the rows');
    case 'norm1':
      return rowOrCol(kinds[0]) ? { kind: 'merged', expr: aggregate(B.norm1(g, termOf(kinds[0])), n) } : notSeparable(n, 'is a norm of a diagonal matrix');
    case 'norm2': {
      if (!rowOrCol(kinds[0])) return notSeparable(n, 'is a norm of a diagonal matrix');
      const [t, u] = [termOf(kinds[0]), n.args[0]];
      return { kind: 'merged', expr: B.elementwise(g, 'sqrt', aggregate(B.sum(g, B.hadamard(g, [t, t])), B.sum(g, B.hadamard(g, [u, u])))) };
    }
    case 'diagm':
      return kinds[0].kind === 'row' ? { kind: 'diag', term: kinds[0].term } : notSeparable(n, 'is a diagonal matrix of something that is not a value per row');
    case 'logsumexp':
    case 'softmax':
      return notSeparable(n, 'normalizes over the rows: it needs their maximum and their sum before any row can be finished (two passes)');
    default:
      if (n.op === 'add' || n.op === 'mul' || n.op === 'hadamard' || n.op === 'epow' || isElementwise(n.op)) return pointwise(g, n, kinds);
      return notSeparable(n, `takes ${n.op} of a matrix over the rows`);
  }
}

const rowOrCol = (k: Kind) => k.kind === 'row' || k.kind === 'col';
const termOf = (k: Kind): Node => (k.kind === 'row' || k.kind === 'col' || k.kind === 'diag' ? k.term : internal());
const internal = (): never => {
  throw new Error('internal: a row term was asked of a node that has none');
};

/** An elementwise combination: row terms combine row by row with globals (a broadcast scalar, say). */
function pointwise(g: Graph, n: Node, kinds: readonly Kind[]): Kind {
  const kind = kinds.find(rowOrCol)!.kind;
  const args = n.args.map((a, i) => {
    const k = kinds[i];
    if (k.kind === kind) return (k as { term: Node }).term;
    if (k.kind === 'global' && isScalar(a.shape)) return a;
    if (k.kind === 'merged') return notSeparable(n, `combines a value per row with ${shown(a)}, a sum over the rows: it needs two passes`);
    return notSeparable(n, 'combines values per row with something of another layout');
  });
  return { kind: kind as 'row' | 'col', term: rebuild(g, n, args) };
}

/**
 * A matrix product, cut into runs joined by the row dimension: a run Cᵀ R or Cᵀ diag(d) R (a col
 * factor, an optional diagonal, a row factor) is a sum over the rows, Σᵢ cᵢ dᵢ rᵢᵀ; the runs and
 * the other factors then multiply as merged values (so (Aᵀu)(vᵀA) is a product of two sums).
 * Without any run, a row factor first (A G) or a col factor last (G Cᵀ) keeps its layout.
 */
function chain(g: Graph, n: Node, kinds: readonly Kind[], R: Dim, aggregate: Aggregator): Kind {
  const f = n.args;
  const runs: number[][] = [];
  for (let i = 0; i < f.length; i++) {
    if (i > 0 && f[i - 1].shape.cols === R) runs[runs.length - 1].push(i);
    else runs.push([i]);
  }
  if (runs.every((r) => r.length === 1)) return layoutKept(g, n, kinds);
  const pieces = runs.map((run) => {
    if (run.length === 1) {
      const k = kinds[run[0]];
      if (k.kind === 'global' || k.kind === 'merged') return mergedNode(f[run[0]], k);
      return notSeparable(n, 'multiplies a value per row with a sum over the rows: it needs two passes');
    }
    const ks = run.map((i) => kinds[i]);
    const shapeOk = ks[0].kind === 'col' && ks[ks.length - 1].kind === 'row' && (run.length === 2 || (run.length === 3 && ks[1].kind === 'diag'));
    if (!shapeOk) return notSeparable(n, 'is a product over the rows that is not of the form Cᵀ R or Cᵀ diag(d) R');
    const c = termOf(ks[0]); // row i of C: 1×p
    const r = termOf(ks[ks.length - 1]); // row i of R: 1×q
    const outer = B.matmul(g, [B.transpose(g, c), r]);
    const whole = B.matmul(
      g,
      run.map((i) => f[i]),
    );
    return aggregate(run.length === 3 ? B.mul(g, [termOf(ks[1]), outer]) : outer, whole);
  });
  return { kind: 'merged', expr: pieces.length === 1 ? pieces[0] : B.matmul(g, pieces) };
}

/** A product with no run over the rows: a row factor first, or a col factor last, among globals. */
function layoutKept(g: Graph, n: Node, kinds: readonly Kind[]): Kind {
  const f = n.args;
  const last = f.length - 1;
  const globalsExcept = (skip: number) => kinds.every((k, i) => i === skip || k.kind === 'global');
  if (kinds[0].kind === 'row' && globalsExcept(0)) return { kind: 'row', term: B.matmul(g, [kinds[0].term, ...f.slice(1)]) };
  const k = kinds[last];
  if (k.kind === 'col' && globalsExcept(last)) return { kind: 'col', term: B.matmul(g, [k.term, B.transpose(g, B.matmul(g, f.slice(0, last)))]) };
  return notSeparable(n, 'mixes values per row with other factors in a way that is not a sum over the rows');
}
