/**
 * Jacobians from the VJP rules, so that a derivative is defined in one place (vjp.ts).
 *
 * For f of length k and a variable x of length n, reverse mode with a symbolic cotangent v
 * (a fresh k-vector) gives L(v) = Jᵀ v, an expression linear in v. Reading off the matrix of
 * that linear map (JAX's "transpose of a linear function", done symbolically) gives Jᵀ, and
 * J is its transpose. Reading off works bottom-up over L: every node u that depends on v gets
 * a `Linear` description of the map v ↦ u:
 *   - a vector or scalar u (length ℓ): the ℓ×k matrix M with vec(u) = M v;
 *   - a matrix u (r×c): a sum of terms of four kinds,
 *       col     (P v) sᵀ          P r×k, s c×1
 *       row     s (Q v)ᵀ          s r×1, Q c×k
 *       scaled  (m v) W           m 1×k, W r×c
 *       diag    P diag(M v) S     P r×ℓ, M ℓ×k, S ℓ×c (P, S absent for the identity)
 * which cover the cotangents reverse mode builds for matrix intermediates (outer products from
 * matrix products, scalings from traces, determinants and sums, diagonals from diag and ⊙).
 * A linear map outside these forms is refused by name (UnsupportedError), never approximated.
 */
import { add, diag, eye, hadamard, isZero, matmul, mul, ones, sum, tr, transpose, variable, zeros } from '../core/build';
import { Shape, describeShape, isColumn, isRow, isScalar, shape } from '../core/dims';
import { UnsupportedError } from '../core/errors';
import { Graph, Node, dependsOn, topoOrder } from '../core/graph';
import { backpropagate, dependence } from './reverse';

type Term =
  | { readonly kind: 'col'; readonly P: Node; readonly s: Node }
  | { readonly kind: 'row'; readonly s: Node; readonly Q: Node }
  | { readonly kind: 'scaled'; readonly m: Node; readonly W: Node }
  | { readonly kind: 'diag'; readonly P?: Node; readonly M: Node; readonly S?: Node };

type Linear = { readonly kind: 'vec'; readonly M: Node } | { readonly kind: 'mat'; readonly terms: readonly Term[] };

const isVectorLike = (s: Shape) => isScalar(s) || isColumn(s) || isRow(s);
const lengthOf = (s: Shape) => (isRow(s) ? s.cols : s.rows);
/** The column form of a vector (a row vector's transpose). */
const col = (g: Graph, u: Node) => (isRow(u.shape) ? transpose(g, u) : u);

/** The product of the factors that are present (absent = identity), or undefined if none is. */
function chain(g: Graph, factors: ReadonlyArray<Node | undefined>): Node | undefined {
  const present = factors.filter((f): f is Node => f !== undefined);
  return present.length === 0 ? undefined : present.length === 1 ? present[0] : matmul(g, present);
}
const chainOr = (g: Graph, factors: ReadonlyArray<Node | undefined>, fallback: Node) => chain(g, factors) ?? fallback;

function unsupported(what: string): never {
  throw new UnsupportedError(
    `the Jacobian needs the linear map of ${what}, which has no matrix form here`,
    undefined,
    'Jacobians cover vector intermediates and matrix intermediates reached through products, traces, sums, diag and ⊙ with a fixed matrix; reduce the expression, or take grad of a scalar function instead',
  );
}

// ---------- matrix terms to vector maps ----------

/** The matrix M with vec(u) = M v for a vector-shaped u described by one term. */
function termToVec(g: Graph, t: Term, u: Shape): Node {
  const asColumn = !isRow(u); // scalars read as columns
  switch (t.kind) {
    case 'col':
      return asColumn ? mul(g, [t.s, t.P]) : matmul(g, [t.s, t.P]); // s is 1×1 / P is 1×k
    case 'row':
      return asColumn ? matmul(g, [t.s, t.Q]) : mul(g, [t.s, t.Q]);
    case 'scaled':
      return matmul(g, [col(g, t.W), t.m]);
    case 'diag': {
      // P diag(d) s = P diag(s) d for a column s; the transpose of that for a row.
      if (asColumn) return chainOr(g, [t.P, t.S ? diag(g, t.S) : undefined, t.M], t.M);
      return chainOr(g, [t.S ? transpose(g, t.S) : undefined, t.P ? diag(g, transpose(g, t.P)) : undefined, t.M], t.M);
    }
  }
}

function toVec(g: Graph, lin: Linear, u: Shape): Node {
  if (lin.kind === 'vec') return lin.M;
  return add(
    g,
    lin.terms.map((t) => termToVec(g, t, u)),
  );
}

