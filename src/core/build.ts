/**
 * Smart constructors: the only way nodes are made. They check shapes (throwing ShapeError
 * with a message a person can act on) and do only cheap, always-valid normalization:
 * flatten n-ary sums and products, sort commutative arguments, fold numeric literals,
 * collect like terms with exact coefficients, drop identities, pull scalars out of matrix
 * products, push transposes down to the leaves. Nothing here changes a domain
 * (no `x * x^-1 -> 1`); those identities belong to the simplifier.
 */
import { Dim, SCALAR, Shape, describeShape, dimProduct, isColumn, isScalar, isSquare, sameShape, shape, transposed } from './dims';
import { MatdiffError, ShapeError } from './errors';
import { Graph, Node, VarDomain } from './graph';
import { ElementwiseOp, ELEMENTWISE } from './ops';
import { compareNodes } from './order';
import { ONE, Rational, ZERO, isInteger, rat } from './rational';

const byOrder = (a: Node, b: Node) => compareNodes(a, b);

// ---------- leaves ----------

export const num = (g: Graph, v: Rational | number): Node => g.intern('const', [], SCALAR, { value: typeof v === 'number' ? rat(v) : v });

export const dimSymbol = (g: Graph, name: string): Node => g.intern('dim', [], SCALAR, { name });

/** A dimension as a scalar expression: a literal for numbers, a `dim` node for symbols. */
export const dimValue = (g: Graph, d: Dim): Node => (typeof d === 'number' ? num(g, d) : dimSymbol(g, d));

export function variable(g: Graph, name: string, s: Shape, symmetric = false, domain?: VarDomain): Node {
  if (symmetric && !isSquare(s)) throw new Error(`internal: symmetric variable ${name} is not square`);
  const attrs = symmetric && !isScalar(s) ? { name, symmetric: true } : { name };
  return g.intern('var', [], s, domain ? { ...attrs, domain } : attrs);
}

export const zeros = (g: Graph, s: Shape): Node => (isScalar(s) ? num(g, 0) : g.intern('zeros', [], s));
export const ones = (g: Graph, s: Shape): Node => (isScalar(s) ? num(g, 1) : g.intern('ones', [], s));
export const eye = (g: Graph, n: Dim): Node => (n === 1 ? num(g, 1) : g.intern('eye', [], shape(n, n)));

export const isZero = (n: Node): boolean => n.op === 'zeros' || (n.op === 'const' && n.value!.equals(0));
export const isOne = (n: Node): boolean => n.op === 'const' && n.value!.equals(1);
export const constValue = (n: Node): Rational | undefined => (n.op === 'const' ? n.value : undefined);

// ---------- sums ----------

/** Split a term into an exact coefficient and the rest: `3*x` -> [3, x], `7` -> [7, undefined]. */
export function splitCoefficient(g: Graph, n: Node): [Rational, Node | undefined] {
  if (n.op === 'const') return [n.value!, undefined];
  if (n.op === 'mul' && n.args[0].op === 'const') {
    const rest = n.args.slice(1);
    return [n.args[0].value!, rest.length === 1 ? rest[0] : g.intern('mul', rest, n.shape)];
  }
  return [ONE, n];
}

/** The shape of an elementwise combination: same shapes, or scalars broadcast. */
/**
 * What would make a matrix and a vector of its rows (or columns) combine: the vector repeated
 * along the other side, written as an outer product with ones (a bias per column: c * ones(m)').
 */
function broadcastHint(p: Shape, q: Shape, opText: string): string | undefined {
  const isMatrix = (s: Shape) => s.rows !== 1 && s.cols !== 1;
  const mat = isMatrix(p) ? p : isMatrix(q) ? q : undefined;
  const vec = isColumn(p) ? p : isColumn(q) ? q : undefined;
  if (!mat || !vec) return undefined;
  const sign = opText === 'add' ? '+' : '.*';
  if (vec.rows === mat.rows)
    return `a vector is not repeated along the columns by itself: for a vector c used in every column, write c * ones(${mat.cols})' (X ${sign} c * ones(${mat.cols})')`;
  if (vec.rows === mat.cols)
    return `a vector is not repeated along the rows by itself: for a vector c used in every row, write ones(${mat.rows}) * c' (X ${sign} ones(${mat.rows}) * c')`;
  return undefined;
}

