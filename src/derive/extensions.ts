/**
 * Calculus in the notation: `grad(f, x)`, `hessian(f, x)` and `jacobian(f, x)` as parser
 * extensions, so they compose with everything else (`x - t * grad(J, x)`, or a line of a hand
 * derivation such as `jacobian(log(sigmoid(A*x)), x)' * b`). Each is `derive`'s result:
 * simplified and verified by default, raw on request.
 */
import { MatdiffError, Span } from '../core/errors';
import { Graph, Node } from '../core/graph';
import type { Extension } from '../parse';
import { DerivativeKind, derive } from './index';

const DERIVATIVES: Record<DerivativeKind, { readonly describe: string }> = {
  grad: { describe: 'grad(f, x): the gradient of scalar f with respect to a declared variable x' },
  hessian: { describe: 'hessian(f, x): the Hessian of scalar f with respect to a declared vector x' },
  jacobian: { describe: 'jacobian(f, x): the Jacobian of vector f with respect to a declared vector x' },
};

export const CALCULUS_FUNCTIONS = Object.keys(DERIVATIVES) as readonly DerivativeKind[];

/** What grad, hessian or jacobian computes, for help texts. */
export const calculusDescription = (name: DerivativeKind): string => DERIVATIVES[name].describe;

function extension(name: DerivativeKind, simplified: boolean): Extension {
  const { describe } = DERIVATIVES[name];
  return {
    arity: 2,
    describe,
    apply(g: Graph, [f, x]: Node[], [fSpan, xSpan]: Span[]): Node {
      if (x.op !== 'var')
        throw new MatdiffError(
          'usage',
          `${name} is taken with respect to a declared variable, and this argument is not one`,
          xSpan,
          `write e.g. ${name}(J, x) where x is declared (x : vector(n))`,
        );
      try {
        return derive(g, name, f, x, { simplify: simplified }).node;
      } catch (err) {
        // Errors about f (not a scalar, not differentiable, no domain) point at f.
        if (err instanceof MatdiffError) throw err.at(fSpan);
        throw err;
      }
    },
  };
}

/** The extensions map for parseProgram/parseExpression. */
export function calculusExtensions(opts: { readonly simplify?: boolean } = {}): ReadonlyMap<string, Extension> {
  const simplified = opts.simplify ?? true;
  return new Map(CALCULUS_FUNCTIONS.map((n) => [n, extension(n, simplified)]));
}
