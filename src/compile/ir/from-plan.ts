/**
 * Pass "from-plan": a Plan (plan.ts, read only) becomes IR. Every decision is the plan's: which
 * nodes are scalars, which loop computes what, which values have a buffer. This pass only
 * writes them down, in the order they run: per stage, its kernels, its scalars, then its loops.
 * (Row fusion comes after, as the pass fuse-rows.)
 */
import { Dim, Shape } from '../../core/dims';
import { LNode, LOp } from '../lnode';
import { Loop as PlanLoop, Plan, dataNode, isVectorShape, isVectorTranspose } from '../plan';
import { BodyInstr, CallOp, EwOp, IR, Instr, Local, Operand, Output, Reduction, Scalar, Store, VType, Value } from './types';

export interface FromPlanOptions {
  /** The role and name of each output of the plan, in order (default: 'output', its index). */
  readonly outputs?: readonly { readonly role: Output['role']; readonly name: string }[];
  /** Variables the evaluator takes without reading them (validated and bound only). */
  readonly extraInputs?: readonly { readonly name: string; readonly shape: Shape }[];
}

/** How each lowered elementwise op is written in the IR (undefined: not elementwise). */
const EW: Partial<Record<LOp, EwOp>> = {
  add: 'add',
  mul: 'mul',
  hadamard: 'mul',
  pow: 'pow',
  epow: 'pow',
  exp: 'exp',
  log: 'log',
  sqrt: 'sqrt',
  sin: 'sin',
  cos: 'cos',
  tan: 'tan',
  tanh: 'tanh',
  abs: 'abs',
  sign: 'sign',
  log1p: 'log1pE',
  expm1: 'expm1',
  relu: 'relu',
  max: 'max',
  min: 'min',
  sigmoid: 'sigmoid',
  softplus: 'softplus',
  expNegAbs: 'expNegAbs',
  log1pE: 'log1pE',
  softplusE: 'softplusE',
  sigmoidE: 'sigmoidE',
};

const internal = (message: string): never => {
  throw new Error(`internal: from-plan: ${message}`);
};
const tag = (n: LNode) => `${n.op}#${n.id}`;

