/**
 * Scheduling: which lowered node is a scalar local, which is fused into a loop, which is a
 * separate kernel ("barrier"), and which loop hosts each reduction. Row fusion is an IR pass
 * (ir/fuse-rows.ts), not a decision made here.
 *
 * Stages: a barrier (matrix product, inverse, ...) runs after everything it reads; every
 * elementwise node goes in the loop of the earliest stage where its inputs exist, then sinks
 * into its consumers' loop when they all sit in one later loop. Elementwise nodes of one
 * stage over the same index space share one loop; a reduction runs in the loop that
 * produces its input. A node gets a buffer only when something outside its loop reads it.
 */
import { Dim, Shape } from '../core/dims';
import { LNode, LOp } from './lnode';

export type Kind = 'scalar' | 'input' | 'ew' | 'reduce' | 'barrier';

const byShape = (n: LNode): Kind => (n.shape.rows === 1 && n.shape.cols === 1 ? 'scalar' : 'ew');

/** One table: how each operation is scheduled. */
export const KIND: Record<LOp, (n: LNode) => Kind> = {
  const: () => 'scalar',
  dim: () => 'scalar',
  var: (n) => (n.shape.rows === 1 && n.shape.cols === 1 ? 'scalar' : 'input'),
  zeros: () => 'ew',
  ones: () => 'ew',
  eye: () => 'ew',
  add: byShape,
  mul: byShape,
  hadamard: byShape,
  max: byShape,
  min: byShape,
  pow: byShape,
  epow: byShape,
  transpose: () => 'ew',
  exp: byShape,
  log: byShape,
  sqrt: byShape,
  sin: byShape,
  cos: byShape,
  tan: byShape,
  tanh: byShape,
  sigmoid: byShape,
  softplus: byShape,
  abs: byShape,
  sign: byShape,
  log1p: byShape,
  expm1: byShape,
  relu: byShape,
  expNegAbs: byShape,
  log1pE: byShape,
  softplusE: byShape,
  sigmoidE: byShape,
  sum: () => 'reduce',
  norm2: () => 'reduce',
  norm1: () => 'reduce',
  matmul: (n) => (n.shape.rows === 1 && n.shape.cols === 1 ? 'reduce' : 'barrier'),
  tr: () => 'barrier',
  det: () => 'barrier',
  logdet: () => 'barrier',
  inv: () => 'barrier',
  diagm: () => 'barrier',
  diagv: () => 'barrier',
  logsumexp: () => 'barrier',
  softmax: () => 'barrier',
};

export const isVectorShape = (s: Shape) => s.rows === 1 || s.cols === 1;
/** A transpose of a vector has the same data layout as the vector: it is free. */
export const isVectorTranspose = (n: LNode) => n.op === 'transpose' && isVectorShape(n.shape);
/**
 * The node whose data a value is: a vector's transpose is its vector (same layout), so it is
 * an alias, never a value of its own. Every reader goes through here, so no reader can ask for
 * a local or a buffer that scheduling dropped.
 */
export const dataNode = (n: LNode): LNode => {
  while (isVectorTranspose(n)) n = n.args[0];
  return n;
};

export type LoopSpace = { kind: 'vector'; len: Dim } | { kind: 'matrix'; rows: Dim; cols: Dim };
export const loopSpace = (s: Shape): LoopSpace =>
  isVectorShape(s) ? { kind: 'vector', len: s.rows === 1 ? s.cols : s.rows } : { kind: 'matrix', rows: s.rows, cols: s.cols };
const spaceKey = (l: LoopSpace) => (l.kind === 'vector' ? `v:${l.len}` : `m:${l.rows}x${l.cols}`);

/**
 * A weighted Gram product C = Xᵀ diag(v) X (n×n, symmetric), found by structure: a product
 * Xᵀ·((v 1ᵀ) ⊙ X) (either operand order of ⊙), Xᵀ·(diag(v)·X), (Xᵀ·diag(v))·X, or Xᵀ·X (no v). It runs as
 * one kernel over X and v (one triangle, mirrored): the m×n scaled copy, the outer product
 * v 1ᵀ and diag(v) are never formed.
 */
export interface Gram {
  readonly X: LNode; // m×n, as stored
  readonly v?: LNode; // m-vector (a vector's transpose read as the vector); none: Xᵀ X
}

export interface Loop {
  readonly stage: number;
  readonly space: LoopSpace;
  readonly members: LNode[]; // elementwise nodes, topological order
  readonly reductions: LNode[];
}

