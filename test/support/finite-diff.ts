/**
 * Finite differences of the reference interpreter: the numeric check of every symbolic derivative.
 *
 * Stencil: the fourth-order central difference
 *   f'(x)[d] ≈ (8 (f(x + h d) − f(x − h d)) − (f(x + 2h d) − f(x − 2h d))) / (12 h),
 * with h = 1e-4 · max(1, max|x|) and |d| = 1 (Frobenius). Its truncation error is O(h⁴) (~1e-16
 * for smooth data) and its rounding error ~ ε|f|/h ~ 1e-12 |f|, so symbolic and numeric
 * derivatives agree to ~1e-10; the default tolerance (relative 1e-6, absolute 1e-8 (1 + |f|))
 * leaves a wide margin while any real mistake (a missing transpose, a factor of 2) is O(1).
 */
import { isScalar } from '../../src/core/dims';
import { Node } from '../../src/core/graph';
import { evaluate, evaluateScalar } from '../../src/eval/reference';
import { Env, Tensor, tensor } from '../../src/eval/tensor';
import { Rng, randomDirection } from './random';

export interface FdOptions {
  /** Step relative to max(1, max|x|); default 1e-4. */
  readonly step?: number;
}

/** The env with variable `name` moved to x + t d. */
export function shifted(env: Env, name: string, dir: Tensor, t: number): Env {
  const x = env.vars.get(name)!;
  const moved = tensor(x.rows, x.cols);
  for (let i = 0; i < moved.data.length; i++) moved.data[i] = x.data[i] + t * dir.data[i];
  return { vars: new Map(env.vars).set(name, moved), dims: env.dims };
}

function stepFor(env: Env, name: string, opts: FdOptions): number {
  const x = env.vars.get(name)!;
  let m = 1;
  for (const v of x.data) m = Math.max(m, Math.abs(v));
  return (opts.step ?? 1e-4) * m;
}

/** d/dt of the (tensor-valued) f at x + t d, t = 0, entry by entry. */
export function directionalDerivativeTensor(f: Node, x: Node, env: Env, dir: Tensor, opts: FdOptions = {}): Tensor {
  const name = x.name!;
  const h = stepFor(env, name, opts);
  const at = (t: number) => evaluate(f, shifted(env, name, dir, t));
  const [p1, m1, p2, m2] = [at(h), at(-h), at(2 * h), at(-2 * h)];
  const out = tensor(p1.rows, p1.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = (8 * (p1.data[i] - m1.data[i]) - (p2.data[i] - m2.data[i])) / (12 * h);
  return out;
}

/** d/dt f(x + t d) at t = 0 for a scalar f. */
export function directionalDerivative(f: Node, x: Node, env: Env, dir: Tensor, opts: FdOptions = {}): number {
  if (!isScalar(f.shape)) throw new Error('directionalDerivative needs a scalar f');
  return directionalDerivativeTensor(f, x, env, dir, opts).data[0];
}

/**
 * Unit vectors of x's space; for a symmetric variable, the symmetric pairs E_ij + E_ji (halved
 * back below); for a diagonal variable, the diagonal E_ii only.
 */
function coordinates(x: Node, value: Tensor): Array<{ index: number[]; dir: Tensor; scale: number }> {
  const out: Array<{ index: number[]; dir: Tensor; scale: number }> = [];
  const { rows, cols } = value;
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const dir = tensor(rows, cols);
      if (x.domain === 'diagonal') {
        if (i !== j) continue; // off-diagonal entries stay 0 (and the gradient's are 0)
        dir.data[i * cols + j] = 1;
        out.push({ index: [i * cols + j], dir, scale: 1 });
      } else if (x.symmetric) {
        if (j < i) continue;
        dir.data[i * cols + j] = 1;
        dir.data[j * cols + i] = 1;
        out.push({ index: i === j ? [i * cols + j] : [i * cols + j, j * cols + i], dir, scale: i === j ? 1 : 1 / 2 });
      } else {
        dir.data[i * cols + j] = 1;
        out.push({ index: [i * cols + j], dir, scale: 1 });
      }
    }
  return out;
}

/**
 * The full gradient of scalar f wrt x by finite differences, one coordinate at a time
 * (small sizes only). For a symmetric variable this is the gradient in the space of symmetric
 * matrices (the symmetric part of the unconstrained one), matching grad's convention.
 */
