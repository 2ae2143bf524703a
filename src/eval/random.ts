/**
 * Random test instances: a seeded PRNG, random dimension sizes, and random data for the
 * variables of an expression, drawn from the real domain of the whole expression.
 *
 * Every draw is rejection-sampled: the expressions are evaluated and the draw is kept only if
 * every value is finite. Draws come in two kinds:
 * - free: every entry standard normal, both signs. Where the expression is defined for inputs of
 *   both signs (sqrt(x.^2), log(t^2), (t^2)^(3/2)) this is what tells t from |t|, so free draws
 *   are tried first.
 * - demanded: data that meets demands found by walking the expression top-down, for domains a
 *   free draw rarely hits (log of a 6-vector is defined on 1/64 of the normal draws):
 *   "positive" under log, sqrt, a non-integer or variable power, a negative power, unless the
 *   argument is non-negative by construction (x.^2, abs, exp, norms: see `nonNegative`);
 *   "invertible" under det, logdet and inv. Demands pass down through operations that keep them.
 * Square variables under det/logdet/inv always get well-conditioned data: symmetric variables
 * symmetric positive definite data (eigenvalues >= 1); other square variables S + K with S
 * positive definite and K skew-symmetric: not symmetric (so a missing transpose shows),
 * det > 0 and every singular value >= 1.
 * A declared domain is the variable's whole domain, so its draws never leave it: spd(n) positive
 * definite, diagonal(n) zero off the diagonal, orthogonal(n) the Q of a Gaussian matrix's QR
 * factorization (det +1 when det > 0 is needed), simplex(k[, m]) positive columns normalized to
 * sum to one, positive in [0.5, 2].
 * Values can be given for some variables (they are used as given) and some can be asked for as
 * 0/1 labels (`labels`): no variable is ever treated as a label because of its name.
 * When no draw is finite the expression has no domain the sampler can find, which is a
 * MatdiffError naming the subexpression that stayed undefined; inputs or intermediates too
 * large to allocate are refused before any allocation.
 */
import { Dim, Shape, dimSizeWith, dimSymbols, isSquare } from '../core/dims';
import { MatdiffError } from '../core/errors';
import { Graph, Node, VarDomain, topoOrder } from '../core/graph';
import { isInteger } from '../core/rational';
import { printText } from '../print';
import { evaluateAll, evaluateOrder } from './reference';
import { Env, Tensor, tensor } from './tensor';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  uniform(lo: number, hi: number): number;
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  normal(): number;
}

/** mulberry32: small, fast, and good enough for test data. */
export function makeRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor((hi - lo + 1) * next()),
    normal: () => {
      const u = 1 - next(); // (0, 1]
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
  };
  return rng;
}

/** Distinct sizes >= 2 for the dimension symbols, so a missing transpose or a swapped dimension shows. */
export function randomSizes(dims: Iterable<string>, rng: Rng, max = 6): Map<string, number> {
  const names = [...new Set(dims)];
  const pool: number[] = [];
  for (let s = 2; s <= Math.max(max, names.length + 1); s++) pool.push(s);
  const out = new Map<string, number>();
  for (const name of names) out.set(name, pool.splice(rng.int(0, pool.length - 1), 1)[0]);
  return out;
}

type Demand = 'positive' | 'invertible';

const isEvenInteger = (p: Node) => p.op === 'const' && isInteger(p.value!) && p.value!.n % 2n === 0n;

/** For each node of `order` (children first): are its entries >= 0 for every input? */
export function nonNegative(order: readonly Node[]): Map<Node, boolean> {
  const out = new Map<Node, boolean>();
  const all = (n: Node) => n.args.every((a) => out.get(a));
  for (const n of order) {
    let v: boolean;
    switch (n.op) {
      case 'const':
        v = n.value!.compare(0) >= 0;
        break;
      case 'dim':
      case 'ones':
      case 'zeros':
      case 'eye':
        v = true;
        break;
      case 'var':
        v = n.domain === 'simplex' || n.domain === 'positive';
        break; // diagonal and orthogonal have both signs
      case 'abs':
      case 'exp':
      case 'sigmoid':
      case 'softplus':
      case 'sqrt':
      case 'norm1':
      case 'norm2':
      case 'softmax':
      case 'relu':
        v = true;
        break;
      case 'pow':
      case 'epow':
        v = isEvenInteger(n.args[1]) || !!out.get(n.args[0]);
        break;
      case 'add':
      case 'mul':
      case 'hadamard':
      case 'matmul':
      case 'transpose':
      case 'sum':
      case 'tr':
      case 'diagm':
      case 'diagv':
        v = all(n);
        break;
      default:
        v = false;
    }
    out.set(n, v);
  }
  return out;
}

