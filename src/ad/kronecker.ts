/**
 * Matrix-by-matrix derivatives in vec layout (Magnus–Neudecker): the Jacobian of F (p×q) wrt
 * X (m×n) is the pq×mn matrix ∂vec(F)/∂vec(X), vec stacking columns. Read off the differential:
 * forward mode gives dF as an expression linear in dX, and each way dX can sit in it has a
 * Kronecker form,
 *
 *   vec(P dX Q) = (Qᵀ ⊗ P) vec(dX)      vec(dXᵀ) = K(m, n) vec(dX)
 *   vec(Y ⊙ dX) = diag(vec(Y)) vec(dX)  vec(s W) = vec(W) ds,  tr(dX) = vec(I)ᵀ vec(dX),
 *
 * applied bottom-up over dF. A linear map outside these forms (through diag, a Kronecker
 * product, …) is refused by name, with the directional forms that always exist offered instead;
 * never approximated.
 */
import { add, commutation, diag, dimValue, eye, hadamard, kron, matmul, mul, ones, transpose, variable, vec, zeros } from '../core/build';
import { Shape, dimProduct, isScalar, shape } from '../core/dims';
import { UnsupportedError } from '../core/errors';
import { Graph, Node, topoOrder } from '../core/graph';
import { jvp } from './forward';
import { dependence } from './reverse';

/** The number of entries of a shape, as a dimension. */
const size = (s: Shape) => dimProduct(s.rows, s.cols);

function refuse(what: string, x: Node): never {
  throw new UnsupportedError(
    `the derivative wrt ${x.name} goes through ${what}, which has no Kronecker form here`,
    undefined,
    `ask for a Hessian-vector product or a directional derivative (D f(${x.name})[V], in matrix form) instead`,
  );
}

/** The product of `factors` (an identity of size `n` when there are none). */
const productOr = (g: Graph, factors: readonly Node[], n: Shape['rows']): Node => (factors.length ? matmul(g, factors) : eye(g, n));

/**
 * ∂vec(f)/∂vec(x), |f|×|x|, for any f and a matrix, vector or scalar variable x (a vector's vec
 * is itself, so for vectors this is the ordinary Jacobian).
 */
export function vecJacobian(g: Graph, f: Node, x: Node): Node {
  if (x.symmetric || x.domain === 'diagonal')
    refuse(`a ${x.domain === 'diagonal' ? 'diagonal' : 'symmetric'} variable (its entries are not free, so ∂vec(f)/∂vec(${x.name}) is not unique)`, x);
  // A direction no program can name, so it cannot meet a user's variable.
  const dx = variable(g, `#direction${x.id}`, x.shape);
  const d = jvp(g, f, x, dx);
  const width = size(x.shape);
  if (!d) return zeros(g, shape(size(f.shape), width));
  const order = topoOrder([d]);
  const moving = dependence(order, dx);
  const J = new Map<Node, Node>();
  const of = (u: Node) => J.get(u)!;
  for (const u of order) {
    if (!moving.get(u)) continue;
    J.set(u, u === dx ? eye(g, width) : readOff(g, u, moving, of, x));
  }
  return J.get(d)!;
}

/** ∂vec(u)/∂vec(x) from the Jacobians of u's arguments (`of`), for a u linear in the direction. */
function readOff(g: Graph, u: Node, moving: ReadonlyMap<Node, boolean>, of: (a: Node) => Node, x: Node): Node {
  const live = u.args.map((a, i) => ({ a, i })).filter(({ a }) => moving.get(a));
  const terms = (term: (a: Node, i: number) => Node) => {
    const parts = live.map(({ a, i }) => term(a, i));
    return parts.length === 1 ? parts[0] : add(g, parts);
  };
  switch (u.op) {
    case 'add':
      // A scalar broadcast over the sum: every entry moves with it.
      return terms((a) => (isScalar(a.shape) && !isScalar(u.shape) ? matmul(g, [ones(g, shape(size(u.shape), 1)), of(a)]) : of(a)));
    case 'mul':
      return terms((a, i) => {
        const others = u.args.filter((_, j) => j !== i);
        const rest = others.length ? mul(g, others) : undefined;
        if (!isScalar(a.shape) || isScalar(u.shape)) return rest ? mul(g, [rest, of(a)]) : of(a);
        return matmul(g, [vec(g, rest!), of(a)]); // vec(s W) = vec(W) ds
      });
    case 'matmul':
      return terms((a, i) => {
        const P = productOr(g, u.args.slice(0, i), a.shape.rows);
        const Q = productOr(g, u.args.slice(i + 1), a.shape.cols);
        return matmul(g, [kron(g, transpose(g, Q), P), of(a)]); // vec(P A Q) = (Qᵀ ⊗ P) vec(A)
      });
    case 'hadamard':
      return terms((a, i) => {
        const Y = hadamard(
          g,
          u.args.filter((_, j) => j !== i),
        );
        return isScalar(a.shape) && !isScalar(u.shape) ? matmul(g, [vec(g, Y), of(a)]) : matmul(g, [diag(g, vec(g, Y)), of(a)]);
      });
    case 'transpose': {
      const [a] = u.args;
      return matmul(g, [commutation(g, dimValue(g, a.shape.rows), dimValue(g, a.shape.cols)), of(a)]);
    }
    case 'sum':
      return matmul(g, [transpose(g, ones(g, shape(size(u.args[0].shape), 1))), of(u.args[0])]);
    case 'tr':
      return matmul(g, [transpose(g, vec(g, eye(g, u.args[0].shape.rows))), of(u.args[0])]);
    case 'vec':
      return of(u.args[0]);
    default:
      return refuse(u.op === 'diagm' || u.op === 'diagv' ? 'diag' : u.op, x);
  }
}
