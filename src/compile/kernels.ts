/**
 * The helper kernels: products, factorizations and stable scalar functions over row-major
 * Float64Arrays (entry (i, j) of an r×c matrix at i*c + j), as real TypeScript. The interpreter
 * calls them directly; generated JavaScript and emitted modules paste in their text, which
 * scripts/generate-runtime.ts serializes from this file at build time (helpers.ts), only the
 * ones a program uses, so an emitted module has no dependencies. One source, so the 'interp'
 * and 'js' backends agree bit for bit.
 *
 * Rules that keep the text standalone (checked by the script): only top-level `export function`s
 * and `export const`s, calling each other and `Math`; types only on parameters, return types and
 * declarations (they become `/*: T *\/` comments); no imports.
 */

/** y = A x for A r×c (rows blocked by 4: four independent dot products share each x[j]). */
export function gemv(A: Float64Array, r: number, c: number, x: Float64Array, y: Float64Array): void {
  let i = 0;
  for (; i + 4 <= r; i += 4) {
    const o0 = i * c,
      o1 = o0 + c,
      o2 = o1 + c,
      o3 = o2 + c;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let j = 0; j < c; j++) {
      const xj = x[j];
      s0 += A[o0 + j] * xj;
      s1 += A[o1 + j] * xj;
      s2 += A[o2 + j] * xj;
      s3 += A[o3 + j] * xj;
    }
    y[i] = s0;
    y[i + 1] = s1;
    y[i + 2] = s2;
    y[i + 3] = s3;
  }
  for (; i < r; i++) {
    const o = i * c;
    let s = 0;
    for (let j = 0; j < c; j++) s += A[o + j] * x[j];
    y[i] = s;
  }
}

/** y = A' v for A r×c stored (never transposed in memory): y += v_i a_i over rows, 4 at a time. */
export function gemvT(A: Float64Array, r: number, c: number, v: Float64Array, y: Float64Array): void {
  y.fill(0);
  let i = 0;
  for (; i + 4 <= r; i += 4) {
    const o0 = i * c,
      o1 = o0 + c,
      o2 = o1 + c,
      o3 = o2 + c;
    const v0 = v[i],
      v1 = v[i + 1],
      v2 = v[i + 2],
      v3 = v[i + 3];
    for (let j = 0; j < c; j++) y[j] += v0 * A[o0 + j] + v1 * A[o1 + j] + v2 * A[o2 + j] + v3 * A[o3 + j];
  }
  for (; i < r; i++) {
    const o = i * c,
      vi = v[i];
    for (let j = 0; j < c; j++) y[j] += vi * A[o + j];
  }
}

/** C = u v' for u of length r and v of length c. */
export function outer(u: Float64Array, v: Float64Array, r: number, c: number, C: Float64Array): void {
  for (let i = 0; i < r; i++) {
    const ui = u[i],
      o = i * c;
    for (let j = 0; j < c; j++) C[o + j] = ui * v[j];
  }
}

/** C (r×c) = op(X) op(Y) with inner size k; tx/ty say that X/Y are stored transposed. */
export function gemm(X: Float64Array, tx: boolean, Y: Float64Array, ty: boolean, r: number, k: number, c: number, C: Float64Array): void {
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
}

/**
 * C (c×c) = X' diag(v) X (X' X when v is null) for X r×c stored: the upper triangle as rank-4
 * updates from blocks of 4 rows (each C entry gets four products per pass), then mirrored.
 * X is read once.
 */
export function wgram(X: Float64Array, v: Float64Array | null, r: number, c: number, C: Float64Array): void {
  C.fill(0);
  let i = 0;
  for (; i + 4 <= r; i += 4) {
    const o0 = i * c,
      o1 = o0 + c,
      o2 = o1 + c,
      o3 = o2 + c;
    const v0 = v ? v[i] : 1,
      v1 = v ? v[i + 1] : 1,
      v2 = v ? v[i + 2] : 1,
      v3 = v ? v[i + 3] : 1;
    for (let j = 0; j < c; j++) {
      const w0 = v0 * X[o0 + j],
        w1 = v1 * X[o1 + j],
        w2 = v2 * X[o2 + j],
        w3 = v3 * X[o3 + j];
      const oc = j * c;
      for (let k = j; k < c; k++) C[oc + k] += w0 * X[o0 + k] + w1 * X[o1 + k] + w2 * X[o2 + k] + w3 * X[o3 + k];
    }
  }
  for (; i < r; i++) {
    const o = i * c,
      vi = v ? v[i] : 1;
    for (let j = 0; j < c; j++) {
      const w = vi * X[o + j],
        oc = j * c;
      for (let k = j; k < c; k++) C[oc + k] += w * X[o + k];
    }
  }
  gramMirror(C, c);
}