export interface Plan {
  readonly order: LNode[]; // every node, topological
  readonly kind: Map<LNode, Kind>;
  readonly stage: Map<LNode, number>;
  readonly loops: Loop[];
  readonly loopOf: Map<LNode, Loop>; // ew members and reductions
  readonly buffered: Set<LNode>; // nodes that own a buffer
  readonly outputs: readonly LNode[];
  readonly maxStage: number;
  /** Products computed as weighted Grams Xᵀ diag(v) X (barriers whose kernel reads X and v). */
  readonly grams: Map<LNode, Gram>;
}

export function plan(outputs: readonly LNode[]): Plan {
  const order = collect(outputs);
  const kind = new Map<LNode, Kind>();
  for (const n of order) kind.set(n, KIND[n.op](n));
  const consumers = new Map<LNode, LNode[]>(order.map((n) => [n, []]));
  for (const n of order) for (const a of new Set(n.args)) consumers.get(a)!.push(n);
  const isOutput = new Set(outputs);

  // Earliest stages.
  const stage = new Map<LNode, number>();
  const host = new Map<LNode, number>(); // reduction -> stage of the loop that computes it
  for (const n of order) {
    const k = kind.get(n)!;
    const st = (a: LNode) => stage.get(a)!;
    const argMax = n.args.reduce((m, a) => Math.max(m, st(a)), 0);
    if (k === 'input' || n.args.length === 0) stage.set(n, 0);
    else if (k === 'scalar') stage.set(n, argMax);
    else if (k === 'ew') {
      const a = n.args[0];
      const strided = n.op === 'transpose' && !isVectorShape(n.shape) && kind.get(a) === 'ew';
      stage.set(n, strided ? st(a) + 1 : argMax);
    } else if (k === 'reduce') {
      host.set(n, argMax);
      stage.set(n, argMax + 1);
    } else stage.set(n, argMax + 1);
  }

  // Sink elementwise nodes into their consumers' loop (reverse topological order).
  const loopStage = (c: LNode): number | undefined => {
    const k = kind.get(c);
    if (k === 'ew') return c.op === 'transpose' && !isVectorShape(c.shape) ? undefined : stage.get(c);
    if (k === 'reduce') return host.get(c);
    return undefined;
  };
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i];
    if (kind.get(n) !== 'ew') continue;
    const cs = consumers.get(n)!;
    if (cs.length === 0) continue;
    const key = spaceKey(loopSpace(n.shape));
    let target: number | undefined;
    let ok = true;
    for (const c of cs) {
      const s = loopStage(c);
      const ck = kind.get(c) === 'reduce' ? spaceKey(loopSpace(c.args[0].shape)) : spaceKey(loopSpace(c.shape));
      if (s === undefined || ck !== key || (target !== undefined && s !== target)) ok = false;
      else target = s;
    }
    if (ok && target !== undefined && target > stage.get(n)!) {
      stage.set(n, target);
      // a reduction's host is the latest of its inputs' loops
      for (const c of cs) if (kind.get(c) === 'reduce') host.set(c, Math.max(host.get(c)!, target));
    }
  }

  // Loops.
  const loops = new Map<string, Loop>();
  const loopOf = new Map<LNode, Loop>();
  const loopAt = (s: number, space: LoopSpace): Loop => {
    const key = `${s}|${spaceKey(space)}`;
    let l = loops.get(key);
    if (!l) loops.set(key, (l = { stage: s, space, members: [], reductions: [] }));
    return l;
  };
  for (const n of order) {
    const k = kind.get(n);
    if (k === 'ew') {
      const l = loopAt(stage.get(n)!, loopSpace(n.shape));
      l.members.push(n);
      loopOf.set(n, l);
    } else if (k === 'reduce') {
      const l = loopAt(host.get(n)!, loopSpace(n.args[0].shape));
      l.reductions.push(n);
      loopOf.set(n, l);
    }
  }

  // Weighted Grams: Xᵀ·((v 1ᵀ) ⊙ X) and Xᵀ·diag(v)·X, read as X and v only.
  const grams = new Map<LNode, Gram>();
  for (const n of order) {
    if (n.op !== 'matmul' || kind.get(n) !== 'barrier') continue;
    const g = gramOf(n);
    if (g) grams.set(n, g);
  }

  // Buffers.
  const buffered = new Set<LNode>();
  // Scalar-shaped values are always locals (an output scalar is copied out at the end).
  const need = (x: LNode) => {
    x = dataNode(x);
    if (x.shape.rows !== 1 || x.shape.cols !== 1) buffered.add(x);
  };
  for (const n of order) {
    const k = kind.get(n)!;
    if (k === 'input' || (k === 'barrier' && n.shape.rows !== 1) || (k === 'barrier' && n.shape.cols !== 1)) buffered.add(n);
    if (isOutput.has(n)) need(n);
  }
  for (const n of order) {
    const k = kind.get(n)!;
    const gram = grams.get(n);
    if (gram) (need(gram.X), gram.v && need(gram.v));
    else if (k === 'barrier') {
      for (const a of n.args) {
        const unwrap = a.op === 'transpose' && (n.op === 'matmul' || isVectorShape(a.shape));
        need(unwrap ? a.args[0] : a);
      }
    } else if (k === 'ew' && n.op === 'transpose' && !isVectorShape(n.shape)) {
      need(n.args[0]);
    } else if (k === 'ew' || k === 'reduce') {
      if (isVectorTranspose(n)) continue; // an alias: its readers read its argument
      for (const a0 of n.args) {
        const a = dataNode(a0);
        if (kind.get(a) !== 'ew') continue;
        if (loopOf.get(a) !== loopOf.get(n)) need(a);
      }
    }
  }
  // Liveness: a transpose that every reader unwraps (matrix products read A' as A with a flag;
  // a vector's transpose is always an alias of the vector) is never computed.
  const live = new Set<LNode>(outputs.map(dataNode));
  for (let i = order.length - 1; i >= 0; i--) {
    const c = order[i];
    if (!live.has(c)) continue;
    const gram = grams.get(c);
    if (gram) {
      live.add(gram.X);
      if (gram.v) live.add(gram.v);
      continue;
    }
    for (const a of c.args) {
      const unwrap = isVectorTranspose(a) || (a.op === 'transpose' && kind.get(c) === 'barrier' && c.op === 'matmul');
      live.add(unwrap ? dataNode(a.args[0]) : a);
    }
  }
  for (const l of loops.values()) {
    const keep = l.members.filter((n) => live.has(n));
    l.members.length = 0;
    l.members.push(...keep);
  }
  for (const [key, l] of loops) if (l.members.length === 0 && l.reductions.length === 0) loops.delete(key);
  const liveOrder = order.filter((n) => live.has(n));
  for (const n of order) if (!live.has(n)) buffered.delete(n);
  const list = [...loops.values()].sort((a, b) => a.stage - b.stage);
  const maxStage = order.reduce((m, n) => Math.max(m, stage.get(n)!), 0);
  return { order: liveOrder, kind, stage, loops: list, loopOf, buffered, outputs, maxStage, grams };
}

