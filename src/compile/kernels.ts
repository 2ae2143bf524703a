/**
 * Helper kernels that generated code calls, as JavaScript source. They are pasted into the
 * generated function's scope (and into emitted modules), only the ones a program uses, so an
 * emitted module has no dependencies. Type annotations are written as `/*: T *\/` comments,
 * which the TypeScript target turns into real annotations.
 *
 * Layout everywhere: row-major Float64Array, entry (i, j) of an r×c matrix at i*c + j.
 */
export type HelperName = keyof typeof HELPERS;

const F = 'Float64Array';

export const HELPERS = {
  gemv: `
/** y = A x for A r×c (rows blocked by 4: four independent dot products share each x[j]). */
function gemv(A/*: ${F}*/, r/*: number*/, c/*: number*/, x/*: ${F}*/, y/*: ${F}*/)/*: void*/ {
  let i = 0;
  for (; i + 4 <= r; i += 4) {
    const o0 = i * c, o1 = o0 + c, o2 = o1 + c, o3 = o2 + c;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let j = 0; j < c; j++) {
      const xj = x[j];
      s0 += A[o0 + j] * xj; s1 += A[o1 + j] * xj; s2 += A[o2 + j] * xj; s3 += A[o3 + j] * xj;
    }
    y[i] = s0; y[i + 1] = s1; y[i + 2] = s2; y[i + 3] = s3;
  }
  for (; i < r; i++) {
    const o = i * c;
    let s = 0;
    for (let j = 0; j < c; j++) s += A[o + j] * x[j];
    y[i] = s;
  }
}`,
  gemvT: `
/** y = A' v for A r×c stored (never transposed in memory): y += v_i a_i over rows, 4 at a time. */
function gemvT(A/*: ${F}*/, r/*: number*/, c/*: number*/, v/*: ${F}*/, y/*: ${F}*/)/*: void*/ {
  y.fill(0);
  let i = 0;
  for (; i + 4 <= r; i += 4) {
    const o0 = i * c, o1 = o0 + c, o2 = o1 + c, o3 = o2 + c;
    const v0 = v[i], v1 = v[i + 1], v2 = v[i + 2], v3 = v[i + 3];
    for (let j = 0; j < c; j++) y[j] += v0 * A[o0 + j] + v1 * A[o1 + j] + v2 * A[o2 + j] + v3 * A[o3 + j];
  }
  for (; i < r; i++) {
    const o = i * c, vi = v[i];
    for (let j = 0; j < c; j++) y[j] += vi * A[o + j];
  }
}`,
  outer: `
/** C = u v' for u of length r and v of length c. */
function outer(u/*: ${F}*/, v/*: ${F}*/, r/*: number*/, c/*: number*/, C/*: ${F}*/)/*: void*/ {
  for (let i = 0; i < r; i++) {
    const ui = u[i], o = i * c;
    for (let j = 0; j < c; j++) C[o + j] = ui * v[j];
  }
}`,
  gemm: `
/** C (r×c) = op(X) op(Y) with inner size k; tx/ty say that X/Y are stored transposed. */
function gemm(X/*: ${F}*/, tx/*: boolean*/, Y/*: ${F}*/, ty/*: boolean*/, r/*: number*/, k/*: number*/, c/*: number*/, C/*: ${F}*/)/*: void*/ {
  if (!ty) {
    // row i of C accumulates rows of Y: streams through Y and C in memory order
    C.fill(0);
    for (let i = 0; i < r; i++) {
      const oc = i * c;
      for (let l = 0; l < k; l++) {
        const a = tx ? X[l * r + i] : X[i * k + l];
        const oy = l * c;
        for (let j = 0; j < c; j++) C[oc + j] += a * Y[oy + j];
      }
    }
  } else {
    // Y is stored c×k: entry (i, j) is a dot product of two contiguous rows (when X is not transposed)
    for (let i = 0; i < r; i++)
      for (let j = 0; j < c; j++) {
        const oy = j * k;
        let s = 0;
        if (tx) for (let l = 0; l < k; l++) s += X[l * r + i] * Y[oy + l];
        else {
          const ox = i * k;
          for (let l = 0; l < k; l++) s += X[ox + l] * Y[oy + l];
        }
        C[i * c + j] = s;
      }
  }
}`,
  wgram: `
/**
 * C (c×c) = X' diag(v) X (X' X when v is null) for X r×c stored: the upper triangle as rank-4
 * updates from blocks of 4 rows (each C entry gets four products per pass), then mirrored.
 * X is read once.
 */
function wgram(X/*: ${F}*/, v/*: ${F} | null*/, r/*: number*/, c/*: number*/, C/*: ${F}*/)/*: void*/ {
  C.fill(0);
  let i = 0;
  for (; i + 4 <= r; i += 4) {
    const o0 = i * c, o1 = o0 + c, o2 = o1 + c, o3 = o2 + c;
    const v0 = v ? v[i] : 1, v1 = v ? v[i + 1] : 1, v2 = v ? v[i + 2] : 1, v3 = v ? v[i + 3] : 1;
    for (let j = 0; j < c; j++) {
      const w0 = v0 * X[o0 + j], w1 = v1 * X[o1 + j], w2 = v2 * X[o2 + j], w3 = v3 * X[o3 + j];
      const oc = j * c;
      for (let k = j; k < c; k++) C[oc + k] += w0 * X[o0 + k] + w1 * X[o1 + k] + w2 * X[o2 + k] + w3 * X[o3 + k];
    }
  }
  for (; i < r; i++) {
    const o = i * c, vi = v ? v[i] : 1;
    for (let j = 0; j < c; j++) {
      const w = vi * X[o + j], oc = j * c;
      for (let k = j; k < c; k++) C[oc + k] += w * X[o + k];
    }
  }
  gramMirror(C, c);
}`,
  gramMirror: `
/** The lower triangle of the c×c matrix C from its upper one. */
function gramMirror(C/*: ${F}*/, c/*: number*/)/*: void*/ {
  for (let j = 1; j < c; j++) {
    const oj = j * c;
    for (let k = 0; k < j; k++) C[oj + k] = C[k * c + j];
  }
}`,
  lu: `
/** In-place LU with partial pivoting of the n×n matrix in W; returns the permutation sign (0 if singular). */
function lu(W/*: ${F}*/, n/*: number*/)/*: number*/ {
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let p = k, best = Math.abs(W[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(W[i * n + k]);
      if (v > best) { best = v; p = i; }
    }
    if (best === 0) return 0;
    if (p !== k) {
      sign = -sign;
      for (let j = 0; j < n; j++) { const t = W[k * n + j]; W[k * n + j] = W[p * n + j]; W[p * n + j] = t; }
    }
    const piv = W[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = (W[i * n + k] /= piv);
      if (f !== 0) for (let j = k + 1; j < n; j++) W[i * n + j] -= f * W[k * n + j];
    }
  }
  return sign;
}`,
  det: `
/** det(X) for X n×n, by LU in the scratch buffer W. */
function det(X/*: ${F}*/, n/*: number*/, W/*: ${F}*/)/*: number*/ {
  W.set(X);
  const sign = lu(W, n);
  if (sign === 0) return 0;
  let d = sign;
  for (let i = 0; i < n; i++) d *= W[i * n + i];
  return d;
}`,
  logdet: `
/** log(det(X)) for X n×n: sum of log|u_ii| (no overflow of the product); NaN when det <= 0. */
function logdet(X/*: ${F}*/, n/*: number*/, W/*: ${F}*/)/*: number*/ {
  W.set(X);
  let sign = lu(W, n);
  if (sign === 0) return NaN; // log(det) of a singular matrix: undefined, as in the reference
  let s = 0;
  for (let i = 0; i < n; i++) {
    const u = W[i * n + i];
    if (u < 0) sign = -sign;
    s += Math.log(Math.abs(u));
  }
  return sign > 0 ? s : NaN;
}`,
  inv: `
/** Y = inv(X) for X n×n by Gauss-Jordan with partial pivoting; W is n×n scratch. Exactly singular: all NaN. */
function inv(X/*: ${F}*/, n/*: number*/, Y/*: ${F}*/, W/*: ${F}*/)/*: void*/ {
  W.set(X);
  Y.fill(0);
  for (let i = 0; i < n; i++) Y[i * n + i] = 1;
  for (let k = 0; k < n; k++) {
    let p = k, best = Math.abs(W[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(W[i * n + k]);
      if (v > best) { best = v; p = i; }
    }
    if (!(best > 0)) { Y.fill(NaN); return; }
    if (p !== k)
      for (let j = 0; j < n; j++) {
        let t = W[k * n + j]; W[k * n + j] = W[p * n + j]; W[p * n + j] = t;
        t = Y[k * n + j]; Y[k * n + j] = Y[p * n + j]; Y[p * n + j] = t;
      }
    const piv = W[k * n + k];
    for (let j = 0; j < n; j++) { W[k * n + j] /= piv; Y[k * n + j] /= piv; }
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const f = W[i * n + k];
      if (f === 0) continue;
      for (let j = 0; j < n; j++) { W[i * n + j] -= f * W[k * n + j]; Y[i * n + j] -= f * Y[k * n + j]; }
    }
  }
}`,
  tr: `
/** tr(X) for X n×n. */
function tr(X/*: ${F}*/, n/*: number*/)/*: number*/ {
  let s = 0;
  for (let i = 0; i < n; i++) s += X[i * n + i];
  return s;
}`,
  logsumexp: `
/** log(sum(exp(v))), shifted by the maximum so that nothing overflows. */
function logsumexp(v/*: ${F}*/, len/*: number*/)/*: number*/ {
  let mx = -Infinity;
  for (let i = 0; i < len; i++) if (v[i] > mx) mx = v[i];
  if (mx === Infinity || mx === -Infinity) return mx;
  let s = 0;
  for (let i = 0; i < len; i++) s += Math.exp(v[i] - mx);
  return mx + Math.log(s);
}`,
  softmax: `
/** y = exp(v) / sum(exp(v)), shifted by the maximum so that nothing overflows. */
function softmax(v/*: ${F}*/, len/*: number*/, y/*: ${F}*/)/*: void*/ {
  let mx = -Infinity;
  for (let i = 0; i < len; i++) if (v[i] > mx) mx = v[i];
  let s = 0;
  for (let i = 0; i < len; i++) { const e = Math.exp(v[i] - mx); y[i] = e; s += e; }
  for (let i = 0; i < len; i++) y[i] /= s;
}`,
  norm2Finish: `
/** sqrt of the three dnrm2 accumulators (mid-range squares, big ones scaled by 2^-538, tiny ones by 2^537), as LAPACK combines them. */
function norm2Finish(amed/*: number*/, abig/*: number*/, asml/*: number*/)/*: number*/ {
  const sbig = ${2 ** -538}, ssml = ${2 ** 537};
  if (abig > 0) {
    if (amed > 0 || amed !== amed) abig += amed * sbig * sbig;
    return Math.sqrt(abig) / sbig;
  }
  if (asml > 0) {
    if (amed > 0 || amed !== amed) {
      const ym = Math.sqrt(amed), ys = Math.sqrt(asml) / ssml;
      const ymin = ys > ym ? ym : ys, ymax = ys > ym ? ys : ym;
      return ymax * Math.sqrt(1 + (ymin / ymax) * (ymin / ymax));
    }
    return Math.sqrt(asml) / ssml;
  }
  return Math.sqrt(amed);
}`,
  sigmoid: `
/** 1 / (1 + exp(-z)) without overflow for either sign. */
function sigmoid(z/*: number*/)/*: number*/ {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}`,
  softplus: `
/** log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)): no overflow, no loss of small values. */
function softplus(z/*: number*/)/*: number*/ {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}`,
} as const;

/** Helpers that other helpers call. */
export const HELPER_DEPS: Partial<Record<HelperName, HelperName[]>> = { det: ['lu'], logdet: ['lu'], wgram: ['gramMirror'] };