function broadcastShape(args: readonly Node[], opText: string): Shape {
  let out: Node | undefined;
  for (const a of args) {
    if (isScalar(a.shape)) continue;
    if (!out) out = a;
    else if (!sameShape(out.shape, a.shape))
      throw new ShapeError(
        `cannot ${opText} ${describeShape(out.shape)} and ${describeShape(a.shape)}`,
        undefined,
        broadcastHint(out.shape, a.shape, opText) ??
          `both sides of ${opText === 'add' ? '+ and -' : '.* and ./'} must have the same shape, or one side must be a scalar`,
      );
  }
  return out ? out.shape : SCALAR;
}

export function add(g: Graph, args: readonly Node[]): Node {
  let flat: Node[] = [];
  for (const a of args)
    if (a.op === 'add') flat.push(...a.args);
    else flat.push(a);
  const s = broadcastShape(flat, 'add');
  flat = mergeDiagonals(g, flat);
  // Collect like terms: coefficient per distinct rest, in first-seen order.
  const coef = new Map<Node | undefined, Rational>();
  for (const t of flat) {
    if (isZero(t)) continue;
    const [c, rest] = splitCoefficient(g, t);
    coef.set(rest, (coef.get(rest) ?? ZERO).add(c));
  }
  const terms: Node[] = [];
  for (const [rest, c] of coef) {
    if (c.equals(0)) continue;
    terms.push(rest === undefined ? num(g, c) : c.equals(1) ? rest : mul(g, [num(g, c), rest]));
  }
  if (terms.length === 0) return zeros(g, s);
  if (terms.length === 1) {
    const t = terms[0];
    return sameShape(t.shape, s) ? t : mul(g, [t, ones(g, s)]);
  }
  // Only scalars left (the non-scalar terms cancelled): their sum, broadcast. Interning them
  // as an add of the non-scalar shape would collide with the scalar add of the same terms.
  if (!isScalar(s) && terms.every((t) => isScalar(t.shape))) return mul(g, [add(g, terms), ones(g, s)]);
  terms.sort(byOrder);
  return g.intern('add', terms, s);
}

/** The vector u of a term `s * diag(u)` scaled into it (`s .* u`), or undefined. */
function diagonalOf(g: Graph, t: Node): Node | undefined {
  if (t.op === 'diagm') return t.args[0];
  const last = t.args[t.args.length - 1];
  if (t.op === 'mul' && last?.op === 'diagm') return mul(g, [...t.args.slice(0, -1), last.args[0]]);
  return undefined;
}

/** diag(u) + s*diag(v) = diag(u + s*v): sums of diagonal matrices stay one diagonal matrix. */
function mergeDiagonals(g: Graph, terms: Node[]): Node[] {
  const diagonals: Node[] = [];
  const others: Node[] = [];
  for (const t of terms) {
    const u = diagonalOf(g, t);
    if (u) diagonals.push(u);
    else others.push(t);
  }
  if (diagonals.length < 2) return terms;
  return [...others, diag(g, add(g, diagonals))];
}

export const neg = (g: Graph, a: Node): Node => mul(g, [num(g, -1), a]);
export const sub = (g: Graph, a: Node, b: Node): Node => add(g, [a, neg(g, b)]);

// ---------- products ----------

/**
 * Commutative product of scalars, scaling at most one non-scalar factor.
 * Canonical layout: [coefficient?, ...sorted scalar factors, non-scalar factor?].
 */
export function mul(g: Graph, args: readonly Node[]): Node {
  let c = ONE;
  const scalars: Node[] = [];
  let mat: Node | undefined;
  const visit = (a: Node) => {
    if (a.op === 'mul') return a.args.forEach(visit);
    if (a.op === 'const') c = c.mul(a.value!);
    else if (isScalar(a.shape)) scalars.push(a);
    else if (mat) throw new Error('internal: mul of two non-scalars; use matmul or hadamard');
    else mat = a;
  };
  args.forEach(visit);
  const s = mat ? mat.shape : SCALAR;
  if (c.equals(0) || (mat && isZero(mat))) return zeros(g, s);
  scalars.sort(byOrder);
  const parts = c.equals(1) ? scalars : [num(g, c), ...scalars];
  if (mat) parts.push(mat);
  if (parts.length === 0) return num(g, 1);
  if (parts.length === 1) return parts[0];
  return g.intern('mul', parts, s);
}