export function fdGradient(f: Node, x: Node, env: Env, opts: FdOptions = {}): Tensor {
  const value = env.vars.get(x.name!)!;
  const out = tensor(value.rows, value.cols);
  for (const c of coordinates(x, value)) {
    const d = directionalDerivative(f, x, env, c.dir, opts) * c.scale;
    for (const k of c.index) out.data[k] = d;
  }
  return out;
}

/** The k×n Jacobian of a vector (or scalar) f wrt a vector (or scalar) x, by columns. */
export function fdJacobian(f: Node, x: Node, env: Env, opts: FdOptions = {}): Tensor {
  const value = env.vars.get(x.name!)!;
  const n = value.rows * value.cols;
  const first = evaluate(f, env);
  const k = first.rows * first.cols;
  const out = tensor(k, n);
  for (let j = 0; j < n; j++) {
    const dir = tensor(value.rows, value.cols);
    dir.data[j] = 1;
    const col = directionalDerivativeTensor(f, x, env, dir, opts);
    for (let i = 0; i < k; i++) out.data[i * n + j] = col.data[i];
  }
  return out;
}

export interface Tolerance {
  readonly rtol?: number;
  readonly atol?: number;
}

/** |a − b| <= rtol max(|a|, |b|) + atol. */
export const close = (a: number, b: number, rtol: number, atol: number): boolean =>
  Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b)) + atol || (Number.isNaN(a) && Number.isNaN(b));

/** Entry-by-entry comparison of two tensors; a list of the mismatches, empty when they agree. */
export function compareTensors(actual: Tensor, expected: Tensor, tol: Tolerance = {}, label = ''): string[] {
  if (actual.rows !== expected.rows || actual.cols !== expected.cols)
    return [`${label}shape ${actual.rows}×${actual.cols}, expected ${expected.rows}×${expected.cols}`];
  let scale = 0;
  for (const v of expected.data) scale = Math.max(scale, Math.abs(v));
  const rtol = tol.rtol ?? 1e-6;
  const atol = tol.atol ?? 1e-8 * (1 + scale);
  const out: string[] = [];
  for (let i = 0; i < actual.data.length; i++)
    if (!close(actual.data[i], expected.data[i], rtol, atol))
      out.push(`${label}entry ${Math.floor(i / actual.cols)},${i % actual.cols}: ${actual.data[i]} vs ${expected.data[i]}`);
  return out;
}

export interface GradientCheck {
  /** Mismatches, one line each; empty when the gradient agrees in every direction. */
  readonly failures: string[];
  /** The largest |symbolic − numeric| / max(|symbolic|, |numeric|, 1e-300) seen. */
  readonly worst: number;
}

/**
 * Compare a symbolic gradient node G of scalar f wrt x with central differences in `directions`
 * random unit directions (symmetric ones for a symmetric x): <G, d> against d/dt f(x + t d).
 */
export function checkGradient(f: Node, x: Node, G: Node, env: Env, rng: Rng, opts: FdOptions & Tolerance & { directions?: number } = {}): GradientCheck {
  const g = evaluate(G, env);
  const value = env.vars.get(x.name!)!;
  if (g.rows !== value.rows || g.cols !== value.cols)
    return { failures: [`gradient is ${g.rows}×${g.cols}, ${x.name} is ${value.rows}×${value.cols}`], worst: Infinity };
  const fx = Math.abs(evaluateScalar(f, env));
  const rtol = opts.rtol ?? 1e-6;
  const atol = opts.atol ?? 1e-8 * (1 + fx);
  const failures: string[] = [];
  let worst = 0;
  for (let k = 0; k < (opts.directions ?? 3); k++) {
    const dir = randomDirection(value.rows, value.cols, rng, !!x.symmetric, x.domain === 'diagonal');
    let symbolic = 0;
    for (let i = 0; i < dir.data.length; i++) symbolic += g.data[i] * dir.data[i];
    const numeric = directionalDerivative(f, x, env, dir, opts);
    const err = Math.abs(symbolic - numeric) / Math.max(Math.abs(symbolic), Math.abs(numeric), 1e-300);
    worst = Math.max(worst, Number.isNaN(err) ? Infinity : err);
    if (!close(symbolic, numeric, rtol, atol) || !Number.isFinite(symbolic))
      failures.push(`direction ${k}: symbolic ${symbolic}, finite differences ${numeric}`);
  }
  return { failures, worst };
}
