/**
 * The differential of an expression written out the way a textbook does it (Magnus–Neudecker):
 * start from d f, and expand one rule at a time, outermost first, until only dx is left.
 *
 * A pending differential d(u) is a placeholder: a variable of u's shape that stands for d(u)
 * inside an ordinary expression, so lines are ordinary nodes the printers and the evaluator
 * already handle. Every expansion uses the JVP table (src/ad/jvp.ts), the same rules the
 * forward sweep uses, so a fully expanded line is exactly the forward-mode differential.
 * Steps that are linear in the differential (d(U + V), d(AU), d(Uᵀ), d sum U, ...) are taken
 * together in one line, as a person does; each nonlinear rule (product rule, chain rule
 * through log, σ, inv, logdet, ...) gets a line of its own, applied to every place it fits.
 */
import { variable } from '../core/build';
import { Graph, Node, mapBottomUp, topoOrder } from '../core/graph';
import { Op } from '../core/ops';
import { rebuild } from '../core/rebuild';
import { JVP } from '../ad/jvp';
import { dependence } from '../ad/reverse';

/** The placeholders of one derivation: which variable stands for d(u). */
export class Differentials {
  private readonly byTarget = new Map<Node, Node>();
  private readonly byPlaceholder = new Map<Node, Node>();

  constructor(
    private readonly g: Graph,
    /** The variable differentiated wrt: d(x) is shown as dx and never expanded. */
    readonly x: Node,
  ) {}

  /** The placeholder standing for d(u). */
  of(u: Node): Node {
    let p = this.byTarget.get(u);
    if (!p) {
      // The variable's own differential keeps its structure (symmetric, diagonal), so random
      // directions are drawn from its tangent space.
      const isX = u === this.x;
      p = variable(this.g, `dplh${u.id}`, u.shape, isX && !!u.symmetric, isX && u.domain === 'diagonal' ? 'diagonal' : undefined);
      this.byTarget.set(u, p);
      this.byPlaceholder.set(p, u);
    }
    return p;
  }

  /** What placeholder `p` stands for the differential of, or undefined for an ordinary node. */
  target(p: Node): Node | undefined {
    return this.byPlaceholder.get(p);
  }

  /** The placeholder for dx. */
  get dx(): Node {
    return this.of(this.x);
  }

  /** Every placeholder and its target. */
  entries(): IterableIterator<[Node, Node]> {
    return this.byPlaceholder.entries();
  }
}

/** One expansion step: the rule applied and the whole line after it. */
export interface DifferentialLine {
  /** 'linearity', or the op whose rule was applied (with 'product' for a product rule). */
  readonly rule: DifferentialRule;
  /** The ops the linearity step went through (for its label). */
  readonly through: readonly Op[];
  readonly expr: Node;
}

/** `product`: more than one argument moves (the product rule, or a power whose exponent moves). */
export type DifferentialRule = { readonly kind: 'linearity' } | { readonly kind: 'rule'; readonly op: Op; readonly product: boolean };

/** How many arguments of u move with x. */
const movingArgs = (u: Node, dep: Map<Node, boolean>) => u.args.filter((a) => dep.get(a)).length;

/** Is d(u) linear in the differentials of its arguments, here (only one factor of a product moves)? */
function isLinearHere(u: Node, dep: Map<Node, boolean>): boolean {
  switch (u.op) {
    case 'add':
    case 'transpose':
    case 'sum':
    case 'tr':
    case 'diagm':
    case 'diagv':
    case 'vec':
      return true;
    case 'mul':
    case 'matmul':
    case 'hadamard':
    case 'kron':
      return movingArgs(u, dep) === 1;
    default:
      return false;
  }
}

/** The placeholders in `expr` that still wait for expansion (not dx), outermost first. */
function pending(expr: Node, d: Differentials): Node[] {
  const out: Node[] = [];
  for (const n of topoOrder([expr])) {
    const u = d.target(n);
    if (u && u !== d.x) out.push(n);
  }
  return out.sort((p, q) => d.target(q)!.id - d.target(p)!.id);
}

/** d(u) one rule deep: the JVP rule over the placeholders of u's moving arguments. */
function expandOnce(g: Graph, u: Node, d: Differentials, dep: Map<Node, boolean>): Node | undefined {
  const dargs = u.args.map((a) => (dep.get(a) ? d.of(a) : undefined));
  return JVP[u.op]({ g, node: u, dargs });
}

/** `expr` with each placeholder in `replace` swapped for its expansion (zero terms dropped). */
function substitute(g: Graph, expr: Node, replace: ReadonlyMap<Node, Node | undefined>, zeroOf: (p: Node) => Node): Node {
  return mapBottomUp(expr, (n, args) => {
    if (replace.has(n)) return replace.get(n) ?? zeroOf(n);
    return rebuild(g, n, args);
  });
}

/**
 * The lines of d f, from the first expansion to the line where only dx is left. `zeroOf` gives
 * the zero of a placeholder's shape (a term whose differential vanishes).
 */
export function expandDifferential(g: Graph, f: Node, d: Differentials, zeroOf: (p: Node) => Node): DifferentialLine[] {
  const dep = dependence(topoOrder([f]), d.x);
  const lines: DifferentialLine[] = [];
  let expr = d.of(f);
  if (f === d.x) return lines;
  for (let guard = 0; guard < 10_000; guard++) {
    // All linear steps at once, repeated until none is left.
    const through = new Set<Op>();
    let linear = pending(expr, d).filter((p) => isLinearHere(d.target(p)!, dep));
    while (linear.length) {
      const replace = new Map<Node, Node | undefined>();
      for (const p of linear) {
        const u = d.target(p)!;
        through.add(u.op);
        replace.set(p, expandOnce(g, u, d, dep));
      }
      expr = substitute(g, expr, replace, zeroOf);
      linear = pending(expr, d).filter((p) => isLinearHere(d.target(p)!, dep));
    }
    if (through.size) lines.push({ rule: { kind: 'linearity' }, through: [...through], expr });
    const left = pending(expr, d);
    if (left.length === 0) return lines;
    // The outermost nonlinear rule, applied everywhere it fits in this line.
    const first = d.target(left[0])!;
    const product = movingArgs(first, dep) > 1;
    const same = left.filter((p) => {
      const u = d.target(p)!;
      return u.op === first.op && movingArgs(u, dep) > 1 === product;
    });
    expr = substitute(g, expr, new Map(same.map((p) => [p, expandOnce(g, d.target(p)!, d, dep)])), zeroOf);
    lines.push({ rule: { kind: 'rule', op: first.op, product }, through: [], expr });
  }
  throw new Error('internal: the differential did not finish expanding');
}