/** The lower triangle of the c×c matrix C from its upper one. */
export function gramMirror(C: Float64Array, c: number): void {
  for (let j = 1; j < c; j++) {
    const oj = j * c;
    for (let k = 0; k < j; k++) C[oj + k] = C[k * c + j];
  }
}

/** The row at or below k with the largest |W[i, k]| (the first of equals): partial pivoting. */
export function pivotRow(W: Float64Array, n: number, k: number): number {
  let p = k,
    best = Math.abs(W[k * n + k]);
  for (let i = k + 1; i < n; i++) {
    const v = Math.abs(W[i * n + k]);
    if (v > best) {
      best = v;
      p = i;
    }
  }
  return p;
}

/** In-place LU with partial pivoting of the n×n matrix in W; returns the permutation sign (0 if singular). */
export function lu(W: Float64Array, n: number): number {
  let sign = 1;
  for (let k = 0; k < n; k++) {
    const p = pivotRow(W, n, k);
    if (Math.abs(W[p * n + k]) === 0) return 0;
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

/** det(X) for X n×n, by LU in the scratch buffer W. */
export function det(X: Float64Array, n: number, W: Float64Array): number {
  W.set(X);
  const sign = lu(W, n);
  if (sign === 0) return 0;
  let d = sign;
  for (let i = 0; i < n; i++) d *= W[i * n + i];
  return d;
}

/** log(det(X)) for X n×n: sum of log|u_ii| (no overflow of the product); NaN when det <= 0. */
export function logdet(X: Float64Array, n: number, W: Float64Array): number {
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
}

/** Y = inv(X) for X n×n by Gauss-Jordan with partial pivoting; W is n×n scratch. Exactly singular: all NaN. */
export function inv(X: Float64Array, n: number, Y: Float64Array, W: Float64Array): void {
  W.set(X);
  Y.fill(0);
  for (let i = 0; i < n; i++) Y[i * n + i] = 1;
  for (let k = 0; k < n; k++) {
    const p = pivotRow(W, n, k);
    if (!(Math.abs(W[p * n + k]) > 0)) {
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

/** tr(X) for X n×n. */
export function tr(X: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += X[i * n + i];
  return s;
}

/** log(sum(exp(v))), shifted by the maximum so that nothing overflows. */
export function logsumexp(v: Float64Array, len: number): number {
  let mx = -Infinity;
  for (let i = 0; i < len; i++) if (v[i] > mx) mx = v[i];
  if (mx === Infinity || mx === -Infinity) return mx;
  let s = 0;
  for (let i = 0; i < len; i++) s += Math.exp(v[i] - mx);
  return mx + Math.log(s);
}

/** y = exp(v) / sum(exp(v)), shifted by the maximum so that nothing overflows. */
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

/** Each column of a rows×cols matrix (row-major) through softmax: the batch form, one distribution per column. */
export function softmaxColumns(v: Float64Array, rows: number, cols: number, y: Float64Array): void {
  for (let j = 0; j < cols; j++) {
    let mx = -Infinity;
    for (let i = 0; i < rows; i++) if (v[i * cols + j] > mx) mx = v[i * cols + j];
    let s = 0;
    for (let i = 0; i < rows; i++) {
      const e = Math.exp(v[i * cols + j] - mx);
      y[i * cols + j] = e;
      s += e;
    }
    for (let i = 0; i < rows; i++) y[i * cols + j] /= s;
  }
}

/** dnrm2's thresholds and scales for doubles (LAPACK la_constants): 2^-511, 2^486, 2^537, 2^-538. */
export const NRM2 = { tsml: 2 ** -511, tbig: 2 ** 486, ssml: 2 ** 537, sbig: 2 ** -538 };

/** sqrt of the three dnrm2 accumulators (mid-range squares, big ones scaled by 2^-538, tiny ones by 2^537), as LAPACK combines them. */
export function norm2Finish(amed: number, abig: number, asml: number): number {
  const sbig = NRM2.sbig,
    ssml = NRM2.ssml;
  if (abig > 0) {
    if (amed > 0 || amed !== amed) abig += amed * sbig * sbig;
    return Math.sqrt(abig) / sbig;
  }
  if (asml > 0) {
    if (amed > 0 || amed !== amed) {
      const ym = Math.sqrt(amed),
        ys = Math.sqrt(asml) / ssml;
      const ymin = ys > ym ? ym : ys,
        ymax = ys > ym ? ys : ym;
      return ymax * Math.sqrt(1 + (ymin / ymax) * (ymin / ymax));
    }
    return Math.sqrt(asml) / ssml;
  }
  return Math.sqrt(amed);
}

/** 1 / (1 + exp(-z)) without overflow for either sign. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)): no overflow, no loss of small values. */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}
