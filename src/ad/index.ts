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
import { MatdiffError, ShapeError } from '../core/errors';
import { Graph, Node } from '../core/graph';
import { rat } from '../core/rational';
import { jvp } from './forward';
import { jacobianFromVjp } from './jacobian';
import { vecJacobian } from './kronecker';
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
 * The Jacobian of `f` wrt variable `x`. For a vector (k×1) or scalar f and a vector (n×1) x:
 * the k×n matrix of d f_i / d x_j (1×n for scalar f). Wrt a scalar, f may be a matrix: its
 * derivative df/dx, of f's shape. With a matrix on either side: ∂vec(f)/∂vec(x) in vec layout
 * (columns stacked), in Kronecker form (kronecker.ts), e.g. jacobian(A*X*B, X) = kron(B', A).
 */
export function jacobian(g: Graph, f: Node, x: Node): Node {
  requireArgs('jacobian', g, f, x);
  requireVariable(x, 'a Jacobian');
  if (isScalar(x.shape)) return derivativeWrtScalar(g, f, x);
  if (isVector(x.shape) && (isVector(f.shape) || isRow(f.shape))) return jacobianFromVjp(g, f, x);
  return vecJacobian(g, f, x);
}

/**
 * The Hessian of scalar `f` wrt `x`: jacobian(grad(f, x), x): n×n for a vector x, and for a
 * matrix X (m×n) the mn×mn matrix ∂vec(∇f)/∂vec(X) (e.g. kron(eye(n), A + A') for tr(X'AX)).
 */
export function hessian(g: Graph, f: Node, x: Node): Node {
  requireArgs('hessian', g, f, x);
  requireVariable(x, 'a Hessian');
  return jacobian(g, grad(g, f, x), x);
}