/** Is `q` the outer product v 1ᵀ of an m-vector v with ones? Then v's data node. */
const rowScale = (q: LNode, rows: Dim): LNode | undefined => {
  if (q.op !== 'matmul' || q.shape.rows !== rows) return undefined;
  const [v, o] = q.args;
  if (v.shape.cols !== 1 || v.shape.rows !== rows || o.shape.rows !== 1) return undefined;
  return dataNode(o).op === 'ones' ? dataNode(v) : undefined;
};

/** Xᵀ diag(v) X in one of the forms the lowering writes, or undefined. */
function gramOf(n: LNode): Gram | undefined {
  const [P, Q] = n.args;
  if (n.shape.rows !== n.shape.cols || isVectorShape(n.shape)) return undefined;
  // Xᵀ · S with S = (v 1ᵀ) ⊙ X, X ⊙ (v 1ᵀ) or diag(v)·X
  if (P.op === 'transpose' && !isVectorShape(P.args[0].shape)) {
    const X = P.args[0];
    const m = X.shape.rows;
    if (Q === X) return { X };
    if (Q.op === 'hadamard' && Q.args.length === 2) {
      const [a, b] = Q.args;
      const v = a === X ? rowScale(b, m) : b === X ? rowScale(a, m) : undefined;
      if (v && a.shape.cols === X.shape.cols && b.shape.cols === X.shape.cols) return { X, v };
    }
    if (Q.op === 'matmul' && Q.args[1] === X) {
      const D = Q.args[0];
      if (D.op === 'diagm' && D.shape.rows === m) return { X, v: dataNode(D.args[0]) };
    }
  }
  // (Xᵀ · diag(v)) · X
  if (P.op === 'matmul' && P.args[0].op === 'transpose' && P.args[0].args[0] === Q && P.args[1].op === 'diagm' && !isVectorShape(Q.shape))
    return { X: Q, v: dataNode(P.args[1].args[0]) };
  return undefined;
}

/** Every node under the outputs, in topological order (ids grow from arguments to users). */
function collect(outputs: readonly LNode[]): LNode[] {
  const seen = new Set<LNode>();
  const stack = [...outputs];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const a of n.args) stack.push(a);
  }
  return [...seen].sort((a, b) => a.id - b.id);
}
