/**
 * The JavaScript renderer: a checked IR (after allocate-buffers) becomes the source of two plain
 * JavaScript functions, `allocate(d)` (every buffer for one dimension signature) and
 * `kernel(d, ins, B)` (one evaluation, no allocation). It decides nothing: what is a loop, what
 * is fused and where each array lives are the IR's; this file only writes them out, in the
 * IR's order. Loops become straight-line code so V8 sees monomorphic Float64Array loops; the
 * helpers (kernels.ts, pasted in as text: helpers.ts) cover the products and factorizations.
 */
import { Dim } from '../core/dims';
import { HELPER_NAMES, HelperName } from './helpers';
import { Call, EwOp, IR, Instr, Local, Loop, Operand, Reduction, Rows, Scalar, VType, Value, isScalarType, isVectorType } from './ir/types';

export interface Generated {
  /** The helpers the kernel calls (helperSource adds those they call). */
  readonly helpers: HelperName[];
  readonly allocateSource: string;
  readonly kernelSource: string;
}

/** How the generated JavaScript names the IR's values (for another loop renderer: wasm). */
export interface JsNames {
  /** The JS variable holding an array value (a Float64Array). */
  readonly array: (v: Value) => string;
  /** The JS expression of a scalar: its local, a literal, a dimension's size. */
  readonly scalar: (s: Scalar) => string;
  readonly dim: (d: Dim) => string;
}

