/**
 * Code generation: a Plan becomes the source of two plain JavaScript functions,
 * `allocate(d)` (every buffer for one dimension signature) and `kernel(d, ins, B)` (one
 * evaluation, no allocation). Fused loops are written out as straight-line code so V8 sees
 * monomorphic Float64Array loops; helpers (kernels.ts) cover the products and factorizations.
 */
import { Dim, Shape } from '../core/dims';
import { LNode, LOp } from './lnode';
import { HELPERS, HELPER_DEPS, HelperName } from './kernels';
import { Loop, Plan, dataNode, isVectorShape, isVectorTranspose } from './plan';
import type { LoopNames } from './wasm/render';

export interface Generated {
  readonly helpers: HelperName[];
  readonly allocateSource: string;
  readonly kernelSource: string;
  /** Index into the buffer array of each output, in output order. */
  readonly outputBuffers: number[];
  /** Names of the dimension symbols, in the order of the `d` array. */
  readonly dims: string[];
  /** Input variables, in the order of the `ins` array. */
  readonly inputs: { name: string; shape: Shape }[];
  /**
   * The shape of every array the kernel indexes (inputs and buffers). The runtime refuses sizes
   * that make any of them longer than MAX_ENTRIES, which is what makes `| 0` exact for the
   * dimensions these shapes mention.
   */
  readonly arrayShapes: [Dim, Dim][];
  /** How many buffers allocate(d) makes. */
  readonly bufferCount: number;
}

export interface CodegenOptions {
  /** Rows per block in row-fused passes (default 4). */
  readonly rowBlock?: number;
  /**
   * Sizes known when generating (a kernel specialized for one dimension signature). A row-fused
   * pass over rows of at most UNROLL_MAX entries is then fully unrolled: x and the gradient
   * live in locals, and there is no inner loop at all.
   */
  readonly fixedDims?: ReadonlyMap<string, number>;
  /** Longest row to unroll when its size is fixed (default UNROLL_MAX). */
  readonly unrollMax?: number;
  /**
   * Another renderer for loops (the wasm backend): JS lines that run the loop and define its
   * reductions' locals `s<id>`, or undefined to write the loop in JavaScript as usual.
   */
  readonly external?: (l: Loop, names: LoopNames) => string[] | undefined;
  /** Allocate buffers through this function, `F(sizes, d)`, instead of `new Float64Array` (wasm memory). */
  readonly allocator?: string;
}

/**
 * Default longest row to unroll per signature: 0, off. Measured on the seed at n = 10 the
 * unrolled pass was slower than the looped one (x and g in locals spill registers), so it is
 * an option (`unrollMax`), not the default.
 */
export const UNROLL_MAX = 0;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** dnrm2's thresholds and scales for IEEE doubles (LAPACK la_constants): 2^-511, 2^486, 2^537, 2^-538. */
const NRM2 = { tsml: String(2 ** -511), tbig: String(2 ** 486), ssml: String(2 ** 537), sbig: String(2 ** -538) };
const lit = (v: number): string => (v < 0 || Object.is(v, -0) ? `(${v})` : String(v));

interface Ctx {
  readonly loop: Loop;
  readonly suffix: string; // local-name suffix: the row within a block
  readonly index: string; // flat index expression of the current element
}

