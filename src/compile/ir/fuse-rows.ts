/**
 * Pass "fuse-rows": row fusion, and the one place it is decided. A product z = A x (`gemv`, A
 * as stored) and the products Aᵀh (`gemvT A h`) whose h is ready by then become one pass over
 * the rows of A (a `rows` region): z = aᵢ·x per row, the elementwise loop over z's index space
 * that follows (its body, stores and reductions, now added a block of rows at a time), and
 * g += hᵢ aᵢ while the row is in cache. A is read from memory once.
 *
 * - The loop: the first loop over z's index space after the gemv (the plan puts the loop that
 *   consumes z right after z's stage), unless something reads z before it; then a new pass with
 *   no body of its own, just before that reader. One product per pass.
 * - The updates: each gemvT A h after that point whose h is z, a store of the loop, or an array
 *   defined before the loop. With none, nothing is fused.
 * - z, and a fused h, keep their store only while something else still reads them.
 */
import { BodyInstr, Call, IR, Instr, Local, Loop, Rows, Store, Update, Value, isVectorType } from './types';

/** The ids of the top-level values an instruction reads. */
function reads(ins: Instr): Set<number> {
  const ids = new Set<number>();
  const add = (o: { tag: string; id?: number }) => o.tag === 'value' && ids.add(o.id!);
  if (ins.kind === 'view') add(ins.src);
  else if (ins.kind === 'scalar' || ins.kind === 'call') ins.args.forEach(add);
  else {
    if (ins.kind === 'rows') (add(ins.A), add(ins.x));
    for (const b of ins.body) b.kind === 'load' ? add(b.src) : b.args.forEach(add);
    for (const r of ins.reductions) r.args.forEach(add);
  }
  return ids;
}

const isGemvT = (ins: Instr, A: Value): ins is Call => ins.kind === 'call' && ins.op === 'gemvT' && ins.args[0].id === A.id;

/** The largest id of any value or local, so that new locals get fresh ones. */
function maxId(ir: IR): number {
  let m = -1;
  const see = (id: number) => (m = Math.max(m, id));
  for (const v of ir.inputs) see(v.id);
  for (const ins of ir.instrs) {
    if (ins.kind === 'loop' || ins.kind === 'rows') {
      for (const b of ins.body) see(b.out.id);
      for (const s of ins.stores) see(s.out.id);
      for (const r of ins.reductions) see(r.out.id);
      if (ins.kind === 'rows') (see(ins.z.id), ins.updates.forEach((u) => see(u.out.id)));
    } else see(ins.out.id);
  }
  return m;
}

export function fuseRows(ir: IR, block: number): IR {
  let instrs = [...ir.instrs];
  let nextId = maxId(ir) + 1;
  const readCache = new Map<Instr, Set<number>>();
  const readsOf = (ins: Instr) => readCache.get(ins) ?? readCache.set(ins, reads(ins)).get(ins)!;
  const outputIds = new Set(ir.outputs.flatMap((o) => (o.src.tag === 'value' ? [o.src.id] : [])));
  /** Is value `id` read by an output or by an instruction other than those in `skip`? */
  const readElsewhere = (id: number, skip: ReadonlySet<Instr>) => outputIds.has(id) || instrs.some((ins) => !skip.has(ins) && readsOf(ins).has(id));

  for (let gi = 0; gi < instrs.length; gi++) {
    const g = instrs[gi];
    if (g.kind !== 'call' || g.op !== 'gemv') continue;
    const [A, x] = g.args;
    const z = g.out;
    if (isVectorType(A.type) || z.type.cols !== 1) continue; // A x with A a matrix, not (Y x)ᵀ
    const m = A.type.rows;
    // the loop to fuse into, or the reader before which a new pass goes
    let ti = gi + 1;
    for (; ti < instrs.length; ti++) {
      const ins = instrs[ti];
      const overM = (ins.kind === 'loop' && ins.space.kind === 'vector' && ins.space.len === m) || (ins.kind === 'rows' && ins.A.type.rows === m);
      if (overM || readsOf(ins).has(z.id)) break;
    }
    if (ti === instrs.length || instrs[ti].kind === 'rows') continue;
    const target = instrs[ti];
    const loop = target.kind === 'loop' ? (target as Loop) : undefined;
    const stored = new Map<number, Local>((loop?.stores ?? []).map((s) => [s.out.id, s.src]));
    const before = new Set<number>(ir.inputs.map((v) => v.id));
    for (const ins of instrs.slice(0, ti)) if (ins !== g) for (const v of defines(ins)) before.add(v.id);
    const fused = instrs
      .slice(loop ? ti + 1 : ti)
      .filter((ins): ins is Call => isGemvT(ins, A) && (ins.args[1].id === z.id || stored.has(ins.args[1].id) || before.has(ins.args[1].id)));
    if (fused.length === 0) continue;

    // z: the loop's load of it becomes the pass's dot product
    const body: BodyInstr[] = [...(loop?.body ?? [])];
    const zAt = body.findIndex((b) => b.kind === 'load' && !b.transposed && b.src.id === z.id);
    const zl: Local = zAt >= 0 ? body.splice(zAt, 1)[0].out : { tag: 'local', id: nextId++ };
    const local = (h: Value): Local => {
      if (h.id === z.id) return zl;
      const s = stored.get(h.id);
      if (s) return s;
      const l = body.find((b) => b.kind === 'load' && !b.transposed && b.src.id === h.id);
      if (l) return l.out;
      const out: Local = { tag: 'local', id: nextId++ };
      body.push({ kind: 'load', out, src: h, transposed: false });
      return out;
    };
    const updates: Update[] = fused.map((u) => ({ out: u.out, h: local(u.args[1]) }));
    const gone = new Set<Instr>([g, ...(loop ? [loop] : []), ...fused]);
    // what the fusion made dead: a store of z or of an h that only the fused products read
    const hs = new Set(fused.map((u) => u.args[1].id));
    const stores: Store[] = (loop?.stores ?? []).filter((s) => !hs.has(s.out.id) || readElsewhere(s.out.id, gone));
    if (readElsewhere(z.id, gone)) stores.unshift({ out: z, src: zl });
    const rows: Rows = { kind: 'rows', A, x, z: zl, block, body, stores, reductions: loop?.reductions ?? [], updates };
    instrs = instrs.flatMap((ins) => (ins === target ? (gone.has(ins) ? [rows] : [rows, ins]) : gone.has(ins) ? [] : [ins]));
    gi--; // the gemv is gone: look again at what is now in its place
  }
  return { ...ir, instrs, passes: [...ir.passes, 'fuse-rows'] };
}

/** The top-level values an instruction defines. */
function defines(ins: Instr): Value[] {
  if (ins.kind !== 'loop' && ins.kind !== 'rows') return [ins.out];
  return [...ins.stores.map((s) => s.out), ...ins.reductions.map((r) => r.out), ...(ins.kind === 'rows' ? ins.updates.map((u) => u.out) : [])];
}
