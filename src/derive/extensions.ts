/**
 * Calculus in the notation: `grad(f, x)`, `hessian(f, x)` and `jacobian(f, x)` as parser
 * extensions, so they compose with everything else (`x - t * grad(J, x)`, or a line of a hand
 * derivation such as `jacobian(log(sigmoid(A*x)), x)' * b`). Each is `derive`'s result:
 * simplified and verified by default, raw on request.
 */
import { MatdiffError, Span } from '../core/errors';
import { Graph, Node } from '../core/graph';
import type { Extension } from '../parse';
import { sameShape } from '../core/dims';
import { DerivativeKind, derive, deriveAlong } from './index';

const DERIVATIVES: Record<DerivativeKind, { readonly describe: string }> = {
  grad: { describe: 'grad(f, x): the gradient of scalar f with respect to a declared variable x' },
  hessian: { describe: 'hessian(f, x): the Hessian of scalar f with respect to a declared vector x' },
  jacobian: { describe: 'jacobian(f, x): the Jacobian of vector f with respect to a declared vector x' },
};

const KINDS = Object.keys(DERIVATIVES) as readonly DerivativeKind[];
const HVP = "hvp(f, x, v): the Hessian-vector product of scalar f wrt x along v (v of x's shape), in matrix form";

/** The calculus functions of the notation: grad, hessian, jacobian and hvp. */
export const CALCULUS_FUNCTIONS: readonly string[] = [...KINDS, 'hvp'];

/** What each calculus function computes, for help texts. */
export const calculusDescription = (name: string): string => (name === 'hvp' ? HVP : DERIVATIVES[name as DerivativeKind].describe);

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

/** hvp(f, x, v): the Hessian-vector product D(∇f)(x)[v] in matrix form, v of x's shape. */
function hvpExtension(simplified: boolean): Extension {
  return {
    arity: 3,
    describe: HVP,
    apply(g: Graph, [f, x, v]: Node[], [fSpan, xSpan, vSpan]: Span[]): Node {
      if (x.op !== 'var')
        throw new MatdiffError('usage', 'hvp is taken with respect to a declared variable, and this argument is not one', xSpan, 'write e.g. hvp(J, x, v)');
      if (!sameShape(v.shape, x.shape))
        throw new MatdiffError('shape', `the direction of hvp must have the shape of ${x.name}`, vSpan, `declare it like ${x.name}`);
      try {
        return deriveAlong(g, 'hvp', f, x, v, { simplify: simplified }).node;
      } catch (err) {
        if (err instanceof MatdiffError) throw err.at(fSpan);
        throw err;
      }
    },
  };
}

/** The extensions map for parseProgram/parseExpression: grad, hessian, jacobian and hvp. */
export function calculusExtensions(opts: { readonly simplify?: boolean } = {}): ReadonlyMap<string, Extension> {
  const simplified = opts.simplify ?? true;
  return new Map([...KINDS.map((n) => [n, extension(n, simplified)] as const), ['hvp', hvpExtension(simplified)] as const]);
}