/** Demands each variable's data must meet, by name. */
export function domainDemands(roots: readonly Node[]): Map<string, Set<Demand>> {
  const order = topoOrder(roots);
  const nonNeg = nonNegative(order);
  const demands = new Map<Node, Set<Demand>>();
  const push = (n: Node, d: Demand) => {
    const s = demands.get(n);
    if (s) s.add(d);
    else demands.set(n, new Set([d]));
  };
  for (let k = order.length - 1; k >= 0; k--) {
    const n = order[k];
    // What n's own op asks of its arguments (nothing of an argument that is never negative).
    const positive = (a: Node) => !nonNeg.get(a) && push(a, 'positive');
    switch (n.op) {
      case 'log':
      case 'sqrt':
      case 'log1p':
        positive(n.args[0]);
        break; // log1p needs > −1: positive is enough
      case 'det':
      case 'logdet':
      case 'inv':
        push(n.args[0], 'invertible');
        break;
      case 'pow':
      case 'epow': {
        const p = n.args[1];
        if (!(p.op === 'const' && isInteger(p.value!) && p.value!.compare(0) >= 0)) positive(n.args[0]);
        break;
      }
    }
    // Demands placed on n pass down through ops that preserve them.
    const mine = demands.get(n);
    if (!mine) continue;
    if (mine.has('positive') && !nonNeg.get(n)) {
      switch (n.op) {
        case 'transpose':
        case 'add':
        case 'hadamard':
        case 'matmul':
        case 'diagm':
        case 'diagv':
        case 'sum':
        case 'tr':
          n.args.forEach((a) => push(a, 'positive'));
          break;
        case 'mul':
          if (n.args[0].op !== 'const' || n.args[0].value!.compare(0) > 0) n.args.forEach((a) => push(a, 'positive'));
          break;
        case 'pow':
        case 'epow':
          push(n.args[0], 'positive');
          break;
        case 'det':
        case 'logdet':
          push(n.args[0], 'invertible');
          break;
      }
    }
    if (mine.has('invertible')) {
      switch (n.op) {
        case 'transpose':
        case 'inv':
          push(n.args[0], 'invertible');
          break;
        case 'add': // a sum of positive definite matrices is positive definite
          n.args.forEach((a) => isSquare(a.shape) && push(a, 'invertible'));
          break;
        case 'mul':
          if (n.args[0].op !== 'const' || n.args[0].value!.compare(0) > 0) push(n.args[n.args.length - 1], 'invertible');
          break;
      }
    }
  }
  const out = new Map<string, Set<Demand>>();
  for (const [n, d] of demands) if (n.op === 'var') out.set(n.name!, new Set([...(out.get(n.name!) ?? []), ...d]));
  return out;
}

/** Every dimension symbol the expressions mention, in shapes or as `dim` scalars. */
export function dimensionSymbols(roots: readonly Node[]): string[] {
  const out = new Set<string>();
  for (const n of topoOrder(roots)) {
    dimSymbols(n.shape).forEach((d) => out.add(d));
    if (n.op === 'dim') out.add(n.name!);
  }
  return [...out];
}

const size = (d: Dim, sizes: ReadonlyMap<string, number>) => dimSizeWith(d, (symbol) => sizes.get(symbol))!;

function fill(rows: number, cols: number, f: () => number): Tensor {
  const t = tensor(rows, cols);
  for (let i = 0; i < t.data.length; i++) t.data[i] = f();
  return t;
}

/** B Bᵀ/n + I, with B positive when positive entries are wanted too. */
function positiveDefinite(n: number, rng: Rng, positive: boolean): Tensor {
  const b = fill(n, n, positive ? () => rng.uniform(0.2, 1) : () => rng.normal());
  const s = tensor(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let v = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) v += (b.data[i * n + k] * b.data[j * n + k]) / n;
      s.data[i * n + j] = v;
    }
  return s;
}