/** Split a node into its scalar factors and its non-scalar part (if any). */
function splitScaling(n: Node): [Node[], Node | undefined] {
  if (isScalar(n.shape)) return [[n], undefined];
  if (n.op === 'mul') return [n.args.slice(0, -1), n.args[n.args.length - 1]];
  return [[], n];
}

/** Matrix product chain. Scalars factor out to the front; eye() factors drop. */
export function matmul(g: Graph, args: readonly Node[]): Node {
  for (let i = 0; i + 1 < args.length; i++) {
    const l = args[i].shape;
    const r = args[i + 1].shape;
    if (isScalar(l) || isScalar(r)) continue; // scaling, not a product
    if (l.cols !== r.rows)
      throw new ShapeError(
        `cannot multiply ${describeShape(l)} by ${describeShape(r)}: inner dimensions ${l.cols} and ${r.rows} differ`,
        undefined,
        innerProductHint(l, r),
      );
  }
  const scalars: Node[] = [];
  const chain: Node[] = [];
  for (const a of args) {
    const [sc, m] = splitScaling(a);
    scalars.push(...sc);
    if (!m) continue;
    if (m.op === 'matmul') chain.push(...m.args);
    else chain.push(m);
  }
  if (chain.length === 0) return mul(g, scalars);
  const s = shape(chain[0].shape.rows, chain[chain.length - 1].shape.cols);
  if (chain.some(isZero)) return zeros(g, s);
  // diag(u) * diag(v) = diag(u .* v): products of diagonal matrices stay one diagonal matrix.
  const kept: Node[] = [];
  for (const f of chain) {
    if (f.op === 'eye') continue;
    const prev = kept[kept.length - 1];
    if (f.op === 'diagm' && prev?.op === 'diagm') kept[kept.length - 1] = diag(g, hadamard(g, [prev.args[0], f.args[0]]));
    else kept.push(f);
  }
  // 𝟏𝟏ᵀ (a column of ones times a row of ones) is the matrix of ones (so 𝟏𝟏ᵀ ⊙ X is X).
  if (kept.length === 2 && kept[0].op === 'ones' && kept[1].op === 'ones' && kept[0].shape.cols === 1 && kept[1].shape.rows === 1)
    return mul(g, [...scalars, ones(g, s)]);
  const body = kept.length === 0 ? chain[0] : kept.length === 1 ? kept[0] : g.intern('matmul', kept, s);
  return mul(g, [...scalars, body]);
}

function innerProductHint(l: Shape, r: Shape): string {
  if (l.rows === r.rows && isColumn(l) && isColumn(r)) return "for an inner product of two vectors write u' * v";
  if (l.rows === r.rows) return "did you mean to transpose the left factor (X' * Y)?";
  if (l.cols === r.cols) return "did you mean to transpose the right factor (X * Y')?";
  return 'the columns of the left factor must match the rows of the right factor';
}

/** The surface `*`: scaling when either side is a scalar, else a matrix product. */
export const times = (g: Graph, a: Node, b: Node): Node => (isScalar(a.shape) || isScalar(b.shape) ? mul(g, [a, b]) : matmul(g, [a, b]));

export function div(g: Graph, a: Node, b: Node): Node {
  if (!isScalar(b.shape))
    throw new ShapeError(
      `cannot divide by ${describeShape(b.shape)}: / divides by a scalar only`,
      undefined,
      'use ./ for elementwise division, or inv(X) for a matrix inverse',
    );
  return mul(g, [a, pow(g, b, num(g, -1))]);
}

