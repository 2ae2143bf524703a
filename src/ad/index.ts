/**
 * Symbolic differentiation: gradients by reverse mode, Jacobians and Hessians of vectors.
 * The results are new nodes in the same graph, built only through the smart constructors:
 * nothing here simplifies (the API chains `simplify` after these when asked).
 *
 * Convention for a variable declared `symmetric(n)`: its gradient is the gradient in the space of
 * symmetric matrices, the symmetric part (G + Gᵀ)/2 of the unconstrained gradient G. It is the
 * unique symmetric matrix D with <D, E> = df(S)[E] for every symmetric direction E, so
 * grad(logdet(S), S) = inv(S) and grad(tr(A*S), S) = (A + Aᵀ)/2. A variable declared
 * `diagonal(n)` has only its diagonal free: its gradient is diag(diag(G)) = I ⊙ G, the gradient
 * wrt the diagonal entries laid out as a diagonal matrix. `orthogonal(n)` variables get the
 * ambient (Euclidean) gradient G, not the Riemannian one. See docs/gradients.md.
 */
import { requireGraph, requireNode, requireOwned } from '../core/args';
import { add, diag, mul, num, transpose, zeros } from '../core/build';
import { Shape, describeShape, isColumn, isRow, isScalar } from '../core/dims';
import { MatdiffError, ShapeError, UnsupportedError } from '../core/errors';
import { Graph, Node } from '../core/graph';
import { rat } from '../core/rational';
import { jvp } from './forward';
import { jacobianFromVjp } from './jacobian';
import { backpropagate } from './reverse';

export { backpropagate } from './reverse';
export { differentials, jvp } from './forward';
export { JVP } from './jvp';
export type { JvpRule, JvpInput } from './jvp';
export { VJP } from './vjp';
export type { VjpRule, VjpInput } from './vjp';

/** `vector(m) (m×1)`: a shape named the way the user wrote it and as rows×cols. */
function shapeText(s: Shape): string {
  const d = describeShape(s);
  return d.includes('×') || isScalar(s) ? d : `${d} (${s.rows}×${s.cols})`;
}

function requireVariable(x: Node, what: string): void {
  if (x.op !== 'var')
    throw new MatdiffError(
      'usage',
      `${what} is taken with respect to a declared variable, not a ${x.op} expression`,
      undefined,
      'name a variable from the declarations, e.g. --wrt x',
    );
}

/** The gradient of scalar `f` wrt variable `x`: an expression of x's shape. */
/** The library's argument checks for (g, f, x): a graph and two of its nodes. */
function requireArgs(what: string, g: Graph, f: Node, x: Node): void {
  requireGraph(g, `${what}: the graph`);
  requireNode(f, `${what}: the expression`);
  requireNode(x, `${what}: the variable`);
  requireOwned(g, f, `${what}: the expression`);
  requireOwned(g, x, `${what}: the variable`);
}

export function grad(g: Graph, f: Node, x: Node): Node {
  requireArgs('grad', g, f, x);
  requireVariable(x, 'a gradient');
  if (!isScalar(f.shape))
    throw new ShapeError(
      `grad needs a scalar expression; this one is ${shapeText(f.shape)}`,
      undefined,
      "reduce it to a scalar first (sum(...), norm2(...), u' * (...)), or ask for its jacobian",
    );
  const G = backpropagate(g, f, num(g, 1), x) ?? zeros(g, x.shape);
  // A diagonal variable moves only along its diagonal: the gradient wrt its free entries, laid
  // out as a diagonal matrix (I ⊙ G). Checked before symmetric, which diagonal variables also are.
  if (x.domain === 'diagonal') return diag(g, diag(g, G));
  // Gradient in the space of symmetric matrices: the symmetric part of the unconstrained one.
  return x.symmetric ? mul(g, [num(g, rat(1, 2)), add(g, [G, transpose(g, G)])]) : G;
}

const isVector = (s: Shape) => isScalar(s) || isColumn(s);

/**
 * The derivative of any `f` wrt a scalar variable t, by forward mode: df/dt, of f's shape (a
 * matrix for a matrix f: d/dt inv(M(t)) = −M⁻¹ (dM/dt) M⁻¹). A vector or row f gives its
 * Jacobian as a column (k×1), as `jacobian` lays it out.
 */
function derivativeWrtScalar(g: Graph, f: Node, t: Node): Node {
  const d = jvp(g, f, t, num(g, 1)) ?? zeros(g, f.shape);
  return isRow(f.shape) ? transpose(g, d) : d;
}

/**
 * The Jacobian of a vector (k×1) or scalar `f` wrt a vector (n×1) or scalar variable `x`:
 * the k×n matrix of d f_i / d x_j (1×n for scalar f, k×1 for scalar x). Wrt a scalar, f may
 * be a matrix: its derivative df/dx, a matrix of f's shape.
 */
export function jacobian(g: Graph, f: Node, x: Node): Node {
  requireArgs('jacobian', g, f, x);
  requireVariable(x, 'a Jacobian');
  if (isScalar(x.shape)) return derivativeWrtScalar(g, f, x);
  if (!isVector(x.shape))
    throw new UnsupportedError(
      `the Jacobian wrt ${x.name}, a ${shapeText(x.shape)}, is not supported`,
      undefined,
      'Jacobians are taken wrt a vector or scalar variable; for a scalar function of a matrix use grad',
    );
  if (!isVector(f.shape) && !isRow(f.shape))
    throw new ShapeError(
      `jacobian needs a vector or scalar expression; this one is ${shapeText(f.shape)}`,
      undefined,
      'the Jacobian of a matrix-valued expression would be a 4-tensor',
    );
  return jacobianFromVjp(g, f, x);
}

/** The Hessian of scalar `f` wrt a vector or scalar variable `x`: jacobian(grad(f, x), x), n×n. */
export function hessian(g: Graph, f: Node, x: Node): Node {
  requireArgs('hessian', g, f, x);
  requireVariable(x, 'a Hessian');
  if (!isVector(x.shape))
    throw new UnsupportedError(
      `the Hessian wrt ${x.name}, a ${shapeText(x.shape)}, is not supported: the Hessian wrt a matrix is a 4-tensor`,
      undefined,
      'take the Hessian wrt a vector or scalar variable',
    );
  return jacobian(g, grad(g, f, x), x);
}