export interface CodegenOptions {
  /**
   * Sizes known when generating (a kernel specialized for one dimension signature). A row-fused
   * pass over rows of at most `unrollMax` entries is then fully unrolled: x and the gradient
   * live in locals, and there is no inner loop at all.
   */
  readonly fixedDims?: ReadonlyMap<string, number>;
  /** Longest row to unroll when its size is fixed (default UNROLL_MAX). */
  readonly unrollMax?: number;
  /**
   * Another renderer for loops (the wasm backend): JS lines that run the loop and define its
   * reductions' scalars, or undefined to write the loop in JavaScript as usual.
   */
  readonly external?: (l: Loop | Rows, names: JsNames) => string[] | undefined;
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
const internal = (message: string): never => {
  throw new Error(`internal: codegen: ${message}`);
};

/** Where a loop body is: the row within a block (a local-name suffix) and the flat index of the element. */
interface Ctx {
  readonly loads: ReadonlyMap<number, Value>; // plain loads: read in place at the index
  readonly suffix: string;
  readonly index: string;
}

export function generate(ir: IR, opts: CodegenOptions = {}): Generated {
  const storage = ir.storage ?? internal('the IR has no buffers (run allocate-buffers first)');
  const buffers = ir.buffers!;
  const helpers = new Set<HelperName>();
  const use = (h: HelperName) => void helpers.add(h);

  // ---- names ----
  const used = ir.inputs.slice(0, ir.inputs.length - ir.unused);
  const dimName = new Map(ir.dims.map((d, i) => [d, IDENT.test(d) ? `d_${d}` : `d${i}`]));
  const inName = new Map(used.map((v, k) => [v.id, IDENT.test(v.name!) ? `v_${v.name}` : `v${k}`]));
  const dimExpr = (d: Dim) => (typeof d === 'number' ? String(d) : (dimName.get(d) ?? internal(`no dimension ${d}`)));
  const sizeExpr = (s: VType) => (s.rows === 1 ? dimExpr(s.cols) : s.cols === 1 ? dimExpr(s.rows) : `${dimExpr(s.rows)} * ${dimExpr(s.cols)}`);
  const viewOf = new Map<number, Value>();
  for (const ins of ir.instrs) if (ins.kind === 'view') viewOf.set(ins.out.id, ins.src);
  /** The JS variable of an array (a view is its vector's data). */
  const array = (v0: Value): string => {
    let v = v0;
    while (viewOf.has(v.id)) v = viewOf.get(v.id)!;
    const b = storage.get(v.id);
    return inName.get(v.id) ?? (b === undefined ? internal(`array value ${v.id} has no buffer`) : `b${b}`);
  };
  const scalar = (s: Scalar): string => (s.tag === 'lit' ? lit(s.value) : s.tag === 'dim' ? dimExpr(s.name) : `s${s.id}`);
  const names: JsNames = { array, scalar, dim: dimExpr };

  // ---- expressions ----
  const local = (l: Local, ctx: Ctx): string => {
    const src = ctx.loads.get(l.id);
    return src ? `${array(src)}[${ctx.index}]` : `t${l.id}${ctx.suffix}`;
  };
  const operand = (o: Operand, ctx?: Ctx): string => (o.tag !== 'local' ? scalar(o) : ctx ? local(o, ctx) : internal('a local outside a loop'));
  const powExpr = (a: string, e: Operand, eText: string): string => {
    if (e.tag === 'lit') {
      const v = e.value;
      if (v === 2) return `(${a} * ${a})`;
      if (v === 3) return `(${a} * ${a} * ${a})`;
      if (v === -1) return `(1 / ${a})`;
      if (v === -2) return `(1 / (${a} * ${a}))`;
      if (v === 0.5) return `Math.sqrt(${a})`;
    }
    return `Math.pow(${a}, ${eText})`;
  };
  const fn = (f: string) => (a: string[]) => `${f}(${a[0]})`;
  /** How each elementwise operation is written, given its arguments' expressions. */
  const EXPR: Record<EwOp, (a: string[], args: readonly Operand[]) => string> = {
    copy: (a) => a[0],
    add: (a) => `(${a.join(' + ')})`,
    mul: (a) => `(${a.join(' * ')})`,
    pow: (a, args) => powExpr(a[0], args[1], a[1]),
    exp: fn('Math.exp'),
    log: fn('Math.log'),
    sqrt: fn('Math.sqrt'),
    sin: fn('Math.sin'),
    cos: fn('Math.cos'),
    tan: fn('Math.tan'),
    tanh: fn('Math.tanh'),
    abs: fn('Math.abs'),
    sign: fn('Math.sign'),
    sigmoid: (a) => (use('sigmoid'), `sigmoid(${a[0]})`),
    softplus: (a) => (use('softplus'), `softplus(${a[0]})`),
    expNegAbs: (a) => `Math.exp(-Math.abs(${a[0]}))`,
    log1pE: (a) => `Math.log1p(${a[0]})`,
    expm1: fn('Math.expm1'),
    relu: (a) => `(${a[0]} > 0 ? ${a[0]} : ${a[0]} === ${a[0]} ? 0 : NaN)`,
    softplusE: (a) => `(Math.max(${a[0]}, 0) + ${a[1]})`,
    max: (a) => `Math.max(${a[0]}, ${a[1]})`,
    min: (a) => `Math.min(${a[0]}, ${a[1]})`,
    sigmoidE: (a) => `(${a[0]} >= 0 ? 1 / (1 + ${a[1]}) : ${a[1]} / (1 + ${a[1]}))`,
    eye: () => '(i === j ? 1 : 0)',
  };
  const exprOf = (op: EwOp, args: readonly Operand[], ctx?: Ctx) =>
    EXPR[op](
      args.map((a) => operand(a, ctx)),
      args,
    );

  // ---- statements ----
  const out: string[] = [];
  const emit = (indent: number, line: string) => out.push('  '.repeat(indent) + line);

  /** The body of a loop for one element (one row of a block): its locals, reductions, stores. */
  const body = (l: Loop | Rows, ctx: Ctx, ind: number, blocked = false) => {
    for (const b of l.body) {
      if (b.kind === 'op') emit(ind, `const t${b.out.id}${ctx.suffix} = ${exprOf(b.op, b.args, ctx)};`);
      else if (b.transposed) {
        const rows = l.kind === 'loop' && l.space.kind === 'matrix' ? l.space.rows : internal('a transposed load outside a matrix loop');
        emit(ind, `const t${b.out.id}${ctx.suffix} = ${array(b.src)}[j * ${dimExpr(rows)} + i];`);
      }
    }
    if (!blocked) for (const r of l.reductions) emit(ind, accumulate(r, ctx));
    for (const s of l.stores) emit(ind, `${array(s.out)}[${ctx.index}] = ${local(s.src, ctx)};`);
  };
  const reduceTerm = (r: Reduction, ctx: Ctx): string => {
    const a = operand(r.args[0], ctx);
    switch (r.op) {
      case 'sum':
        return a;
      case 'norm1':
        return `Math.abs(${a})`;
      case 'dot':
        return `${a} * ${operand(r.args[1], ctx)}`;
      default:
        return internal(`${r.op} is not a sum of terms`);
    }
  };
  /**
   * One element's contribution. norm2 keeps LAPACK dnrm2's three accumulators (Blue's
   * algorithm): squares of big entries scaled down, of tiny ones scaled up, of the rest as they
   * are, so that no square overflows or underflows; the branches are predictable in range.
   */
  const accumulate = (r: Reduction, ctx: Ctx): string => {
    const id = r.out.id;
    if (r.op !== 'norm2') return `acc${id} += ${reduceTerm(r, ctx)};`;
    const q = `q${id}${ctx.suffix}`;
    return `{ const ${q} = Math.abs(${operand(r.args[0], ctx)}); if (${q} > ${NRM2.tbig}) { const u = ${q} * ${NRM2.sbig}; big${id} += u * u; } else if (${q} < ${NRM2.tsml}) { const u = ${q} * ${NRM2.ssml}; sml${id} += u * u; } else acc${id} += ${q} * ${q}; }`;
  };
  /** In a block of rows, each reduction adds the block's terms first: one loop-carried add per block. */
  const blockReductions = (l: Rows, ctxs: Ctx[], ind: number) => {
    if (ctxs.length === 1) return;
    for (const r of l.reductions)
      if (r.op === 'norm2') for (const ctx of ctxs) emit(ind, accumulate(r, ctx));
      else emit(ind, `acc${r.out.id} += ${ctxs.map((ctx) => reduceTerm(r, ctx)).join(' + ')};`);
  };
  const finishReductions = (l: Loop | Rows, ind: number) => {
    for (const r of l.reductions) {
      const id = r.out.id;
      if (r.op === 'norm2') (use('norm2Finish'), emit(ind, `const s${id} = norm2Finish(acc${id}, big${id}, sml${id});`));
      else emit(ind, `const s${id} = acc${id};`);
    }
  };
  const loadsOf = (l: Loop | Rows) => {
    const m = new Map<number, Value>();
    for (const b of l.body) if (b.kind === 'load' && !b.transposed) m.set(b.out.id, b.src);
    return m;
  };

  /** Reduction accumulators live outside the loop's block; their results after it. */
  const emitLoop = (l: Loop | Rows, ind: number) => {
    const ext = opts.external?.(l, names);
    if (ext) {
      for (const line of ext) emit(ind, line);
      return;
    }
    for (const r of l.reductions) emit(ind, r.op === 'norm2' ? `let acc${r.out.id} = 0, big${r.out.id} = 0, sml${r.out.id} = 0;` : `let acc${r.out.id} = 0;`);
    emit(ind, '{');
    if (l.kind === 'rows') emitRowLoop(l, ind + 1);
    else emitElementLoop(l, ind + 1);
    emit(ind, '}');
    finishReductions(l, ind);
  };
  const emitElementLoop = (l: Loop, ind: number) => {
    const loads = loadsOf(l);
    if (l.space.kind === 'vector') {
      emit(ind, `for (let i = 0; i < ${dimExpr(l.space.len)}; i++) {`);
      body(l, { loads, suffix: '', index: 'i' }, ind + 1);
    } else {
      emit(ind, `for (let i = 0, p = 0; i < ${dimExpr(l.space.rows)}; i++) {`);
      emit(ind + 1, `for (let j = 0; j < ${dimExpr(l.space.cols)}; j++, p++) {`);
      body(l, { loads, suffix: '', index: 'p' }, ind + 2);
      emit(ind + 1, '}');
    }
    emit(ind, '}');
  };

  /** Rows in blocks of R (the main loop), then the rows left over one at a time. */
  const emitRowBlocks = (ind: number, R: number, m: string, block: (rows: number, ind2: number) => void) => {
    if (R > 1) {
      emit(ind, `for (; i + ${R} <= ${m}; i += ${R}) {`);
      block(R, ind + 1);
      emit(ind, '}');
    }
    emit(ind, `for (; i < ${m}; i++) {`);
    block(1, ind + 1);
    emit(ind, '}');
  };
  /** The contexts of the rows of one block: suffix _k and index i + k (one row: no suffix). */
  const rowCtxs = (l: Rows, rows: number): Ctx[] => {
    const loads = loadsOf(l);
    return Array.from({ length: rows }, (_, k) => ({ loads, suffix: rows === 1 ? '' : `_${k}`, index: k === 0 ? 'i' : `i + ${k}` }));
  };

  /** One pass over the rows of A: dot products, the loop body per row, rank-R gradient updates. */
  const emitRowLoop = (l: Rows, ind: number) => {
    const cols = l.A.type.cols;
    const fixedN = typeof cols === 'number' ? cols : opts.fixedDims?.get(cols);
    if (fixedN !== undefined && fixedN <= (opts.unrollMax ?? UNROLL_MAX)) return emitUnrolledRows(l, ind, fixedN);
    const A = array(l.A);
    const x = array(l.x);
    const m = dimExpr(l.A.type.rows);
    const n = dimExpr(cols);
    const z = l.z.id;
    const outs = l.updates.map((u) => array(u.out));
    emit(ind, `// one pass over the rows of ${A} (${l.A.type.rows}×${cols}): z = ${A}*${x}, the elementwise work, and ${outs.join(', ')} += h(z_i) a_i`);
    for (const o of outs) emit(ind, `${o}.fill(0);`);
    emit(ind, 'let i = 0;');
    const block = (rows: number, ind2: number) => {
      const ctxs = rowCtxs(l, rows);
      const ks = ctxs.map((_, k) => k);
      if (rows === 1) emit(ind2, `const o0 = i * ${n};`);
      else
        emit(
          ind2,
          `const o0 = i * ${n}, ${ks
            .slice(1)
            .map((k) => `o${k} = o${k - 1} + ${n}`)
            .join(', ')};`,
        );
      emit(ind2, `let ${ctxs.map((c) => `t${z}${c.suffix} = 0`).join(', ')};`);
      emit(ind2, `for (let j = 0; j < ${n}; j++) {`);
      emit(ind2 + 1, `const xj = ${x}[j];`);
      emit(ind2 + 1, ctxs.map((c, k) => `t${z}${c.suffix} += ${A}[o${k} + j] * xj;`).join(' '));
      emit(ind2, '}');
      for (const c of ctxs) body(l, c, ind2, rows > 1);
      blockReductions(l, ctxs, ind2);
      const hs = l.updates.map((u) => ctxs.map((c) => local(u.h, c)));
      emit(ind2, `for (let j = 0; j < ${n}; j++) {`);
      l.updates.forEach((_u, q) => emit(ind2 + 1, `${outs[q]}[j] += ${ks.map((k) => `${hs[q][k]} * ${A}[o${k} + j]`).join(' + ')};`));
      emit(ind2, '}');
    };
    emitRowBlocks(ind, l.block, m, block);
  };

  /** The row-fused pass for a known, small row length: x and every g in locals, no inner loops. */
  const emitUnrolledRows = (l: Rows, ind: number, n: number) => {
    const A = array(l.A);
    const x = array(l.x);
    const m = dimExpr(l.A.type.rows);
    const z = l.z.id;
    const js = Array.from({ length: n }, (_, j) => j);
    const outs = l.updates.map((u) => array(u.out));
    emit(ind, `// one pass over the rows of ${A} (${l.A.type.rows}×${n}, unrolled): z = ${A}*${x}, the elementwise work, and ${outs.join(', ')} += h(z_i) a_i`);
    emit(ind, `const ${js.map((j) => `x${j} = ${x}[${j}]`).join(', ')};`);
    l.updates.forEach((_u, q) => emit(ind, `let ${js.map((j) => `g${q}_${j} = 0`).join(', ')};`));
    emit(ind, 'let i = 0;');
    const block = (rows: number, ind2: number) => {
      const ctxs = rowCtxs(l, rows);
      const at = (k: number, j: number) => `${A}[o${k}${j ? ` + ${j}` : ''}]`;
      emit(ind2, `const ${ctxs.map((_, k) => `o${k} = ${k === 0 ? `i * ${n}` : `o${k - 1} + ${n}`}`).join(', ')};`);
      ctxs.forEach((c, k) => emit(ind2, `const t${z}${c.suffix} = ${js.map((j) => `${at(k, j)} * x${j}`).join(' + ')};`));
      for (const c of ctxs) body(l, c, ind2, rows > 1);
      blockReductions(l, ctxs, ind2);
      l.updates.forEach((u, q) => {
        const hs = ctxs.map((c) => local(u.h, c));
        for (const j of js) emit(ind2, `g${q}_${j} += ${hs.map((h, k) => `${h} * ${at(k, j)}`).join(' + ')};`);
      });
    };
    emitRowBlocks(ind, l.block, m, block);
    l.updates.forEach((_u, q) => emit(ind, js.map((j) => `${outs[q]}[${j}] = g${q}_${j};`).join(' ')));
  };

  /** A kernel: a helper call over arrays as stored (a transposed operand is read with a flag). */
  const emitCall = (c: Call, ind: number) => {
    const [X, Y] = c.args;
    const a = c.args.map(array);
    const rows = dimExpr(X.type.rows),
      cols = dimExpr(X.type.cols);
    const C = isScalarType(c.out.type) ? `s${c.out.id}` : array(c.out);
    const W = () => (c.scratch === undefined ? internal(`${c.op} has no scratch`) : `b${c.scratch}`);
    const call = (h: HelperName, args: string[], note = '') => (use(h), emit(ind, `${h}(${args.join(', ')});${note}`));
    const value = (h: HelperName, args: string[]) => (use(h), emit(ind, `const ${C} = ${h}(${args.join(', ')});`));
    switch (c.op) {
      case 'gemv':
        return call('gemv', [a[0], rows, cols, a[1], C], ` // ${C} = ${a[0]} * ${a[1]}`);
      case 'gemvT':
        return call('gemvT', [a[0], rows, cols, a[1], C], ` // ${C} = ${a[0]}' * ${a[1]}`);
      case 'outer':
        return call('outer', [a[0], a[1], dimExpr(c.out.type.rows), dimExpr(c.out.type.cols), C], ` // ${C} = ${a[0]} * ${a[1]}'`);
      case 'gemm': {
        const k = dimExpr(c.tx ? X.type.rows : X.type.cols);
        return call('gemm', [a[0], String(c.tx === true), a[1], String(c.ty === true), dimExpr(c.out.type.rows), k, dimExpr(c.out.type.cols), C]);
      }
      case 'wgram':
        return call('wgram', [a[0], Y ? a[1] : 'null', rows, cols, C], ` // ${C} = ${a[0]}'${Y ? ` diag(${a[1]})` : ''} ${a[0]}`);
      case 'tr':
        return value('tr', [a[0], rows]);
      case 'det':
        return value('det', [a[0], rows, W()]);
      case 'logdet':
        return value('logdet', [a[0], rows, W()]);
      case 'inv':
        return call('inv', [a[0], rows, C, W()]);
      case 'diagm': {
        const n = dimExpr(c.out.type.rows);
        // wasm backend buffers share memory between signatures: the zeros off the diagonal are written every call
        if (opts.allocator) emit(ind, `${C}.fill(0);`);
        return emit(ind, `for (let i = 0; i < ${n}; i++) ${C}[i * ${n} + i] = ${a[0]}[i];`);
      }
      case 'diagv':
        return emit(ind, `for (let i = 0; i < ${rows}; i++) ${C}[i] = ${a[0]}[i * ${rows} + i];`);
      case 'logsumexp':
        return value('logsumexp', [a[0], sizeExpr(X.type)]);
      // A matrix is a batch: one distribution per column; a vector is one distribution.
      case 'softmax':
        return isVectorType(X.type) ? call('softmax', [a[0], sizeExpr(X.type), C]) : call('softmaxColumns', [a[0], rows, dimExpr(X.type.cols), C]);
    }
  };

  const emitInstr = (ins: Instr) => {
    switch (ins.kind) {
      case 'scalar':
        return emit(1, `const s${ins.out.id} = ${exprOf(ins.op, ins.args)};`);
      case 'view':
        return; // the same data
      case 'call':
        return emitCall(ins, 1);
      case 'loop':
      case 'rows':
        return emitLoop(ins, 1);
    }
  };

  // ---- the kernel ----
  // `| 0` (small integers, so index arithmetic stays integer arithmetic in V8) only for sizes
  // that some array's length bounds: the runtime refuses arrays beyond MAX_ENTRIES < 2³¹, so
  // the truncation is exact. Any other size (used only as a number, like m in sum(x)/m) stays
  // the exact double it was given.
  const bounded = new Set<Dim>();
  for (const t of [...used.map((v) => v.type), ...buffers, ...ir.outputs.map((o) => o.type)]) (bounded.add(t.rows), bounded.add(t.cols));
  emit(
    1,
    ir.dims.length ? `const ${ir.dims.map((d, i) => `${dimName.get(d)} = d[${i}]${bounded.has(d) ? ' | 0' : ''}`).join(', ')};` : '// no dimension symbols',
  );
  used.forEach((v, k) => emit(1, `const ${inName.get(v.id)} = ins[${k}]; // ${v.name}: ${v.type.rows}×${v.type.cols}`));
  const internalBuffers = new Set<number>(storage.values());
  for (const ins of ir.instrs) if (ins.kind === 'call' && ins.scratch !== undefined) internalBuffers.add(ins.scratch);
  for (const b of [...internalBuffers].sort((p, q) => p - q)) emit(1, `const b${b} = B[${b}]; // ${buffers[b].note}`);
  for (const v of used) if (isScalarType(v.type)) emit(1, `const s${v.id} = ${inName.get(v.id)}[0];`);
  for (const ins of ir.instrs) emitInstr(ins);
  // ---- outputs: left in their own buffer, or copied into their result buffer ----
  for (const o of ir.outputs) {
    const b = o.buffer ?? internal(`output ${o.name} has no buffer`);
    const src = o.src;
    if (src.tag === 'value' && !isScalarType(src.type)) {
      if (storage.get(src.id) !== b) emit(1, `B[${b}].set(${array(src)});`);
    } else emit(1, `B[${b}][0] = ${scalar(src)};`);
  }

  const kernelSource = `function kernel(d/*: Float64Array*/, ins/*: Float64Array[]*/, B/*: Float64Array[]*/)/*: void*/ {\n${out.join('\n')}\n}`;
  const alloc: string[] = [];
  const sizeDims = ir.dims.filter((d) => buffers.some((b) => b.rows === d || b.cols === d));
  if (sizeDims.length) alloc.push(`  const ${sizeDims.map((d) => `${dimName.get(d)} = d[${ir.dims.indexOf(d)}]`).join(', ')};`);
  if (opts.allocator) alloc.push(`  return ${opts.allocator}([${buffers.map(sizeExpr).join(', ')}], d);`);
  else {
    alloc.push('  return [');
    buffers.forEach((b, k) => alloc.push(`    new Float64Array(${sizeExpr(b)}), // b${k}: ${b.note}`));
    alloc.push('  ];');
  }
  const allocateSource = `function allocate(d/*: Float64Array*/)/*: Float64Array[]*/ {\n${alloc.join('\n')}\n}`;
  return { helpers: HELPER_NAMES.filter((h) => helpers.has(h)), allocateSource, kernelSource };
}