// ---------- one rule per op that linear cotangents are built from ----------

function transposed(g: Graph, lin: Linear): Linear {
  if (lin.kind === 'vec') return lin; // vec(uᵀ) = vec(u) for a vector u
  return {
    kind: 'mat',
    terms: lin.terms.map((t): Term => {
      switch (t.kind) {
        case 'col':
          return { kind: 'row', s: t.s, Q: t.P };
        case 'row':
          return { kind: 'col', P: t.Q, s: t.s };
        case 'scaled':
          return { kind: 'scaled', m: t.m, W: transpose(g, t.W) };
        case 'diag':
          return { kind: 'diag', P: t.S && transpose(g, t.S), M: t.M, S: t.P && transpose(g, t.P) };
      }
    }),
  };
}

/** c · u for a scalar c not depending on v. */
function scaledBy(g: Graph, c: Node[], lin: Linear): Linear {
  if (c.length === 0) return lin;
  const k = (n: Node) => mul(g, [...c, n]);
  if (lin.kind === 'vec') return { kind: 'vec', M: k(lin.M) };
  return {
    kind: 'mat',
    terms: lin.terms.map((t): Term => {
      switch (t.kind) {
        case 'col':
          return { kind: 'col', P: k(t.P), s: t.s };
        case 'row':
          return { kind: 'row', s: k(t.s), Q: t.Q };
        case 'scaled':
          return { kind: 'scaled', m: k(t.m), W: t.W };
        case 'diag':
          return { kind: 'diag', P: t.P, M: k(t.M), S: t.S };
      }
    }),
  };
}

/** A scalar s(v) (its 1×k map m) times a fixed W of u's shape. */
function broadcast(g: Graph, m: Node, W: Node, u: Shape): Linear {
  if (isVectorLike(u)) return { kind: 'vec', M: matmul(g, [col(g, W), m]) };
  return { kind: 'mat', terms: [{ kind: 'scaled', m, W }] };
}

function sumOf(g: Graph, parts: Linear[], u: Shape): Linear {
  if (isVectorLike(u))
    return {
      kind: 'vec',
      M: add(
        g,
        parts.map((p) => toVec(g, p, u)),
      ),
    };
  return { kind: 'mat', terms: parts.flatMap((p) => (p.kind === 'mat' ? p.terms : unsupported('a vector added to a matrix'))) };
}

/** u = P F S, F the one factor that depends on v. */
function product(g: Graph, P: Node | undefined, F: Node, lin: Linear, S: Node | undefined, u: Shape): Linear {
  if (lin.kind === 'vec' && !isRow(F.shape)) {
    // F a column: u = (P M v) S with S a row (1×c) or absent.
    const PM = chainOr(g, [P, lin.M], lin.M);
    if (!S) return { kind: 'vec', M: PM };
    if (isVectorLike(u)) return { kind: 'vec', M: isRow(u) ? matmul(g, [transpose(g, S), PM]) : mul(g, [S, PM]) };
    return { kind: 'mat', terms: [{ kind: 'col', P: PM, s: transpose(g, S) }] };
  }
  if (lin.kind === 'vec') {
    // F a row, F = (M v)ᵀ: u = P (Q v)ᵀ with Q = Sᵀ M and P a column (r×1) or absent.
    const Q = chainOr(g, [S && transpose(g, S), lin.M], lin.M);
    if (!P) return { kind: 'vec', M: Q };
    if (isVectorLike(u)) return { kind: 'vec', M: isRow(u) || isScalar(u) ? mul(g, [P, Q]) : matmul(g, [P, Q]) };
    return { kind: 'mat', terms: [{ kind: 'row', s: P, Q }] };
  }
  const PT = S && transpose(g, S);
  const terms = lin.terms.map((t): Term => {
    switch (t.kind) {
      case 'col':
        return { kind: 'col', P: chainOr(g, [P, t.P], t.P), s: chainOr(g, [PT, t.s], t.s) };
      case 'row':
        return { kind: 'row', s: chainOr(g, [P, t.s], t.s), Q: chainOr(g, [PT, t.Q], t.Q) };
      case 'scaled':
        return { kind: 'scaled', m: t.m, W: chainOr(g, [P, t.W, S], t.W) };
      case 'diag':
        return { kind: 'diag', P: chain(g, [P, t.P]), M: t.M, S: chain(g, [t.S, S]) };
    }
  });
  return isVectorLike(u)
    ? {
        kind: 'vec',
        M: add(
          g,
          terms.map((t) => termToVec(g, t, u)),
        ),
      }
    : { kind: 'mat', terms };
}

