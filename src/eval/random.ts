/**
 * Random test instances: a seeded PRNG, random dimension sizes, and random data for the
 * variables of an expression that lies in the domain of every function applied to them.
 *
 * The domain is found by walking the expression top-down and pushing demands onto the variables:
 * - "positive": under log, sqrt, a non-integer or variable power, a negative power (away from 0).
 *   The demand passes through operations that keep positive entries positive (transpose, sums,
 *   products, scaling by positive numbers, powers, diag, sum, tr).
 * - "invertible": under det, logdet and inv. Symmetric variables get symmetric positive definite
 *   data (eigenvalues >= 1); other square variables get S + K with S positive definite and K
 *   skew-symmetric: not symmetric (so a missing transpose shows), det > 0 and every singular
 *   value >= 1 (well-conditioned).
 * - Variables declared symmetric get symmetric data; everything else is standard normal.
 * After drawing, the expressions are evaluated and the draw is repeated if any value is not finite.
 */
import { Dim, Shape, dimSymbols, isSquare } from '../core/dims';
import { Graph, Node, topoOrder } from '../core/graph';
import { isInteger } from '../core/rational';
import { evaluateAll } from './reference';
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

/** Demands each variable's data must meet, by name. */
export function domainDemands(roots: readonly Node[]): Map<string, Set<Demand>> {
  const order = topoOrder(roots);
  const demands = new Map<Node, Set<Demand>>();
  const push = (n: Node, d: Demand) => {
    const s = demands.get(n);
    if (s) s.add(d);
    else demands.set(n, new Set([d]));
  };
  for (let k = order.length - 1; k >= 0; k--) {
    const n = order[k];
    // What n's own op asks of its arguments.
    switch (n.op) {
      case 'log': case 'sqrt': push(n.args[0], 'positive'); break;
      case 'det': case 'logdet': case 'inv': push(n.args[0], 'invertible'); break;
      case 'pow': case 'epow': {
        const p = n.args[1];
        if (!(p.op === 'const' && isInteger(p.value!) && p.value!.compare(0) >= 0)) push(n.args[0], 'positive');
        break;
      }
    }
    // Demands placed on n pass down through ops that preserve them.
    const mine = demands.get(n);
    if (!mine) continue;
    if (mine.has('positive')) {
      switch (n.op) {
        case 'transpose': case 'add': case 'hadamard': case 'matmul': case 'diagm': case 'diagv': case 'sum': case 'tr':
          n.args.forEach((a) => push(a, 'positive'));
          break;
        case 'mul':
          if (n.args[0].op !== 'const' || n.args[0].value!.compare(0) > 0) n.args.forEach((a) => push(a, 'positive'));
          break;
        case 'pow': case 'epow':
          push(n.args[0], 'positive');
          break;
        case 'det': case 'logdet':
          push(n.args[0], 'invertible');
          break;
      }
    }
    if (mine.has('invertible')) {
      switch (n.op) {
        case 'transpose': case 'inv':
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

const size = (d: Dim, sizes: ReadonlyMap<string, number>) => (typeof d === 'number' ? d : sizes.get(d)!);

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
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) out.data[i * n + j] = (t.data[i * n + j] + t.data[j * n + i]) / 2;
  return out;
}

/** Data for one variable meeting its demands. */
export function randomValue(s: Shape, sizes: ReadonlyMap<string, number>, rng: Rng, symmetric: boolean, demands: ReadonlySet<Demand>): Tensor {
  const rows = size(s.rows, sizes);
  const cols = size(s.cols, sizes);
  const positive = demands.has('positive');
  if (rows === cols && rows > 1 && demands.has('invertible')) {
    const spd = positiveDefinite(rows, rng, positive);
    if (symmetric || positive) return spd;
    // Add a skew-symmetric part: still det > 0 and σ_min >= 1, but no longer symmetric.
    const k = fill(rows, rows, () => rng.normal() / 2);
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < rows; j++) spd.data[i * rows + j] += (k.data[i * rows + j] - k.data[j * rows + i]) / 2;
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
}

/**
 * An Env binding every variable and dimension symbol of `roots` to random data in the domain
 * of the functions applied to them (see the module comment). `graph` is the session the nodes
 * belong to; variables are found from the nodes themselves.
 */
export function randomEnv(graph: Graph, roots: Node | readonly Node[], rng: Rng, options: RandomEnvOptions = {}): Env {
  void graph;
  const list = Array.isArray(roots) ? (roots as readonly Node[]) : [roots as Node];
  const symbols = dimensionSymbols(list);
  const drawn = randomSizes(symbols.filter((d) => !options.sizes?.has(d)), rng, options.maxSize);
  const dims = new Map([...drawn, ...(options.sizes ?? [])]);
  const demands = domainDemands(list);
  const vars = new Map<string, Node>();
  for (const n of topoOrder(list)) if (n.op === 'var') vars.set(n.name!, n);
  for (let attempt = 0; attempt < 50; attempt++) {
    const values = new Map<string, Tensor>();
    for (const [name, v] of vars)
      values.set(name, randomValue(v.shape, dims, rng, !!v.symmetric, demands.get(name) ?? new Set()));
    const env: Env = { vars: values, dims };
    if (evaluateAll(list, env).every((t) => t.data.every(Number.isFinite))) return env;
  }
  throw new Error('randomEnv: no draw in 50 attempts gave finite values; the expression needs a domain the analysis does not see');
}

/** A random direction of the given size, symmetric when asked, scaled to unit Frobenius norm. */
export function randomDirection(rows: number, cols: number, rng: Rng, symmetric = false): Tensor {
  let t = fill(rows, cols, () => rng.normal());
  if (symmetric) t = symmetricPart(t);
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
export const rowsOf = (t: Tensor): number[][] =>
  Array.from({ length: t.rows }, (_, i) => Array.from(t.data.slice(i * t.cols, (i + 1) * t.cols)));
