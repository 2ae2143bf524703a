/** Comparing tensors: the one relative difference every numeric check uses. */
import { Tensor } from './tensor';

/**
 * ‖a − b‖ / max(‖a‖, ‖b‖), an absolute difference when both are (nearly) zero; a scalar
 * operand broadcasts over the other. Infinite when an entry is finite on one side and not on
 * the other; entries undefined on both sides are skipped (both sides agree they are undefined).
 */
export function relDiff(a: Tensor, b: Tensor): number {
  const n = Math.max(a.data.length, b.data.length);
  const at = (t: Tensor, i: number) => (t.data.length === 1 ? t.data[0] : t.data[i]);
  let d = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < n; i++) {
    const x = at(a, i);
    const y = at(b, i);
    if (Number.isFinite(x) !== Number.isFinite(y)) return Infinity;
    if (!Number.isFinite(x)) {
      if (!Object.is(x, y) && !(Number.isNaN(x) && Number.isNaN(y))) return Infinity; // +∞ against −∞
      continue;
    }
    d += (x - y) ** 2;
    na += x * x;
    nb += y * y;
  }
  const scale = Math.sqrt(Math.max(na, nb));
  return scale > 1e-10 ? Math.sqrt(d) / scale : Math.sqrt(d);
}
