/**
 * Derivatives as people receive them: the raw reverse-mode result, simplified to textbook form,
 * and verified against the raw result before it is returned (verify.ts). This is the one place
 * the CLI, the REPL, the library and the compiler get a derivative from, so none of them can
 * hand out a simplified formula that was not checked.
 */
import { grad, hessian, jacobian, jvp } from '../ad';
import { zeros } from '../core/build';
import { sameShape } from '../core/dims';
import { MatdiffError } from '../core/errors';
import { requireOneOf, requireOptions } from '../core/args';
import { Graph, Node } from '../core/graph';
import { Step, simplifyTraced } from '../simplify';
import { VerifyOptions, verifySimplification } from './verify';

export { VerificationError, verifySimplification } from './verify';
export type { VerifyOptions } from './verify';

export type DerivativeKind = 'grad' | 'hessian' | 'jacobian';

const KINDS: readonly DerivativeKind[] = ['grad', 'hessian', 'jacobian'];

export const DERIVATIVES: Record<DerivativeKind, (g: Graph, f: Node, x: Node) => Node> = { grad, hessian, jacobian };

export interface DeriveOptions {
  /** Simplify to textbook form (default true). */
  readonly simplify?: boolean;
  /**
   * Check the simplified result against the raw one on random instances (default true). Off
   * only for callers that verify some other way (a benchmark of the simplifier itself).
   */
  readonly verify?: boolean | VerifyOptions;
}

export interface Derivation {
  /** The derivative exactly as reverse mode built it. */
  readonly raw: Node;
  /** What to show: simplified and verified (or `raw` when simplification is off). */
  readonly node: Node;
  /** The rules that made `node` from `raw`, in order. */
  readonly steps: readonly Step[];
}

/** The `kind` derivative of `f` wrt variable `x`, simplified and verified unless told otherwise. */
export function derive(g: Graph, kind: DerivativeKind, f: Node, x: Node, opts: DeriveOptions = {}): Derivation {
  requireOneOf(kind, KINDS, 'derive: the kind of derivative');
  requireOptions(opts, 'derive: the options');
  return simplifiedAndVerified(g, f, DERIVATIVES[kind](g, f, x), opts);
}

/** `raw` simplified, and checked against itself on instances from f's domain, unless told otherwise. */
function simplifiedAndVerified(g: Graph, f: Node, raw: Node, opts: DeriveOptions): Derivation {
  if (opts.simplify === false) return { raw, node: raw, steps: [] };
  const { node, steps } = simplifyTraced(g, raw);
  if (opts.verify !== false) verifySimplification(g, [f], raw, node, steps, typeof opts.verify === 'object' ? opts.verify : {});
  return { raw, node, steps };
}

/** Derivatives along a direction v, in matrix form: they never leave the shapes of f and x. */
export type DirectionalKind = 'hvp' | 'directional';

const ALONG: Record<DirectionalKind, (g: Graph, f: Node, x: Node, v: Node) => Node> = {
  // D(∇f)(x)[v]: the Hessian-vector product, without forming the Hessian (forward over reverse).
  hvp: (g, f, x, v) => jvp(g, grad(g, f, x), x, v) ?? zeros(g, x.shape),
  // df(x)[v], of f's shape.
  directional: (g, f, x, v) => jvp(g, f, x, v) ?? zeros(g, f.shape),
};

/**
 * The Hessian-vector product D(∇f)(x)[v] or the directional derivative df(x)[v] of `f` wrt
 * variable `x` along `v` (an expression of x's shape), simplified and verified like `derive`.
 */
export function deriveAlong(g: Graph, kind: DirectionalKind, f: Node, x: Node, v: Node, opts: DeriveOptions = {}): Derivation {
  requireOneOf(kind, ['hvp', 'directional'] as const, 'deriveAlong: the kind of derivative');
  requireOptions(opts, 'deriveAlong: the options');
  if (!sameShape(v.shape, x.shape))
    throw new MatdiffError(
      'shape',
      `the direction must have the shape of ${x.name ?? 'the variable'}`,
      undefined,
      'declare the direction like the variable, e.g. V : matrix(n, k) for X : matrix(n, k)',
    );
  return simplifiedAndVerified(g, f, ALONG[kind](g, f, x, v), opts);
}