function symmetricPart(t: Tensor): Tensor {
  const n = t.rows;
  const out = tensor(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out.data[i * n + j] = (t.data[i * n + j] + t.data[j * n + i]) / 2;
  return out;
}

/** A rows×cols matrix whose every column is a probability vector (entries > 0 summing to one). */
function stochasticColumns(rows: number, cols: number, rng: Rng): Tensor {
  const t = fill(rows, cols, () => rng.uniform(0.05, 1));
  for (let j = 0; j < cols; j++) {
    let total = 0;
    for (let i = 0; i < rows; i++) total += t.data[i * cols + j];
    for (let i = 0; i < rows; i++) t.data[i * cols + j] /= total;
  }
  return t;
}

/**
 * A diagonal matrix, zero off the diagonal. Free draws have diagonal entries of both signs; when
 * the expression needs it invertible (logdet: det > 0) or positive, the entries are in [0.5, 2].
 */
function diagonalValue(n: number, rng: Rng, demands: ReadonlySet<Demand>): Tensor {
  const away = demands.has('invertible') || demands.has('positive');
  const t = tensor(n, n);
  for (let i = 0; i < n; i++) t.data[i * n + i] = away ? rng.uniform(0.5, 2) : rng.normal();
  return t;
}

/**
 * A random orthogonal matrix: the Q of a Gaussian matrix's QR factorization (modified
 * Gram–Schmidt, R's diagonal positive, so Q is Haar distributed). Its determinant is ±1; when the
 * expression needs det > 0 (logdet) the first column's sign is flipped to make it +1.
 */
export function orthogonalValue(n: number, rng: Rng, positiveDet = false): Tensor {
  for (;;) {
    const a = fill(n, n, () => rng.normal());
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      for (let k = 0; k < j; k++) {
        let dotp = 0;
        for (let i = 0; i < n; i++) dotp += a.data[i * n + k] * a.data[i * n + j];
        for (let i = 0; i < n; i++) a.data[i * n + j] -= dotp * a.data[i * n + k];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += a.data[i * n + j] ** 2;
      norm = Math.sqrt(norm);
      ok = norm > 1e-8; // a (practically impossible) rank-deficient draw: draw again
      for (let i = 0; i < n; i++) a.data[i * n + j] /= norm;
    }
    if (!ok) continue;
    if (positiveDet && determinantSign(a) < 0) for (let i = 0; i < n; i++) a.data[i * n] = -a.data[i * n];
    return a;
  }
}

/** The sign of det(t), by Gaussian elimination with partial pivoting. */
function determinantSign(t: Tensor): number {
  const n = t.rows;
  const m = Float64Array.from(t.data);
  let sign = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    if (m[p * n + c] === 0) return 0;
    if (p !== c) {
      sign = -sign;
      for (let k = 0; k < n; k++) [m[c * n + k], m[p * n + k]] = [m[p * n + k], m[c * n + k]];
    }
    if (m[c * n + c] < 0) sign = -sign;
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / m[c * n + c];
      for (let k = c; k < n; k++) m[r * n + k] -= f * m[c * n + k];
    }
  }
  return sign;
}

/** Data for one variable meeting its demands. */
export function randomValue(
  s: Shape,
  sizes: ReadonlyMap<string, number>,
  rng: Rng,
  symmetric: boolean,
  demands: ReadonlySet<Demand>,
  domain?: VarDomain,
): Tensor {
  const rows = size(s.rows, sizes);
  const cols = size(s.cols, sizes);
  // A declared domain is the variable's whole domain: data outside it never happens.
  if (domain === 'spd') return positiveDefinite(rows, rng, demands.has('positive'));
  if (domain === 'positive') return fill(1, 1, () => rng.uniform(0.5, 2));
  if (domain === 'simplex') return stochasticColumns(rows, cols, rng);
  if (domain === 'diagonal') return diagonalValue(rows, rng, demands);
  if (domain === 'orthogonal') return orthogonalValue(rows, rng, demands.has('invertible'));
  const positive = demands.has('positive');
  if (rows === cols && rows > 1 && demands.has('invertible')) {
    const spd = positiveDefinite(rows, rng, positive);
    if (symmetric || positive) return spd;
    // Add a skew-symmetric part: still det > 0 and σ_min >= 1, but no longer symmetric.
    const k = fill(rows, rows, () => rng.normal() / 2);
    for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) spd.data[i * rows + j] += (k.data[i * rows + j] - k.data[j * rows + i]) / 2;
    return spd;
  }
  const t = fill(rows, cols, positive || demands.has('invertible') ? () => rng.uniform(0.5, 2) : () => rng.normal());
  return symmetric && rows === cols ? symmetricPart(t) : t;
}