/** u = a ⊙ C, a the argument that depends on v, C the product of the others (fixed). */
function masked(g: Graph, lin: Linear, a: Node, C: Node, u: Shape): Linear {
  if (isScalar(a.shape) && !isScalar(u)) return broadcast(g, toVec(g, lin, a.shape), C, u);
  if (lin.kind === 'vec') return { kind: 'vec', M: isScalar(C.shape) ? mul(g, [C, lin.M]) : matmul(g, [diag(g, col(g, C)), lin.M]) };
  if (isScalar(C.shape)) return scaledBy(g, [C], lin);
  return {
    kind: 'mat',
    terms: lin.terms.map((t): Term => {
      switch (t.kind) {
        // (P v) sᵀ ⊙ C = diag(P v) C diag(s); s (Q v)ᵀ ⊙ C = diag(s) C diag(Q v).
        case 'col':
          return { kind: 'diag', M: t.P, S: matmul(g, [C, diag(g, t.s)]) };
        case 'row':
          return { kind: 'diag', P: matmul(g, [diag(g, t.s), C]), M: t.Q };
        case 'scaled':
          return { kind: 'scaled', m: t.m, W: hadamard(g, [t.W, C]) };
        case 'diag':
          if (t.P || t.S) unsupported('an elementwise product with a matrix that has a diagonal inside a product');
          return { kind: 'diag', M: matmul(g, [diag(g, diag(g, C)), t.M]) }; // diag(d) ⊙ C = diag(d ⊙ diag(C))
      }
    }),
  };
}

/** 1×k map of sum(u). */
function summed(g: Graph, lin: Linear, a: Node): Node {
  const onesOf = (len: Shape['rows']) => ones(g, shape(len, 1));
  if (lin.kind === 'vec') return isScalar(a.shape) ? lin.M : matmul(g, [transpose(g, onesOf(lengthOf(a.shape))), lin.M]);
  const rowOnes = transpose(g, onesOf(a.shape.rows));
  return add(
    g,
    lin.terms.map((t) => {
      switch (t.kind) {
        case 'col':
          return mul(g, [sum(g, t.s), matmul(g, [rowOnes, t.P])]);
        case 'row':
          return mul(g, [sum(g, t.s), matmul(g, [transpose(g, onesOf(a.shape.cols)), t.Q])]);
        case 'scaled':
          return mul(g, [sum(g, t.W), t.m]);
        case 'diag': {
          const left = t.P ? matmul(g, [transpose(g, t.P), onesOf(a.shape.rows)]) : undefined;
          const right = t.S ? matmul(g, [t.S, onesOf(a.shape.cols)]) : undefined;
          const w = left && right ? hadamard(g, [left, right]) : (left ?? right);
          return w ? matmul(g, [transpose(g, w), t.M]) : matmul(g, [transpose(g, onesOf(t.M.shape.rows)), t.M]);
        }
      }
    }),
  );
}

/** 1×k map of tr(u). */
function traced(g: Graph, lin: Linear): Node {
  if (lin.kind === 'vec') return lin.M; // a 1×1 "matrix"
  return add(
    g,
    lin.terms.map((t) => {
      switch (t.kind) {
        case 'col':
          return matmul(g, [transpose(g, t.s), t.P]);
        case 'row':
          return matmul(g, [transpose(g, t.s), t.Q]);
        case 'scaled':
          return mul(g, [tr(g, t.W), t.m]);
        case 'diag': {
          const SP = chain(g, [t.S, t.P]);
          return SP ? matmul(g, [transpose(g, diag(g, SP)), t.M]) : matmul(g, [transpose(g, ones(g, shape(t.M.shape.rows, 1))), t.M]);
        }
      }
    }),
  );
}

/** ℓ×k map of diag(u) (the diagonal of a square matrix u). */
function diagonal(g: Graph, lin: Linear): Node {
  if (lin.kind === 'vec') return lin.M;
  return add(
    g,
    lin.terms.map((t) => {
      switch (t.kind) {
        case 'col':
          return matmul(g, [diag(g, t.s), t.P]);
        case 'row':
          return matmul(g, [diag(g, t.s), t.Q]);
        case 'scaled':
          return matmul(g, [diag(g, t.W), t.m]);
        case 'diag': {
          // diag(P diag(d) S)_i = Σ_j P_ij d_j S_ji, so the map is (P ⊙ Sᵀ) M.
          if (!t.P && !t.S) return t.M;
          const w = t.P && t.S ? hadamard(g, [t.P, transpose(g, t.S)]) : (t.P ?? transpose(g, t.S!));
          return t.P && t.S ? matmul(g, [w, t.M]) : matmul(g, [diag(g, diag(g, w)), t.M]);
        }
      }
    }),
  );
}

