/**
 * The kernels the interpreter calls, as real TypeScript: the same algorithms, in the same
 * order of operations, as the helpers that generated JavaScript pastes in (src/compile/kernels.ts),
 * so the interpreter agrees with the 'js' backend bit for bit (tested). Row-major Float64Arrays.
 */

/** y = A x for A r×c (rows blocked by 4 as the JS helper is: each row's sum runs over j in order). */
export function gemv(A: Float64Array, r: number, c: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < r; i++) {
    const o = i * c;
    let s = 0;
    for (let j = 0; j < c; j++) s += A[o + j] * x[j];
    y[i] = s;
  }
}

/** y = Aᵀ v for A r×c stored: y += v_i a_i, four rows added together first (as the JS helper). */
export function gemvT(A: Float64Array, r: number, c: number, v: Float64Array, y: Float64Array): void {
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
}

/** C = u vᵀ. */
export function outer(u: Float64Array, v: Float64Array, r: number, c: number, C: Float64Array): void {
  for (let i = 0; i < r; i++) {
    const ui = u[i], o = i * c;
    for (let j = 0; j < c; j++) C[o + j] = ui * v[j];
  }
}

/** C (r×c) = op(X) op(Y) with inner size k; tx/ty: X/Y are stored transposed. */
export function gemm(X: Float64Array, tx: boolean, Y: Float64Array, ty: boolean, r: number, k: number, c: number, C: Float64Array): void {
  if (!ty) {
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
}

/** C (c×c) = Xᵀ diag(v) X (Xᵀ X without v) for X r×c stored: the upper triangle by rank-4 updates from blocks of 4 rows, then mirrored. */
export function wgram(X: Float64Array, v: Float64Array | null, r: number, c: number, C: Float64Array): void {
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
  for (let j = 1; j < c; j++) {
    const oj = j * c;
    for (let k = 0; k < j; k++) C[oj + k] = C[k * c + j];
  }
}

/** The row at or below k with the largest |W[i, k]| (the first of equals): partial pivoting. */
function pivotRow(W: Float64Array, n: number, k: number): number {
  let p = k, best = Math.abs(W[k * n + k]);
  for (let i = k + 1; i < n; i++) {
    const v = Math.abs(W[i * n + k]);
    if (v > best) {
      best = v;
      p = i;
    }
  }
  return p;
}

/** In-place LU with partial pivoting of the n×n W; the permutation's sign, 0 if singular. */
export function lu(W: Float64Array, n: number): number {
  let sign = 1;
  for (let k = 0; k < n; k++) {
    const p = pivotRow(W, n, k);
    const best = Math.abs(W[p * n + k]);
    if (best === 0) return 0;
    if (p !== k) {
      sign = -sign;
      for (let j = 0; j < n; j++) {
        const t = W[k * n + j];
        W[k * n + j] = W[p * n + j];
        W[p * n + j] = t;
      }
    }
    const piv = W[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = (W[i * n + k] /= piv);
      if (f !== 0) for (let j = k + 1; j < n; j++) W[i * n + j] -= f * W[k * n + j];
    }
  }
  return sign;
}

export function det(X: Float64Array, n: number, W: Float64Array): number {
  W.set(X);
  const sign = lu(W, n);
  if (sign === 0) return 0;
  let d = sign;
  for (let i = 0; i < n; i++) d *= W[i * n + i];
  return d;
}

/** log(det X) as Σ log|u_ii|; NaN when det <= 0. */
export function logdet(X: Float64Array, n: number, W: Float64Array): number {
  W.set(X);
  let sign = lu(W, n);
  if (sign === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const u = W[i * n + i];
    if (u < 0) sign = -sign;
    s += Math.log(Math.abs(u));
  }
  return sign > 0 ? s : NaN;
}

/** Y = X⁻¹ by Gauss-Jordan with partial pivoting in the scratch W; exactly singular: all NaN. */
export function inv(X: Float64Array, n: number, Y: Float64Array, W: Float64Array): void {
  W.set(X);
  Y.fill(0);
  for (let i = 0; i < n; i++) Y[i * n + i] = 1;
  for (let k = 0; k < n; k++) {
    const p = pivotRow(W, n, k);
    const best = Math.abs(W[p * n + k]);
    if (!(best > 0)) {
      Y.fill(NaN);
      return;
    }
    if (p !== k)
      for (let j = 0; j < n; j++) {
        let t = W[k * n + j];
        W[k * n + j] = W[p * n + j];
        W[p * n + j] = t;
        t = Y[k * n + j];
        Y[k * n + j] = Y[p * n + j];
        Y[p * n + j] = t;
      }
    const piv = W[k * n + k];
    for (let j = 0; j < n; j++) {
      W[k * n + j] /= piv;
      Y[k * n + j] /= piv;
    }
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const f = W[i * n + k];
      if (f === 0) continue;
      for (let j = 0; j < n; j++) {
        W[i * n + j] -= f * W[k * n + j];
        Y[i * n + j] -= f * Y[k * n + j];
      }
    }
  }
}

export function tr(X: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += X[i * n + i];
  return s;
}

export function logsumexp(v: Float64Array, len: number): number {
  let mx = -Infinity;
  for (let i = 0; i < len; i++) if (v[i] > mx) mx = v[i];
  if (mx === Infinity || mx === -Infinity) return mx;
  let s = 0;
  for (let i = 0; i < len; i++) s += Math.exp(v[i] - mx);
  return mx + Math.log(s);
}

export function softmax(v: Float64Array, len: number, y: Float64Array): void {
  let mx = -Infinity;
  for (let i = 0; i < len; i++) if (v[i] > mx) mx = v[i];
  let s = 0;
  for (let i = 0; i < len; i++) {
    const e = Math.exp(v[i] - mx);
    y[i] = e;
    s += e;
  }
  for (let i = 0; i < len; i++) y[i] /= s;
}

/** dnrm2's thresholds and scales for doubles (LAPACK la_constants). */
export const NRM2 = { tsml: 2 ** -511, tbig: 2 ** 486, ssml: 2 ** 537, sbig: 2 ** -538 } as const;

/** sqrt of dnrm2's three accumulators (mid-range squares, big ones scaled by 2^-538, tiny ones by 2^537). */
export function norm2Finish(amed: number, abig: number, asml: number): number {
  const sbig = NRM2.sbig, ssml = NRM2.ssml;
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
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}