export function hadamard(g: Graph, args: readonly Node[]): Node {
  const s = broadcastShape(args, 'multiply elementwise');
  const scalars: Node[] = [];
  const mats: Node[] = [];
  const visit = (a: Node) => {
    const [sc, m] = splitScaling(a);
    scalars.push(...sc);
    if (!m) return;
    if (m.op === 'hadamard') m.args.forEach(visit);
    else if (m.op !== 'ones') mats.push(m);
  };
  args.forEach(visit);
  if (mats.some(isZero)) return zeros(g, s);
  if (mats.length === 0) return isScalar(s) ? mul(g, scalars) : mul(g, [...scalars, ones(g, s)]);
  mats.sort(byOrder);
  const body = mats.length === 1 ? mats[0] : g.intern('hadamard', mats, s);
  return mul(g, [...scalars, body]);
}

export const ediv = (g: Graph, a: Node, b: Node): Node => {
  broadcastShape([a, b], 'divide elementwise');
  return hadamard(g, [a, epow(g, b, num(g, -1))]);
};

// ---------- powers ----------

function requireScalar(n: Node, what: string, hint: string): void {
  if (!isScalar(n.shape)) throw new ShapeError(`${what} must be a scalar, not ${describeShape(n.shape)}`, undefined, hint);
}

/** Fold b^p only while the exact result stays small (2^(2^22) would take seconds and megabytes). */
function smallPower(b: Rational, p: Rational): boolean {
  const bits = Math.max(b.n.toString(2).length, b.d.toString(2).length);
  return bits * Math.abs(p.valueOf()) <= 4096;
}

/**
 * 0 to a negative power (a division by an expression that is identically zero, 0/0 included)
 * is undefined for every input; folding it on would let 0 * 0^-1 become 0, a number for an
 * undefined expression.
 */
function refuseZeroToNegative(base: Node, p: Rational | undefined): void {
  if (isZero(base) && p !== undefined && p.compare(0) < 0)
    throw new MatdiffError(
      'domain',
      'division by zero: the divisor is identically 0, so the expression is undefined for every input',
      undefined,
      'check the divisor (after like terms cancel, c - c is 0); a power with a negative exponent needs a nonzero base',
    );
}

export function pow(g: Graph, base: Node, exponent: Node): Node {
  requireScalar(base, 'the base of ^', 'use .^ for an elementwise power of a vector or matrix');
  requireScalar(exponent, 'the exponent of ^', 'an exponent is a scalar expression');
  const p = constValue(exponent);
  refuseZeroToNegative(base, p);
  if (p?.equals(0)) return num(g, 1);
  if (p?.equals(1)) return base;
  const b = constValue(base);
  if (b && p && isInteger(p) && !(b.equals(0) && p.compare(0) < 0) && smallPower(b, p)) return num(g, b.pow(p));
  // (b^q)^p = b^(qp) for integer p wherever the left side is defined.
  if (base.op === 'pow' && p && isInteger(p) && base.args[1].op === 'const') return pow(g, base.args[0], num(g, base.args[1].value!.mul(p)));
  return g.intern('pow', [base, exponent], SCALAR);
}

export function epow(g: Graph, base: Node, exponent: Node): Node {
  requireScalar(exponent, 'the exponent of .^', 'an elementwise power raises every entry to the same scalar');
  if (isScalar(base.shape)) return pow(g, base, exponent);
  const p = constValue(exponent);
  refuseZeroToNegative(base, p);
  if (p?.equals(0)) return ones(g, base.shape);
  if (p?.equals(1)) return base;
  if (base.op === 'epow' && p && isInteger(p) && base.args[1].op === 'const') return epow(g, base.args[0], num(g, base.args[1].value!.mul(p)));
  return g.intern('epow', [base, exponent], base.shape);
}

// ---------- transpose ----------

/** Cheap, conservative symmetry test: true only when the node is certainly symmetric. */
export function isSymmetric(n: Node, depth = 0): boolean {
  if (!isSquare(n.shape)) return false;
  if (isScalar(n.shape) || n.symmetric || n.op === 'eye' || n.op === 'diagm') return true;
  if (n.op === 'zeros' || n.op === 'ones') return true;
  if (depth > 8) return false;
  switch (n.op) {
    case 'add':
    case 'hadamard':
      return n.args.every((a) => isSymmetric(a, depth + 1));
    case 'mul':
      return isSymmetric(n.args[n.args.length - 1], depth + 1);
    case 'inv':
    case 'epow':
      return isSymmetric(n.args[0], depth + 1);
    default:
      return false;
  }
}