export function generate(p: Plan, opts: CodegenOptions = {}): Generated {
  const R = Math.max(1, Math.floor(opts.rowBlock ?? 4));
  const helpers = new Set<HelperName>();
  const use = (h: HelperName) => {
    helpers.add(h);
    for (const d of HELPER_DEPS[h] ?? []) helpers.add(d);
  };

  // ---- names ----
  const inputs = p.order.filter((n) => n.op === 'var').sort((a, b) => (a.name! < b.name! ? -1 : 1));
  const dimSet = new Set<string>();
  const noteDim = (d: Dim) => typeof d === 'string' && dimSet.add(d);
  for (const n of p.order) {
    noteDim(n.shape.rows);
    noteDim(n.shape.cols);
    if (n.op === 'dim') dimSet.add(n.name!);
  }
  const dims = [...dimSet].sort();
  const dimName = new Map(dims.map((d, i) => [d, IDENT.test(d) ? `d_${d}` : `d${i}`]));
  const inName = new Map(inputs.map((n, i) => [n, IDENT.test(n.name!) ? `v_${n.name}` : `v${i}`]));
  const dimExpr = (d: Dim) => (typeof d === 'number' ? String(d) : dimName.get(d)!);
  const sizeExpr = (s: Shape) =>
    s.rows === 1 ? dimExpr(s.cols) : s.cols === 1 ? dimExpr(s.rows) : `${dimExpr(s.rows)} * ${dimExpr(s.cols)}`;

  // ---- buffers ----
  const buffers: { name: string; size: string; note: string }[] = [];
  const arrayShapes: [Dim, Dim][] = inputs.map((n) => [n.shape.rows, n.shape.cols]);
  const bufName = new Map<LNode, string>();
  const addBuffer = (name: string, s: Shape, note: string) => {
    buffers.push({ name, size: sizeExpr(s), note });
    arrayShapes.push([s.rows, s.cols]);
    return buffers.length - 1;
  };
  for (const n of p.order) {
    if (!p.buffered.has(n) || n.op === 'var') continue;
    bufName.set(n, `b${n.id}`);
    addBuffer(`b${n.id}`, n.shape, `${n.op} ${n.shape.rows}×${n.shape.cols}`);
  }
  for (const n of inputs) bufName.set(n, inName.get(n)!);
  const scratch = new Map<LNode, string>();
  for (const n of p.order)
    if (n.op === 'det' || n.op === 'logdet' || n.op === 'inv') {
      const name = `w${n.id}`;
      scratch.set(n, name);
      addBuffer(name, n.args[0].shape, `scratch for ${n.op}`);
    }

  const kind = (n: LNode) => p.kind.get(n)!;
  const isScalarValue = (n: LNode) => kind(n) === 'scalar' || kind(n) === 'reduce' || (kind(n) === 'barrier' && n.shape.rows === 1 && n.shape.cols === 1);
  /** The buffer holding n's data (a vector's transpose shares its vector's buffer). */
  const dataOf = (n0: LNode): string => {
    const n = dataNode(n0);
    if (bufName.has(n)) return bufName.get(n)!;
    throw new Error(`internal: ${n.op}#${n.id} has no buffer`);
  };

  // ---- expressions ----
  const ref = (n0: LNode, ctx?: Ctx): string => {
    const n = dataNode(n0); // a vector's transpose is read as the vector
    if (n.op === 'const') return lit(n.value!);
    if (n.op === 'dim') return dimName.get(n.name!)!;
    if (isScalarValue(n)) return `s${n.id}`;
    if (ctx && p.loopOf.get(n) === ctx.loop && kind(n) === 'ew') return `t${n.id}${ctx.suffix}`;
    if (!ctx) throw new Error(`internal: ${n.op}#${n.id} read outside a loop`);
    return `${dataOf(n)}[${ctx.index}]`;
  };
  const powExpr = (a: string, e: LNode, ctx?: Ctx): string => {
    if (e.op === 'const') {
      const v = e.value!;
      if (v === 2) return `(${a} * ${a})`;
      if (v === 3) return `(${a} * ${a} * ${a})`;
      if (v === -1) return `(1 / ${a})`;
      if (v === -2) return `(1 / (${a} * ${a}))`;
      if (v === 0.5) return `Math.sqrt(${a})`;
    }
    return `Math.pow(${a}, ${ref(e, ctx)})`;
  };
  const fn = (f: string) => (a: string[]) => `${f}(${a[0]})`;
  const notElementwise = (op: string) => () => {
    throw new Error(`internal: ${op} is not an elementwise operation`);
  };
  /** How each elementwise or scalar operation is written, given its arguments' expressions. */
  const EXPR: Record<LOp, (a: string[], n: LNode, ctx?: Ctx) => string> = {
    const: (_a, n) => lit(n.value!),
    dim: (_a, n) => dimName.get(n.name!)!,
    var: (_a, n) => `${inName.get(n)}[0]`,
    zeros: () => '0',
    ones: () => '1',
    eye: () => '(i === j ? 1 : 0)',
    add: (a) => `(${a.join(' + ')})`,
    mul: (a) => `(${a.join(' * ')})`,
    hadamard: (a) => `(${a.join(' * ')})`,
    pow: (a, n, ctx) => powExpr(a[0], n.args[1], ctx),
    epow: (a, n, ctx) => powExpr(a[0], n.args[1], ctx),
    transpose: (a, n) => (isVectorShape(n.shape) ? a[0] : `${dataOf(n.args[0])}[j * ${dimExpr(n.shape.rows)} + i]`),
    exp: fn('Math.exp'), log: fn('Math.log'), sqrt: fn('Math.sqrt'), sin: fn('Math.sin'), cos: fn('Math.cos'),
    tan: fn('Math.tan'), tanh: fn('Math.tanh'), abs: fn('Math.abs'),
    sign: fn('Math.sign'),
    sigmoid: (a) => (use('sigmoid'), `sigmoid(${a[0]})`),
    softplus: (a) => (use('softplus'), `softplus(${a[0]})`),
    expNegAbs: (a) => `Math.exp(-Math.abs(${a[0]}))`,
    log1pE: (a) => `Math.log1p(${a[0]})`,
    softplusE: (a) => `(Math.max(${a[0]}, 0) + ${a[1]})`,
    sigmoidE: (a) => `(${a[0]} >= 0 ? 1 / (1 + ${a[1]}) : ${a[1]} / (1 + ${a[1]}))`,
    sum: notElementwise('sum'), norm2: notElementwise('norm2'), norm1: notElementwise('norm1'),
    matmul: notElementwise('matmul'), tr: notElementwise('tr'), det: notElementwise('det'),
    logdet: notElementwise('logdet'), inv: notElementwise('inv'), diagm: notElementwise('diagm'),
    diagv: notElementwise('diagv'), logsumexp: notElementwise('logsumexp'), softmax: notElementwise('softmax'),
  };
  const exprOf = (n: LNode, ctx?: Ctx): string => {
    // transpose of a vector: the argument's value at the same index
    if (isVectorTranspose(n)) return ref(n.args[0], ctx);
    if (n.op === 'transpose') return EXPR.transpose([], n, ctx);
    // pow's exponent is written by powExpr, not evaluated as an argument
    const args = n.op === 'pow' || n.op === 'epow' ? [ref(n.args[0], ctx)] : n.args.map((a) => ref(a, ctx));
    return EXPR[n.op](args, n, ctx);
  };

  // ---- statements ----
  const out: string[] = [];
  const emit = (indent: number, line: string) => out.push('  '.repeat(indent) + line);

  /** The body of a loop for one element: members, reductions, stores. */
  const body = (l: Loop, ctx: Ctx, ind: number, skip?: LNode, blocked = false) => {
    for (const n of l.members) {
      if (n === skip) continue;
      emit(ind, `const t${n.id}${ctx.suffix} = ${exprOf(n, ctx)};`);
    }
    if (!blocked) for (const r of l.reductions) emit(ind, accumulate(r, ctx));
    for (const n of l.members) if (bufName.has(n) && n.op !== 'var') emit(ind, `${bufName.get(n)}[${ctx.index}] = t${n.id}${ctx.suffix};`);
  };
  const reduceTerm = (r: LNode, ctx: Ctx): string => {
    const a = ref(r.args[0], ctx);
    switch (r.op) {
      case 'sum': return a;
      case 'norm1': return `Math.abs(${a})`;
      case 'matmul': return `${a} * ${ref(r.args[1], ctx)}`;
      default: throw new Error(`internal: ${r.op} is not a sum of terms`);
    }
  };
  /**
   * One element's contribution. norm2 keeps LAPACK dnrm2's three accumulators (Blue's
   * algorithm): squares of big entries scaled down, of tiny ones scaled up, of the rest as they
   * are, so that no square overflows or underflows; the branches are predictable in range.
   */
  const accumulate = (r: LNode, ctx: Ctx): string => {
    if (r.op !== 'norm2') return `acc${r.id} += ${reduceTerm(r, ctx)};`;
    const q = `q${r.id}${ctx.suffix}`;
    return `{ const ${q} = Math.abs(${ref(r.args[0], ctx)}); if (${q} > ${NRM2.tbig}) { const u = ${q} * ${NRM2.sbig}; big${r.id} += u * u; } else if (${q} < ${NRM2.tsml}) { const u = ${q} * ${NRM2.ssml}; sml${r.id} += u * u; } else acc${r.id} += ${q} * ${q}; }`;
  };
  /** In a block of rows, each reduction adds the block's terms first: one loop-carried add per block. */
  const blockReductions = (l: Loop, ks: number[], sfx: (k: number) => string, idx: (k: number) => string, ind: number) => {
    if (ks.length === 1) return;
    for (const r of l.reductions)
      if (r.op === 'norm2') for (const k of ks) emit(ind, accumulate(r, { loop: l, suffix: sfx(k), index: idx(k) }));
      else emit(ind, `acc${r.id} += ${ks.map((k) => reduceTerm(r, { loop: l, suffix: sfx(k), index: idx(k) })).join(' + ')};`);
  };
  const finishReductions = (l: Loop, ind: number) => {
    for (const r of l.reductions)
      if (r.op === 'norm2') (use('norm2Finish'), emit(ind, `const s${r.id} = norm2Finish(acc${r.id}, big${r.id}, sml${r.id});`));
      else emit(ind, `const s${r.id} = acc${r.id};`);
  };

  const loopNames: LoopNames = {
    buffer: (n) => dataOf(n),
    scalar: (n) => ref(n),
    dim: (d) => dimExpr(d),
    isScalarValue,
    stores: (n) => bufName.has(n) && n.op !== 'var',
  };
  /** Reduction accumulators live outside the loop's block; their results after it. */
  const emitLoop = (l: Loop, ind: number) => {
    const ext = opts.external?.(l, loopNames);
    if (ext) {
      for (const line of ext) emit(ind, line);
      return;
    }
    for (const r of l.reductions) emit(ind, r.op === 'norm2' ? `let acc${r.id} = 0, big${r.id} = 0, sml${r.id} = 0;` : `let acc${r.id} = 0;`);
    emit(ind, '{');
    emitLoopBody(l, ind + 1);
    emit(ind, '}');
    finishReductions(l, ind);
  };
  const emitLoopBody = (l: Loop, ind: number) => {
    if (l.row) return emitRowLoop(l, ind);
    if (l.space.kind === 'vector') {
      emit(ind, `for (let i = 0; i < ${dimExpr(l.space.len)}; i++) {`);
      body(l, { loop: l, suffix: '', index: 'i' }, ind + 1);
    } else {
      emit(ind, `for (let i = 0, p = 0; i < ${dimExpr(l.space.rows)}; i++) {`);
      emit(ind + 1, `for (let j = 0; j < ${dimExpr(l.space.cols)}; j++, p++) {`);
      body(l, { loop: l, suffix: '', index: 'p' }, ind + 2);
      emit(ind + 1, '}');
    }
    emit(ind, '}');
  };

  /** Rows in blocks of R (the main loop), then the rows left over one at a time. */
  const emitRowBlocks = (ind: number, m: string, block: (rows: number, ind2: number) => void) => {
    if (R > 1) {
      emit(ind, `for (; i + ${R} <= ${m}; i += ${R}) {`);
      block(R, ind + 1);
      emit(ind, '}');
    }
    emit(ind, `for (; i < ${m}; i++) {`);
    block(1, ind + 1);
    emit(ind, '}');
  };

  /** One pass over the rows of A: dot products, the loop body per row, rank-R gradient updates. */
  const emitRowLoop = (l: Loop, ind: number) => {
    const rk = l.row!;
    const fixedN = typeof rk.A.shape.cols === 'number' ? rk.A.shape.cols : opts.fixedDims?.get(rk.A.shape.cols);
    if (fixedN !== undefined && fixedN <= (opts.unrollMax ?? UNROLL_MAX)) return emitUnrolledRows(l, ind, fixedN);
    const A = dataOf(rk.A);
    const x = dataOf(rk.x);
    const m = dimExpr(rk.A.shape.rows);
    const n = dimExpr(rk.A.shape.cols);
    const z = rk.z;
    const outs = rk.updates.map((u) => dataOf(u.out));
    emit(ind, `// one pass over the rows of ${A} (${rk.A.shape.rows}×${rk.A.shape.cols}): z = ${A}*${x}, the elementwise work, and ${outs.join(', ')} += h(z_i) a_i`);
    for (const o of outs) emit(ind, `${o}.fill(0);`);
    emit(ind, 'let i = 0;');
    const block = (rows: number, ind2: number) => {
      const ks = Array.from({ length: rows }, (_, k) => k);
      const sfx = (k: number) => (rows === 1 ? '' : `_${k}`);
      const idx = (k: number) => (k === 0 ? 'i' : `i + ${k}`);
      if (rows === 1) emit(ind2, `const o0 = i * ${n};`);
      else emit(ind2, `const o0 = i * ${n}, ${ks.slice(1).map((k) => `o${k} = o${k - 1} + ${n}`).join(', ')};`);
      emit(ind2, `let ${ks.map((k) => `t${z.id}${sfx(k)} = 0`).join(', ')};`);
      emit(ind2, `for (let j = 0; j < ${n}; j++) {`);
      emit(ind2 + 1, `const xj = ${x}[j];`);
      emit(ind2 + 1, ks.map((k) => `t${z.id}${sfx(k)} += ${A}[o${k} + j] * xj;`).join(' '));
      emit(ind2, '}');
      for (const k of ks) body(l, { loop: l, suffix: sfx(k), index: idx(k) }, ind2, z, rows > 1);
      blockReductions(l, ks, sfx, idx, ind2);
      const hs = rk.updates.map((u) => ks.map((k) => ref(u.h, { loop: l, suffix: sfx(k), index: idx(k) })));
      emit(ind2, `for (let j = 0; j < ${n}; j++) {`);
      rk.updates.forEach((_u, q) => emit(ind2 + 1, `${outs[q]}[j] += ${ks.map((k) => `${hs[q][k]} * ${A}[o${k} + j]`).join(' + ')};`));
      emit(ind2, '}');
    };
    emitRowBlocks(ind, m, block);
  };

  /** The row-fused pass for a known, small row length: x and every g in locals, no inner loops. */
  const emitUnrolledRows = (l: Loop, ind: number, n: number) => {
    const rk = l.row!;
    const A = dataOf(rk.A);
    const x = dataOf(rk.x);
    const m = dimExpr(rk.A.shape.rows);
    const z = rk.z;
    const js = Array.from({ length: n }, (_, j) => j);
    const outs = rk.updates.map((u) => dataOf(u.out));
    emit(ind, `// one pass over the rows of ${A} (${rk.A.shape.rows}×${n}, unrolled): z = ${A}*${x}, the elementwise work, and ${outs.join(', ')} += h(z_i) a_i`);
    emit(ind, `const ${js.map((j) => `x${j} = ${x}[${j}]`).join(', ')};`);
    rk.updates.forEach((_u, q) => emit(ind, `let ${js.map((j) => `g${q}_${j} = 0`).join(', ')};`));
    emit(ind, 'let i = 0;');
    const block = (rows: number, ind2: number) => {
      const ks = Array.from({ length: rows }, (_, k) => k);
      const sfx = (k: number) => (rows === 1 ? '' : `_${k}`);
      const idx = (k: number) => (k === 0 ? 'i' : `i + ${k}`);
      emit(ind2, `const ${ks.map((k) => `o${k} = ${k === 0 ? `i * ${n}` : `o${k - 1} + ${n}`}`).join(', ')};`);
      for (const k of ks) emit(ind2, `const t${z.id}${sfx(k)} = ${js.map((j) => `${A}[o${k}${j ? ` + ${j}` : ''}] * x${j}`).join(' + ')};`);
      for (const k of ks) body(l, { loop: l, suffix: sfx(k), index: idx(k) }, ind2, z, rows > 1);
      blockReductions(l, ks, sfx, idx, ind2);
      rk.updates.forEach((u, q) => {
        const hs = ks.map((k) => ref(u.h, { loop: l, suffix: sfx(k), index: idx(k) }));
        for (const j of js) emit(ind2, `g${q}_${j} += ${ks.map((k) => `${hs[k]} * ${A}[o${k}${j ? ` + ${j}` : ''}]`).join(' + ')};`);
      });
    };
    emitRowBlocks(ind, m, block);
    rk.updates.forEach((_u, q) => emit(ind, js.map((j) => `${outs[q]}[${j}] = g${q}_${j};`).join(' ')));
  };

  /** A product of two stored matrices or vectors (a transposed operand is read with a flag). */
  const emitMatmul = (n: LNode, ind: number) => {
    const gram = p.grams.get(n);
    if (gram) {
      use('wgram');
      const X = dataOf(gram.X);
      const v = gram.v ? dataOf(gram.v) : 'null';
      return emit(ind, `wgram(${X}, ${v}, ${dimExpr(gram.X.shape.rows)}, ${dimExpr(gram.X.shape.cols)}, ${dataOf(n)}); // ${dataOf(n)} = ${X}'${gram.v ? ` diag(${v})` : ''} ${X}`);
    }
    const [X, Y] = n.args;
    const ux = X.op === 'transpose' ? X.args[0] : X;
    const uy = Y.op === 'transpose' ? Y.args[0] : Y;
    const tx = X.op === 'transpose' && !isVectorShape(X.shape);
    const ty = Y.op === 'transpose' && !isVectorShape(Y.shape);
    const C = dataOf(n);
    const [r, k, c] = [X.shape.rows, X.shape.cols, Y.shape.cols];
    const sx = dataOf(ux);
    const sy = dataOf(uy);
    if (c === 1) {
      if (tx) (use('gemvT'), emit(ind, `gemvT(${sx}, ${dimExpr(k)}, ${dimExpr(r)}, ${sy}, ${C}); // ${C} = ${sx}' * ${sy}`));
      else (use('gemv'), emit(ind, `gemv(${sx}, ${dimExpr(r)}, ${dimExpr(k)}, ${sy}, ${C}); // ${C} = ${sx} * ${sy}`));
    } else if (r === 1) {
      if (ty) (use('gemv'), emit(ind, `gemv(${sy}, ${dimExpr(c)}, ${dimExpr(k)}, ${sx}, ${C}); // ${C} = (${sy} * ${sx}')'`));
      else (use('gemvT'), emit(ind, `gemvT(${sy}, ${dimExpr(k)}, ${dimExpr(c)}, ${sx}, ${C}); // ${C} = ${sx}' * ${sy}`));
    } else if (k === 1) {
      use('outer');
      emit(ind, `outer(${sx}, ${sy}, ${dimExpr(r)}, ${dimExpr(c)}, ${C}); // ${C} = ${sx} * ${sy}'`);
    } else {
      use('gemm');
      emit(ind, `gemm(${sx}, ${tx}, ${sy}, ${ty}, ${dimExpr(r)}, ${dimExpr(k)}, ${dimExpr(c)}, ${C});`);
    }
  };

  const vecData = (a: LNode) => dataOf(isVectorTranspose(a) ? a.args[0] : a);
  const emitBarrier = (n: LNode, ind: number) => {
    const a = n.args[0];
    const size = a && dimExpr(a.shape.rows);
    switch (n.op) {
      case 'matmul': return emitMatmul(n, ind);
      case 'tr': use('tr'); return emit(ind, `const s${n.id} = tr(${dataOf(a)}, ${size});`);
      case 'det': use('det'); return emit(ind, `const s${n.id} = det(${dataOf(a)}, ${size}, ${scratch.get(n)});`);
      case 'logdet': use('logdet'); return emit(ind, `const s${n.id} = logdet(${dataOf(a)}, ${size}, ${scratch.get(n)});`);
      case 'inv': use('inv'); return emit(ind, `inv(${dataOf(a)}, ${size}, ${dataOf(n)}, ${scratch.get(n)});`);
      case 'diagm':
        // wasm backend buffers share memory between signatures: the zeros off the diagonal are written every call
        if (opts.allocator) emit(ind, `${dataOf(n)}.fill(0);`);
        return emit(ind, `for (let i = 0; i < ${size}; i++) ${dataOf(n)}[i * ${size} + i] = ${vecData(a)}[i];`);
      case 'diagv':
        return emit(ind, `for (let i = 0; i < ${size}; i++) ${dataOf(n)}[i] = ${dataOf(a)}[i * ${size} + i];`);
      case 'logsumexp':
        use('logsumexp');
        return emit(ind, `const s${n.id} = logsumexp(${vecData(a)}, ${sizeExpr(a.shape)});`);
      case 'softmax':
        use('softmax');
        return emit(ind, `softmax(${vecData(a)}, ${sizeExpr(a.shape)}, ${dataOf(n)});`);
      default:
        throw new Error(`internal: no kernel for ${n.op}`);
    }
  };

  // ---- the kernel ----
  // `| 0` (small integers, so index arithmetic stays integer arithmetic in V8) only for sizes
  // that some array's length bounds: the runtime refuses arrays beyond MAX_ENTRIES < 2³¹, so
  // the truncation is exact. Any other size (used only as a number, like m in sum(x)/m) stays
  // the exact double it was given.
  const bounded = new Set<string>();
  for (const [r, c] of [...arrayShapes, ...p.outputs.map((n): [Dim, Dim] => [n.shape.rows, n.shape.cols])]) for (const x of [r, c]) if (typeof x === 'string') bounded.add(x);
  emit(1, dims.length ? `const ${dims.map((d, i) => `${dimName.get(d)} = d[${i}]${bounded.has(d) ? ' | 0' : ''}`).join(', ')};` : '// no dimension symbols');
  inputs.forEach((n, i) => emit(1, `const ${inName.get(n)} = ins[${i}]; // ${n.name}: ${n.shape.rows}×${n.shape.cols}`));
  buffers.forEach((b, i) => emit(1, `const ${b.name} = B[${i}]; // ${b.note}`));
  for (const n of inputs) if (isScalarValue(n)) emit(1, `const s${n.id} = ${inName.get(n)}[0];`);
  const fused = new Set<LNode>();
  for (const l of p.loops) if (l.row) for (const u of l.row.updates) fused.add(u.out);
  // nodes and loops bucketed by stage once (a deep program has as many stages as nodes)
  const atStage = Array.from({ length: p.maxStage + 1 }, () => ({ barriers: [] as LNode[], scalars: [] as LNode[], loops: [] as Loop[] }));
  for (const n of p.order) {
    const at = atStage[p.stage.get(n)!];
    if (kind(n) === 'barrier' && !fused.has(n)) at.barriers.push(n);
    else if (kind(n) === 'scalar' && n.op !== 'const' && n.op !== 'dim' && n.op !== 'var') at.scalars.push(n);
  }
  for (const l of p.loops) atStage[l.stage].loops.push(l);
  for (let s = 0; s <= p.maxStage; s++) {
    const { barriers, scalars, loops } = atStage[s];
    if (!barriers.length && !scalars.length && !loops.length) continue;
    emit(1, `// stage ${s}`);
    for (const n of barriers) emitBarrier(n, 1);
    for (const n of scalars) emit(1, `const s${n.id} = ${exprOf(n)};`);
    for (const l of loops) emitLoop(l, 1);
  }
  // ---- outputs ----
  const outputBuffers: number[] = [];
  p.outputs.forEach((n, k) => {
    if (bufName.has(n) && n.op !== 'var') {
      outputBuffers.push(buffers.findIndex((b) => b.name === bufName.get(n)));
      return;
    }
    const name = `out${k}`;
    outputBuffers.push(addBuffer(name, isScalarValue(n) ? { rows: 1, cols: 1 } : n.shape, `output ${k}`));
    emit(1, `B[${outputBuffers[k]}]${isScalarValue(n) ? `[0] = ${ref(n)}` : `.set(${dataOf(n)})`};`);
  });

  const kernelSource = `function kernel(d/*: Float64Array*/, ins/*: Float64Array[]*/, B/*: Float64Array[]*/)/*: void*/ {\n${out.join('\n')}\n}`;
  const alloc: string[] = [];
  if (dims.length) alloc.push(`  const ${dims.map((d, i) => `${dimName.get(d)} = d[${i}]`).join(', ')};`);
  if (opts.allocator) alloc.push(`  return ${opts.allocator}([${buffers.map((b) => b.size).join(', ')}], d);`);
  else {
    alloc.push('  return [');
    for (const b of buffers) alloc.push(`    new Float64Array(${b.size}), // ${b.name}: ${b.note}`);
    alloc.push('  ];');
  }
  const allocateSource = `function allocate(d/*: Float64Array*/)/*: Float64Array[]*/ {\n${alloc.join('\n')}\n}`;
  return {
    helpers: orderedHelpers(helpers),
    allocateSource,
    kernelSource,
    outputBuffers,
    dims,
    inputs: inputs.map((n) => ({ name: n.name!, shape: n.shape })),
    arrayShapes,
    bufferCount: buffers.length,
  };
}

function orderedHelpers(used: Set<HelperName>): HelperName[] {
  return (Object.keys(HELPERS) as HelperName[]).filter((h) => used.has(h));
}

export const helperSource = (names: readonly HelperName[]): string => names.map((h) => HELPERS[h].trim()).join('\n\n');
