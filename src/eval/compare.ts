/** Comparing tensors and formulas: the one relative difference every numeric check uses. */
import { Node } from '../core/graph';
import { makeRng } from './random';
import { evaluateAll, evaluateAllPerturbed } from './reference';
import { Env, Tensor } from './tensor';

/**
 * ‖a − b‖ / max(‖a‖, ‖b‖), an absolute difference when both are (nearly) zero; a scalar
 * operand broadcasts over the other. Infinite when an entry is finite on one side and not on
 * the other; entries undefined on both sides are skipped (both sides agree they are undefined).
 */
export function relDiff(a: Tensor, b: Tensor): number {
  const n = Math.max(a.data.length, b.data.length);
  const at = (t: Tensor, i: number) => (t.data.length === 1 ? t.data[0] : t.data[i]);
  let big = 0; // the largest finite magnitude, so that squares neither overflow nor underflow
  for (let i = 0; i < n; i++) {
    const x = at(a, i);
    const y = at(b, i);
    if (Number.isFinite(x) !== Number.isFinite(y)) return Infinity;
    if (!Number.isFinite(x)) {
      if (!Object.is(x, y) && !(Number.isNaN(x) && Number.isNaN(y))) return Infinity; // +∞ against −∞
      continue;
    }
    big = Math.max(big, Math.abs(x), Math.abs(y));
  }
  if (big === 0) return 0;
  let d = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < n; i++) {
    const x = at(a, i);
    const y = at(b, i);
    if (!Number.isFinite(x)) continue;
    d += ((x - y) / big) ** 2;
    na += (x / big) ** 2;
    nb += (y / big) ** 2;
  }
  const scale = Math.sqrt(Math.max(na, nb)) * big;
  const diff = Math.sqrt(d) * big;
  return scale > 1e-10 ? diff / scale : diff;
}

/** What one instance says about two formulas that should be equal. */
export type Judgment = 'agree' | 'differ' | 'inconclusive';

/** Perturbation size: a few units of float64 roundoff, so noise is overestimated, not missed. */
const ROUNDOFF = 4 * 2 ** -53;
const PERTURBED_RUNS = 3;
/** A difference must stand this far above the estimated rounding noise to count. */
const SIGNAL_TO_NOISE = 10;

/**
 * Do `a` and `b` agree on `env`? Two formulas equal in exact arithmetic differ in floating
 * point by rounding noise, which is large where one of them cancels (1 − σ(z) for large z,
 * sin of a large determinant). A float64 difference beyond `tol` is a difference only if it
 * stands well above the noise, estimated by re-evaluating both in Monte Carlo arithmetic
 * (evaluateAllPerturbed): a true difference barely moves under perturbations of the size of
 * rounding, noise moves by its own size. Otherwise the instance cannot decide.
 */
export function judge(a: Node, b: Node, env: Env, tol: number): { judgment: Judgment; diff: number; values: [Tensor, Tensor] } {
  const [x, y] = evaluateAll([a, b], env);
  const diff = relDiff(x, y);
  if (diff <= tol) return { judgment: 'agree', diff, values: [x, y] };
  if (!Number.isFinite(diff)) return { judgment: 'differ', diff, values: [x, y] };
  const rng = makeRng(0x9e3779b9);
  let scale = 0;
  for (const t of [x, y]) for (const v of t.data) scale = Math.max(scale, Math.abs(v));
  let noise = 0;
  for (let k = 0; k < PERTURBED_RUNS; k++) {
    const [xp, yp] = evaluateAllPerturbed([a, b], env, ROUNDOFF, rng.next);
    for (let i = 0; i < Math.max(x.data.length, y.data.length); i++) {
      const at = (t: Tensor) => (t.data.length === 1 ? t.data[0] : t.data[i]);
      const moved = Math.abs(at(xp) - at(yp) - (at(x) - at(y)));
      noise = Math.max(noise, Number.isFinite(moved) ? moved / scale : Infinity);
    }
  }
  return { judgment: diff > SIGNAL_TO_NOISE * noise ? 'differ' : 'inconclusive', diff, values: [x, y] };
}