export interface RandomEnvOptions {
  /** Sizes to use for some or all dimension symbols; the rest are drawn. */
  readonly sizes?: ReadonlyMap<string, number>;
  /** Largest size drawn for a dimension (default 6). */
  readonly maxSize?: number;
  /**
   * Nodes whose variables need data too but whose values need not be finite (a claim checked
   * against a truth: where the claim is undefined and the truth is not, they differ).
   */
  readonly extra?: readonly Node[];
  /** Most numbers one input or intermediate may hold (default MAX_SAMPLE_ENTRIES, sized for checks). */
  readonly maxEntries?: number;
  /** Values given for some variables (`:eval J with x=[1, 2]`): used as they are, never drawn. */
  readonly fixed?: ReadonlyMap<string, Tensor>;
  /**
   * Variables whose entries are drawn as 0/1 labels (each 0 or 1 with probability 1/2) instead of
   * normal numbers: `:eval J with b=labels`. Asked for by name, never guessed from one.
   */
  readonly labels?: ReadonlySet<string>;
}

/** Most numbers a random instance may hold in one tensor (inputs and every intermediate). */
export const MAX_SAMPLE_ENTRIES = 4_000_000;
const FREE_ATTEMPTS = 12;
const DEMANDED_ATTEMPTS = 50;

/** Refuse, before allocating, instances whose inputs or intermediates would be huge. */
function requireSmall(order: readonly Node[], dims: ReadonlyMap<string, number>, max = MAX_SAMPLE_ENTRIES): void {
  for (const n of order) {
    const entries = size(n.shape.rows, dims) * size(n.shape.cols, dims);
    if (entries > max)
      throw new MatdiffError(
        'domain',
        `a random instance of ${clip(printText(n))} would hold ${entries.toExponential(2)} numbers, too many to sample`,
        undefined,
        `numeric checks use small instances; declare dimensions as symbols (vector(n)) instead of large literal sizes`,
      );
  }
}

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

/** The smallest subexpression that is not finite on `env`, for the error message. */
function firstUndefined(order: readonly Node[], env: Env): Node | undefined {
  const values = evaluateAll(order, env);
  const k = values.findIndex((t) => !t.data.every(Number.isFinite));
  return k < 0 ? undefined : order[k];
}

/** One draw: the inputs, and the value of every node under the roots and the extra nodes. */
export interface Draw {
  readonly env: Env;
  readonly values: ReadonlyMap<Node, Tensor>;
}

/**
 * Random instances for fixed expressions, with the analysis done once: the nodes, the
 * variables, the domain demands. `roots` must be finite on a draw; `extra` nodes get data and
 * values too, finite or not (a claim checked against a truth).
 */
export class Sampler {
  private readonly roots: readonly Node[];
  private readonly order: readonly Node[];
  private readonly symbols: readonly string[];
  private readonly demands: Map<string, Set<Demand>>;
  private readonly conditioning: Map<string, Set<Demand>>;
  private readonly vars = new Map<string, Node>();

  constructor(roots: readonly Node[], extra: readonly Node[] = []) {
    this.roots = roots;
    const all = [...roots, ...extra];
    this.order = topoOrder(all);
    this.symbols = dimensionSymbols(all);
    this.demands = domainDemands(roots);
    this.conditioning = new Map([...this.demands].map(([k, d]) => [k, new Set([...d].filter((x) => x === 'invertible'))]));
    for (const n of this.order) if (n.op === 'var') this.vars.set(n.name!, n);
  }

