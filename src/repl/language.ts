/**
 * Calculus in the notation: `grad(f, x)`, `hessian(f, x)` and `jacobian(f, x)` as parser
 * extensions, so they compose with everything else (`x - t * grad(J, x)`). Results are
 * simplified by default; `:trace` asks for them raw and simplifies the whole expression itself.
 */
import { grad, hessian, jacobian } from '../ad';
import { MatdiffError, Span } from '../core/errors';
import { Graph, Node } from '../core/graph';
import type { Extension } from '../parse';
import { simplify } from '../simplify';

type Derivative = (g: Graph, f: Node, x: Node) => Node;

const DERIVATIVES: Record<'grad' | 'hessian' | 'jacobian', { fn: Derivative; describe: string }> = {
  grad: { fn: grad, describe: 'grad(f, x): the gradient of scalar f with respect to a declared variable x' },
  hessian: { fn: hessian, describe: 'hessian(f, x): the Hessian of scalar f with respect to a declared vector x' },
  jacobian: { fn: jacobian, describe: 'jacobian(f, x): the Jacobian of vector f with respect to a declared vector x' },
};

export const CALCULUS_FUNCTIONS = Object.keys(DERIVATIVES) as ReadonlyArray<keyof typeof DERIVATIVES>;

function extension(name: keyof typeof DERIVATIVES, simplified: boolean): Extension {
  const { fn, describe } = DERIVATIVES[name];
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
      let d: Node;
      try {
        d = fn(g, f, x);
      } catch (err) {
        // Errors about f (not a scalar, not differentiable) point at f.
        if (err instanceof MatdiffError) throw err.at(fSpan);
        throw err;
      }
      return simplified ? simplify(g, d) : d;
    },
  };
}

/** The extensions map for parseProgram/parseExpression. */
export function calculusExtensions(opts: { simplify?: boolean } = {}): ReadonlyMap<string, Extension> {
  const simplified = opts.simplify ?? true;
  return new Map(CALCULUS_FUNCTIONS.map((n) => [n, extension(n, simplified)]));
}