/** The arguments whose transposes `transpose(a)` is built from (none where it stops). */
function transposeInputs(a: Node): readonly Node[] {
  if (isScalar(a.shape) || isSymmetric(a)) return [];
  switch (a.op) {
    case 'matmul':
    case 'add':
    case 'hadamard':
      return a.args;
    case 'mul':
      return [a.args[a.args.length - 1]];
    case 'epow':
      return [a.args[0]];
    // softmax(v)ᵀ = softmax(vᵀ) for a vector; a matrix's transpose would normalize rows instead.
    case 'softmax':
      return isColumn(a.shape) || a.shape.rows === 1 ? [a.args[0]] : [];
    case 'kron':
    case 'max':
    case 'min':
      return a.args;
    default:
      return isElementwiseNode(a) ? [a.args[0]] : [];
  }
}

/** One step of pushing a transpose down, given the transposes `t` of `transposeInputs(a)`. */
function transposeStep(g: Graph, a: Node, t: (n: Node) => Node): Node {
  if (isScalar(a.shape) || isSymmetric(a)) return a;
  switch (a.op) {
    case 'transpose':
      return a.args[0];
    case 'zeros':
      return zeros(g, transposed(a.shape));
    case 'ones':
      return ones(g, transposed(a.shape));
    case 'matmul':
      return matmul(g, a.args.map(t).reverse());
    case 'add':
      return add(g, a.args.map(t));
    case 'hadamard':
      return hadamard(g, a.args.map(t));
    case 'mul':
      return mul(g, [...a.args.slice(0, -1), t(a.args[a.args.length - 1])]);
    case 'epow':
      return epow(g, t(a.args[0]), a.args[1]);
    case 'softmax':
      return isColumn(a.shape) || a.shape.rows === 1 ? softmax(g, t(a.args[0])) : g.intern('transpose', [a], transposed(a.shape));
    case 'kron':
      return kron(g, t(a.args[0]), t(a.args[1])); // (A ⊗ B)ᵀ = Aᵀ ⊗ Bᵀ
    case 'max':
    case 'min':
      return extremum(g, a.op, t(a.args[0]), t(a.args[1]));
    case 'commutation':
      return commutation(g, a.args[1], a.args[0]); // K(m, n)ᵀ = K(n, m)
    default:
      if (isElementwiseNode(a)) return elementwise(g, a.op as ElementwiseOp, t(a.args[0]));
      return g.intern('transpose', [a], transposed(a.shape));
  }
}

/**
 * Transpose, pushed down to the leaves. Iterative (deep expressions must not overflow the
 * stack) and memoized in the graph (transposing a deep expression again costs nothing).
 */
export function transpose(g: Graph, a: Node): Node {
  const memo = g.transposes;
  const stack = [a];
  while (stack.length) {
    const n = stack[stack.length - 1];
    if (memo.has(n)) {
      stack.pop();
      continue;
    }
    const pending = transposeInputs(n).filter((c) => !memo.has(c));
    if (pending.length) {
      stack.push(...pending);
      continue;
    }
    stack.pop();
    memo.set(
      n,
      transposeStep(g, n, (c) => memo.get(c)!),
    );
  }
  return memo.get(a)!;
}

const ELEMENTWISE_SET = new Set<string>(ELEMENTWISE);
const isElementwiseNode = (n: Node) => ELEMENTWISE_SET.has(n.op);

// ---------- functions ----------

export function elementwise(g: Graph, op: ElementwiseOp, x: Node): Node {
  const c = constValue(x);
  if (
    c?.equals(0) &&
    (op === 'sin' || op === 'tan' || op === 'tanh' || op === 'sqrt' || op === 'abs' || op === 'sign' || op === 'log1p' || op === 'expm1' || op === 'relu')
  )
    return num(g, 0);
  if (c?.equals(0) && (op === 'exp' || op === 'cos')) return num(g, 1);
  if (c?.equals(1) && op === 'log') return num(g, 0);
  return g.intern(op, [x], x.shape);
}