/** The linear map of node u from those of its arguments (`lin` has one entry per dependent argument). */
function linearOf(g: Graph, u: Node, lin: ReadonlyMap<Node, Linear>): Linear {
  const dependent = u.args.map((a, i) => [a, i] as const).filter(([a]) => lin.has(a));
  const only = () => {
    if (dependent.length !== 1) unsupported(`${u.op} of several terms that depend on the cotangent (not linear)`);
    return dependent[0];
  };
  switch (u.op) {
    case 'transpose':
      return transposed(g, lin.get(u.args[0])!);
    case 'add': {
      if (dependent.length !== u.args.length && u.args.some((a) => !lin.has(a) && !isZero(a)))
        unsupported('a sum with a term that does not depend on the cotangent (affine, not linear)');
      const parts = dependent.map(([a]) =>
        isScalar(a.shape) && !isScalar(u.shape) ? broadcast(g, toVec(g, lin.get(a)!, a.shape), ones(g, u.shape), u.shape) : lin.get(a)!,
      );
      return sumOf(g, parts, u.shape);
    }
    case 'mul': {
      const [a, i] = only();
      const others = u.args.filter((_, j) => j !== i);
      if (!isScalar(a.shape) || isScalar(u.shape)) return scaledBy(g, others, lin.get(a)!);
      return broadcast(g, toVec(g, lin.get(a)!, a.shape), mul(g, others), u.shape);
    }
    case 'matmul': {
      const [a, i] = only();
      return product(g, chain(g, u.args.slice(0, i)), a, lin.get(a)!, chain(g, u.args.slice(i + 1)), u.shape);
    }
    case 'hadamard': {
      const [a, i] = only();
      return masked(
        g,
        lin.get(a)!,
        a,
        hadamard(
          g,
          u.args.filter((_, j) => j !== i),
        ),
        u.shape,
      );
    }
    case 'sum':
      return { kind: 'vec', M: summed(g, lin.get(u.args[0])!, u.args[0]) };
    case 'tr':
      return { kind: 'vec', M: traced(g, lin.get(u.args[0])!) };
    case 'diagv':
      return { kind: 'vec', M: diagonal(g, lin.get(u.args[0])!) };
    case 'diagm':
      return { kind: 'mat', terms: [{ kind: 'diag', M: toVec(g, lin.get(u.args[0])!, u.args[0].shape) }] };
    default:
      return unsupported(`${u.op} applied to the cotangent (reverse mode builds only linear cotangents; this is a bug)`);
  }
}

/**
 * The Jacobian of a vector or scalar `f` (length k) wrt a vector or scalar variable `x` (length n):
 * a k×n matrix (1×n for a scalar f, k×1 for a scalar x). Callers check the shapes of f and x.
 */
export function jacobianFromVjp(g: Graph, f: Node, x: Node): Node {
  const k = lengthOf(f.shape);
  const n = x.shape.rows;
  // A cotangent variable whose name no program can declare, so it cannot meet a user's variable.
  const v = variable(g, `#cotangent${f.id}`, shape(k, 1));
  const L = backpropagate(g, f, isRow(f.shape) ? transpose(g, v) : v, x);
  if (!L) return zeros(g, shape(k, n));
  const order = topoOrder([L]);
  const dep = dependence(order, v);
  const lin = new Map<Node, Linear>();
  for (const u of order) {
    if (!dep.get(u)) continue;
    lin.set(u, u === v ? { kind: 'vec', M: eye(g, k) } : linearOf(g, u, lin));
  }
  const linL = lin.get(L);
  if (!linL) {
    // The contributions cancelled exactly (c·v − c·v): the Jacobian is zero. Anything else that
    // does not mention v would be affine in the cotangent, which reverse mode never builds.
    if (isZero(L)) return zeros(g, shape(k, n));
    throw new Error('internal: the cotangent of the variable does not depend on the seed');
  }
  const M = toVec(g, linL, L.shape); // n×k: L = M v
  if (dependsOn(M, v.name!)) throw new Error('internal: the Jacobian still mentions the cotangent variable');
  const J = transpose(g, M);
  if (J.shape.rows !== k || J.shape.cols !== n) throw new Error(`internal: the Jacobian came out ${describeShape(J.shape)}, expected ${k}×${n}`);
  return J;
}