  /** A draw on which every root is finite (see the module comment); a 'domain' MatdiffError when none is. */
  draw(rng: Rng, options: Omit<RandomEnvOptions, 'extra'> = {}): Draw {
    const fixed = options.fixed ?? new Map<string, Tensor>();
    const labels = options.labels ?? new Set<string>();
    const drawn = randomSizes(
      this.symbols.filter((d) => !options.sizes?.has(d)),
      rng,
      options.maxSize,
    );
    const dims = new Map([...drawn, ...(options.sizes ?? [])]);
    requireSmall(this.order, dims, options.maxEntries);
    let last: Env | undefined;
    for (let attempt = 0; attempt < FREE_ATTEMPTS + DEMANDED_ATTEMPTS; attempt++) {
      const wants = attempt < FREE_ATTEMPTS ? this.conditioning : this.demands;
      const inputs = new Map<string, Tensor>();
      for (const [name, v] of this.vars) {
        const given = fixed.get(name);
        if (given) inputs.set(name, given);
        else if (labels.has(name))
          inputs.set(
            name,
            fill(size(v.shape.rows, dims), size(v.shape.cols, dims), () => (rng.next() < 0.5 ? 0 : 1)),
          );
        else inputs.set(name, randomValue(v.shape, dims, rng, !!v.symmetric, wants.get(name) ?? new Set(), v.domain));
      }
      const env: Env = { vars: inputs, dims };
      const values = evaluateOrder(this.order, env);
      if (this.roots.every((r) => values.get(r)!.data.every(Number.isFinite))) return { env, values };
      last = env;
    }
    const bad = last && firstUndefined(topoOrder(this.roots), last);
    throw new MatdiffError(
      'domain',
      `no random inputs made ${clip(printText(bad ?? this.roots[0]))} finite (${FREE_ATTEMPTS + DEMANDED_ATTEMPTS} draws, both signs and positive)`,
      undefined,
      'the expression may be undefined for every real input (a log or sqrt of a negative number, a negative base to a real power), or overflow on all of them (a huge power); check the domain',
    );
  }
}

/**
 * An Env binding every variable and dimension symbol of `roots` to random data on which every
 * root is finite (see the module comment). `graph` is the session the nodes belong to.
 * Throws a MatdiffError (kind 'domain') when no draw is finite or an instance would be huge.
 */
export function randomEnv(graph: Graph, roots: Node | readonly Node[], rng: Rng, options: RandomEnvOptions = {}): Env {
  void graph;
  const list = Array.isArray(roots) ? (roots as readonly Node[]) : [roots as Node];
  return new Sampler(list, options.extra).draw(rng, options).env;
}

/**
 * A random direction of the given size, scaled to unit Frobenius norm: symmetric when asked, or
 * diagonal (zero off the diagonal: the directions a diagonal(n) variable can move in).
 */
export function randomDirection(rows: number, cols: number, rng: Rng, symmetric = false, diagonal = false): Tensor {
  let t = fill(rows, cols, () => rng.normal());
  if (symmetric) t = symmetricPart(t);
  if (diagonal) for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (i !== j) t.data[i * cols + j] = 0;
  const norm = Math.sqrt(t.data.reduce((s, v) => s + v * v, 0));
  for (let i = 0; i < t.data.length; i++) t.data[i] /= norm;
  return t;
}

/** A tensor from a number, a vector (a column) or an array of rows. */
export function tensorOf(v: number | number[] | number[][]): Tensor {
  if (typeof v === 'number') return tensor(1, 1, Float64Array.of(v));
  if (v.length > 0 && Array.isArray(v[0])) {
    const rows = v as number[][];
    return tensor(rows.length, rows[0].length, Float64Array.from(rows.flat()));
  }
  return tensor(v.length, 1, Float64Array.from(v as number[]));
}

/** An Env from plain arrays, for hand-computed cases. */
export function envOf(vars: Record<string, number | number[] | number[][]>, dims: Record<string, number> = {}): Env {
  return {
    vars: new Map(Object.entries(vars).map(([k, v]) => [k, tensorOf(v)])),
    dims: new Map(Object.entries(dims)),
  };
}

/** A Tensor as an array of rows, for readable expectations. */
export const rowsOf = (t: Tensor): number[][] => Array.from({ length: t.rows }, (_, i) => Array.from(t.data.slice(i * t.cols, (i + 1) * t.cols)));
