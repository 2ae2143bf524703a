/** The hand-written baseline loops the evaluator benchmarks compare against. */

/**
 * The best plain-JS loop I could write: one pass over A in blocks of 4 rows (four independent
 * dot-product chains sharing each x[j]), then per row one exp and one log1p for the loss and
 * sigmoid together, then a rank-4 update of g from the same rows while they are in cache.
 */
export function handFused(A: Float64Array, x: Float64Array, b: Float64Array, m: number, n: number, g: Float64Array): number {
  g.fill(0);
  let loss = 0;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
    let z0 = 0, z1 = 0, z2 = 0, z3 = 0;
    for (let j = 0; j < n; j++) {
      const xj = x[j];
      z0 += A[o0 + j] * xj; z1 += A[o1 + j] * xj; z2 += A[o2 + j] * xj; z3 += A[o3 + j] * xj;
    }
    const e0 = Math.exp(-Math.abs(z0)), e1 = Math.exp(-Math.abs(z1)), e2 = Math.exp(-Math.abs(z2)), e3 = Math.exp(-Math.abs(z3));
    // softplus(z) - b z: the loss term of both labels at once
    loss += Math.max(z0, 0) + Math.log1p(e0) - b[i] * z0 + Math.max(z1, 0) + Math.log1p(e1) - b[i + 1] * z1
      + Math.max(z2, 0) + Math.log1p(e2) - b[i + 2] * z2 + Math.max(z3, 0) + Math.log1p(e3) - b[i + 3] * z3;
    const h0 = (z0 >= 0 ? 1 / (1 + e0) : e0 / (1 + e0)) - b[i];
    const h1 = (z1 >= 0 ? 1 / (1 + e1) : e1 / (1 + e1)) - b[i + 1];
    const h2 = (z2 >= 0 ? 1 / (1 + e2) : e2 / (1 + e2)) - b[i + 2];
    const h3 = (z3 >= 0 ? 1 / (1 + e3) : e3 / (1 + e3)) - b[i + 3];
    for (let j = 0; j < n; j++) g[j] += h0 * A[o0 + j] + h1 * A[o1 + j] + h2 * A[o2 + j] + h3 * A[o3 + j];
  }
  for (; i < m; i++) {
    const o = i * n;
    let z = 0;
    for (let j = 0; j < n; j++) z += A[o + j] * x[j];
    const e = Math.exp(-Math.abs(z));
    loss += Math.max(z, 0) + Math.log1p(e) - b[i] * z;
    const h = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - b[i];
    for (let j = 0; j < n; j++) g[j] += h * A[o + j];
  }
  const inv = 1 / m;
  for (let j = 0; j < n; j++) g[j] *= inv;
  return loss * inv;
}