function requireSquare(x: Node, fn: string): void {
  if (!isSquare(x.shape))
    throw new ShapeError(`${fn} needs a square matrix, not ${describeShape(x.shape)}`, undefined, `${fn} is defined for n×n matrices only`);
}

export function sum(g: Graph, x: Node): Node {
  if (isScalar(x.shape)) return x;
  if (x.op === 'ones') return mul(g, [dimValue(g, x.shape.rows), dimValue(g, x.shape.cols)]);
  const [sc, m] = splitScaling(x);
  if (sc.length) return mul(g, [...sc, sum(g, m!)]);
  if (x.op === 'transpose') return sum(g, x.args[0]);
  return g.intern('sum', [x], SCALAR);
}

export function tr(g: Graph, x: Node): Node {
  requireSquare(x, 'tr');
  if (isScalar(x.shape)) return x;
  if (x.op === 'eye') return dimValue(g, x.shape.rows);
  const [sc, m] = splitScaling(x);
  if (sc.length) return mul(g, [...sc, tr(g, m!)]);
  if (x.op === 'transpose') return tr(g, x.args[0]);
  if (x.op === 'add')
    return add(
      g,
      x.args.map((t) => (isScalar(t.shape) ? mul(g, [t, dimValue(g, x.shape.rows)]) : tr(g, t))),
    );
  return g.intern('tr', [x], SCALAR);
}

export function det(g: Graph, x: Node): Node {
  requireSquare(x, 'det');
  if (isScalar(x.shape)) return x;
  if (x.op === 'eye') return num(g, 1);
  if (x.op === 'transpose') return det(g, x.args[0]);
  return g.intern('det', [x], SCALAR);
}

export function logdet(g: Graph, x: Node): Node {
  requireSquare(x, 'logdet');
  if (isScalar(x.shape)) return elementwise(g, 'log', x);
  if (x.op === 'eye') return num(g, 0);
  if (x.op === 'transpose') return logdet(g, x.args[0]);
  return g.intern('logdet', [x], SCALAR);
}

export function inv(g: Graph, x: Node): Node {
  requireSquare(x, 'inv');
  if (isScalar(x.shape)) return pow(g, x, num(g, -1));
  if (x.op === 'eye') return x;
  if (x.op === 'inv') return x.args[0];
  const [sc, m] = splitScaling(x);
  if (sc.length) return mul(g, [pow(g, mul(g, sc), num(g, -1)), inv(g, m!)]);
  return g.intern('inv', [x], x.shape);
}

/** diag(v) of a column vector is the diagonal matrix; diag(X) of a square matrix is its diagonal. */
export function diag(g: Graph, x: Node): Node {
  if (isScalar(x.shape)) return x;
  if (isColumn(x.shape)) {
    const [sc, v] = splitScaling(x); // diag(s*u) = s*diag(u): scalars stay outside, like in products
    if (sc.length) return mul(g, [...sc, diag(g, v!)]);
    if (x.op === 'ones') return eye(g, x.shape.rows);
    return g.intern('diagm', [x], shape(x.shape.rows, x.shape.rows));
  }
  if (isSquare(x.shape)) {
    const [sc, m] = splitScaling(x);
    if (sc.length) return mul(g, [...sc, diag(g, m!)]);
    if (x.op === 'diagm') return x.args[0];
    if (x.op === 'eye') return ones(g, shape(x.shape.rows, 1));
    return g.intern('diagv', [x], shape(x.shape.rows, 1));
  }
  throw new ShapeError(
    `diag needs a column vector or a square matrix, not ${describeShape(x.shape)}`,
    undefined,
    "diag(v) builds a diagonal matrix from a vector; diag(X) takes the diagonal of a square matrix; transpose a row vector first (diag(v'))",
  );
}