export function fromPlan(p: Plan, opts: FromPlanOptions = {}): IR {
  let nextId = 0;
  const newValue = (type: VType, name?: string): Value => ({
    tag: 'value',
    id: nextId++,
    type: { rows: type.rows, cols: type.cols },
    ...(name === undefined ? {} : { name }),
  });
  const newLocal = (): Local => ({ tag: 'local', id: nextId++ });

  const kind = (n: LNode) => p.kind.get(n)!;
  const isScalarValue = (n: LNode) => kind(n) === 'scalar' || kind(n) === 'reduce' || (kind(n) === 'barrier' && n.shape.rows === 1 && n.shape.cols === 1);

  // ---- inputs and dimensions, in codegen's order ----
  const vars = p.order.filter((n) => n.op === 'var').sort((a, b) => (a.name! < b.name! ? -1 : 1));
  const dimSet = new Set<string>();
  const noteDim = (d: Dim) => typeof d === 'string' && dimSet.add(d);
  for (const n of p.order) {
    noteDim(n.shape.rows);
    noteDim(n.shape.cols);
    if (n.op === 'dim') dimSet.add(n.name!);
  }
  const dims = [...dimSet].sort();
  const valueOf = new Map<LNode, Value>();
  const inputs: Value[] = vars.map((n) => {
    const v = newValue(n.shape, n.name!);
    valueOf.set(n, v);
    return v;
  });
  const known = new Set(inputs.map((v) => v.name!));
  let unused = 0;
  for (const x of opts.extraInputs ?? []) {
    if (known.has(x.name)) continue;
    known.add(x.name);
    inputs.push(newValue(x.shape, x.name));
    unused++;
    for (const d of [x.shape.rows, x.shape.cols]) if (typeof d === 'string' && !dims.includes(d)) dims.push(d);
  }

  const value = (n0: LNode): Value => {
    const n = dataNode(n0);
    return valueOf.get(n) ?? internal(`${tag(n)} is read before anything computes it`);
  };
  const scalar = (n0: LNode): Scalar => {
    const n = dataNode(n0);
    if (n.op === 'const') return { tag: 'lit', value: n.value! };
    if (n.op === 'dim') return { tag: 'dim', name: n.name! };
    return value(n);
  };
  const ewOp = (n: LNode): EwOp => EW[n.op] ?? internal(`${tag(n)} is not an elementwise operation`);

  const instrs: Instr[] = [];

  // ---- kernels ----
  const barrier = (n: LNode) => {
    const out = () => {
      const v = newValue(isScalarValue(n) ? { rows: 1, cols: 1 } : n.shape);
      valueOf.set(n, v);
      return v;
    };
    const call = (op: CallOp, args: Value[], flags: { tx?: boolean; ty?: boolean } = {}) => instrs.push({ kind: 'call', op, args, out: out(), ...flags });
    const gram = p.grams.get(n);
    if (gram) return call('wgram', gram.v ? [value(gram.X), value(gram.v)] : [value(gram.X)]);
    if (n.op === 'matmul') {
      const [X, Y] = n.args;
      const ux = X.op === 'transpose' ? X.args[0] : X;
      const uy = Y.op === 'transpose' ? Y.args[0] : Y;
      const tx = X.op === 'transpose' && !isVectorShape(X.shape);
      const ty = Y.op === 'transpose' && !isVectorShape(Y.shape);
      const [r, k, c] = [X.shape.rows, X.shape.cols, Y.shape.cols];
      const sx = value(ux);
      const sy = value(uy);
      if (c === 1) return tx ? call('gemvT', [sx, sy]) : call('gemv', [sx, sy]);
      if (r === 1) return ty ? call('gemv', [sy, sx]) : call('gemvT', [sy, sx]);
      if (k === 1) return call('outer', [sx, sy]);
      return call('gemm', [sx, sy], { tx, ty });
    }
    switch (n.op) {
      case 'tr':
      case 'det':
      case 'logdet':
      case 'inv':
      case 'diagm':
      case 'diagv':
      case 'logsumexp':
      case 'softmax':
        return call(n.op, [value(n.args[0])]);
      default:
        return internal(`no kernel for ${tag(n)}`);
    }
  };

  // ---- loops ----
  const loop = (l: PlanLoop) => {
    const body: BodyInstr[] = [];
    const locals = new Map<LNode, Local>();
    const loads = new Map<Value, Local>();
    const load = (src: Value, transposed = false): Local => {
      const hit = transposed ? undefined : loads.get(src);
      if (hit) return hit;
      const out = newLocal();
      body.push({ kind: 'load', out, src, transposed });
      if (!transposed) loads.set(src, out);
      return out;
    };
    const operand = (a: LNode): Operand => {
      const n = dataNode(a);
      if (n.op === 'const' || n.op === 'dim' || isScalarValue(n)) return scalar(n);
      if (p.loopOf.get(n) === l && kind(n) === 'ew') return locals.get(n) ?? internal(`${tag(n)} is read in its loop before it is computed`);
      return load(value(n));
    };
    for (const n of l.members) {
      if (isVectorTranspose(n)) continue; // an alias: every reader reads its vector
      const out = newLocal();
      if (n.op === 'transpose') {
        body.push({ kind: 'load', out, src: value(n.args[0]), transposed: true });
      } else if (n.op === 'zeros' || n.op === 'ones') {
        body.push({ kind: 'op', op: 'copy', out, args: [{ tag: 'lit', value: n.op === 'ones' ? 1 : 0 }] });
      } else if (n.op === 'eye') {
        body.push({ kind: 'op', op: 'eye', out, args: [] });
      } else {
        body.push({ kind: 'op', op: ewOp(n), out, args: n.args.map(operand) });
      }
      locals.set(n, out);
    }
    const reductions: Reduction[] = [];
    for (const r of l.reductions) {
      const op = r.op === 'matmul' ? 'dot' : r.op === 'sum' || r.op === 'norm1' || r.op === 'norm2' ? r.op : internal(`${tag(r)} is not a reduction`);
      const args = (op === 'dot' ? r.args : r.args.slice(0, 1)).map(operand);
      const out = newValue({ rows: 1, cols: 1 });
      valueOf.set(r, out);
      reductions.push({ out, op, args });
    }
    const stores: Store[] = [];
    for (const n of l.members)
      if (p.buffered.has(n) && n.op !== 'var') {
        const out = newValue(n.shape);
        valueOf.set(n, out);
        stores.push({ out, src: locals.get(n) ?? internal(`${tag(n)} is stored but not computed`) });
      }
    instrs.push({
      kind: 'loop',
      space: l.space.kind === 'vector' ? { kind: 'vector', len: l.space.len } : { kind: 'matrix', rows: l.space.rows, cols: l.space.cols },
      body,
      stores,
      reductions,
    });
  };

  // ---- the program, stage by stage ----
  const atStage = Array.from({ length: p.maxStage + 1 }, () => ({ barriers: [] as LNode[], scalars: [] as LNode[], loops: [] as PlanLoop[] }));
  for (const n of p.order) {
    const at = atStage[p.stage.get(n)!];
    if (kind(n) === 'barrier') at.barriers.push(n);
    else if (kind(n) === 'scalar' && n.op !== 'const' && n.op !== 'dim' && n.op !== 'var') at.scalars.push(n);
  }
  for (const l of p.loops) atStage[l.stage].loops.push(l);
  for (const { barriers, scalars, loops } of atStage) {
    for (const n of barriers) barrier(n);
    for (const n of scalars) {
      const out = newValue({ rows: 1, cols: 1 });
      instrs.push({ kind: 'scalar', op: ewOp(n), out, args: n.args.map(scalar) });
      valueOf.set(n, out);
    }
    for (const l of loops) loop(l);
  }

  // ---- outputs ----
  const outputs: Output[] = p.outputs.map((n, k) => {
    const named = opts.outputs?.[k] ?? { role: 'output' as const, name: String(k) };
    const type = { rows: n.shape.rows, cols: n.shape.cols };
    let src: Scalar = scalar(n);
    // a vector's transpose as an output: a view, so that the output value has the output's type
    if (src.tag === 'value' && !isScalarValue(dataNode(n)) && (src.type.rows !== type.rows || src.type.cols !== type.cols)) {
      const out = newValue(type);
      instrs.push({ kind: 'view', out, src });
      src = out;
    }
    return { ...named, type, src };
  });

  return { inputs, unused, dims, instrs, outputs, passes: ['from-plan'] };
}