export const norm2 = (g: Graph, x: Node): Node => (isScalar(x.shape) ? elementwise(g, 'abs', x) : g.intern('norm2', [x], SCALAR));
export const norm1 = (g: Graph, x: Node): Node => (isScalar(x.shape) ? elementwise(g, 'abs', x) : g.intern('norm1', [x], SCALAR));
export const logsumexp = (g: Graph, x: Node): Node => (isScalar(x.shape) ? x : g.intern('logsumexp', [x], SCALAR));
export const softmax = (g: Graph, x: Node): Node => (isScalar(x.shape) ? num(g, 1) : g.intern('softmax', [x], x.shape));

// ---------- max and min ----------

/** max(a, b) or min(a, b), elementwise; a scalar broadcasts; max(a, a) is a; constants fold. */
export function extremum(g: Graph, op: 'max' | 'min', a: Node, b: Node): Node {
  const s = broadcastShape([a, b], op);
  if (a === b) return a;
  const [ca, cb] = [constValue(a), constValue(b)];
  if (ca && cb) return num(g, (op === 'max' ? ca.compare(cb) >= 0 : ca.compare(cb) <= 0) ? ca : cb);
  return g.intern(op, [a, b], s);
}

// ---------- vec layout ----------

/** The size of a dimension scalar (a `dim` symbol or a positive integer constant), as a Dim. */
function dimOf(n: Node, fn: string): Dim {
  if (n.op === 'dim') return n.name!;
  const v = constValue(n);
  if (v && v.d === 1n && v.compare(0) > 0) return Number(v.n);
  throw new ShapeError(`${fn} needs dimensions: positive integers or dimension symbols`, undefined, `write e.g. ${fn}(m, n)`);
}

/**
 * The Kronecker product A ⊗ B (the block matrix [a_ij B]). A scalar factor is a scaling; ones
 * of either side is the other repeated, but kept as a product (the layouts differ).
 */
export function kron(g: Graph, a: Node, b: Node): Node {
  if (isScalar(a.shape) || isScalar(b.shape)) return mul(g, [a, b]);
  const [sa, ma] = splitScaling(a);
  const [sb, mb] = splitScaling(b);
  if (sa.length || sb.length) return mul(g, [...sa, ...sb, kron(g, ma!, mb!)]);
  if (a.op === 'eye' && b.op === 'eye') return eye(g, dimProduct(a.shape.rows, b.shape.rows));
  return g.intern('kron', [a, b], shape(dimProduct(a.shape.rows, b.shape.rows), dimProduct(a.shape.cols, b.shape.cols)));
}

/** vec(X): X's columns stacked, an (r·c)-vector; a column is its own vec, a row's vec is its transpose. */
export function vec(g: Graph, x: Node): Node {
  if (x.shape.cols === 1) return x;
  if (x.shape.rows === 1) return transpose(g, x);
  const [sc, m] = splitScaling(x);
  if (sc.length) return mul(g, [...sc, vec(g, m!)]);
  if (x.op === 'ones' || x.op === 'zeros') return (x.op === 'ones' ? ones : zeros)(g, shape(dimProduct(x.shape.rows, x.shape.cols), 1));
  return g.intern('vec', [x], shape(dimProduct(x.shape.rows, x.shape.cols), 1));
}

/** The commutation matrix K(m, n) (mn×mn): K(m, n) vec(X) = vec(Xᵀ) for X m×n. K(1, n) = K(m, 1) = I. */
export function commutation(g: Graph, m: Node, n: Node): Node {
  const r = dimOf(m, 'commutation');
  const c = dimOf(n, 'commutation');
  if (r === 1 || c === 1) return eye(g, dimProduct(r, c));
  const size = dimProduct(r, c);
  return g.intern('commutation', [dimValue(g, r), dimValue(g, c)], shape(size, size));
}

/** dot(u, v) = u' * v for vectors (sum of u .* v for matrices). */
export function dot(g: Graph, u: Node, v: Node): Node {
  if (!sameShape(u.shape, v.shape))
    throw new ShapeError(
      `dot needs two arguments of the same shape, not ${describeShape(u.shape)} and ${describeShape(v.shape)}`,
      undefined,
      'dot(u, v) is the inner product of two vectors of equal length',
    );
  if (isScalar(u.shape)) return mul(g, [u, v]);
  if (isColumn(u.shape)) return matmul(g, [transpose(g, u), v]);
  return sum(g, hadamard(g, [u, v]));
}
