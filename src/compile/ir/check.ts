/**
 * The IR checker, run after every pass. It throws an IRCheckError naming the pass and the
 * instruction when:
 * - a value or local is used before it is defined, or defined twice;
 * - shapes disagree (an operation's arguments, a load against its loop's index space, a store,
 *   a product's inner sizes, an output against its declared shape);
 * - a loop body uses what it may not: a local of another loop, an array other than through a
 *   load, a load of an array whose shape is not the loop's index space;
 * - an output is not produced;
 * - after allocate-buffers: an array without a buffer of its size, two arrays in one buffer,
 *   a factorization without scratch, an output without a result buffer.
 */
import { Dim } from '../../core/dims';
import { describeInstruction, typeText } from './print';
import {
  BodyInstr,
  CALL_OPS,
  Call,
  EW_ARITY,
  EW_OPS,
  IR,
  IRCheckError,
  Instr,
  Local,
  Operand,
  Rows,
  Space,
  VType,
  Value,
  isScalarType,
  isVectorType,
  vectorLength,
} from './types';

const sameType = (a: VType, b: VType) => a.rows === b.rows && a.cols === b.cols;
/** Same data layout: equal shapes, or vectors (either orientation) of one length. */
const sameLayout = (a: VType, b: VType) => sameType(a, b) || (isVectorType(a) && isVectorType(b) && vectorLength(a) === vectorLength(b));

export function checkIR(ir: IR, pass: string): void {
  let where: number | undefined;
  let line: number | undefined;
  const fail = (message: string): never => {
    const at = where === undefined ? '' : ` at instruction ${where} (${describeInstruction(ir, where, line)})`;
    throw new IRCheckError(pass, where, `internal: IR check after pass "${pass}"${at}: ${message}`);
  };
  const defined = new Map<number, Value>(); // top-level values
  const localsSeen = new Set<number>(); // every local of every loop so far
  const dims = new Set(ir.dims);
  const dimOk = (d: Dim, what: string) => {
    if (typeof d === 'number') {
      if (!Number.isInteger(d) || d < 1) fail(`${what} has size ${d}`);
    } else if (!dims.has(d)) fail(`${what} uses dimension ${d}, which is not among the program's dimensions`);
  };
  const define = (v: Value, what: string) => {
    if (v.tag !== 'value') fail(`${what} is not a value`);
    if (defined.has(v.id) || localsSeen.has(v.id)) fail(`${what} (value ${v.id}) is assigned twice`);
    dimOk(v.type.rows, what);
    dimOk(v.type.cols, what);
    defined.set(v.id, v);
  };
  const use = (v: Value, what: string): Value => {
    if (!v || v.tag !== 'value') return fail(`${what} is not a value`);
    const d = defined.get(v.id);
    if (!d) fail(`${what} (value ${v.id}) is used before it is defined`);
    if (d !== v && !sameType(d!.type, v.type)) fail(`${what} is used as ${typeText(v.type)} but defined as ${typeText(d!.type)}`);
    return d!;
  };
  const scalarUse = (o: Operand, what: string) => {
    if (o.tag === 'lit') {
      if (typeof o.value !== 'number') fail(`${what} is a literal that is not a number`);
    } else if (o.tag === 'dim') {
      if (!dims.has(o.name)) fail(`${what} is dimension ${o.name}, which is not among the program's dimensions`);
    } else if (o.tag === 'value') {
      const v = use(o, what);
      if (!isScalarType(v.type)) fail(`${what} is ${typeText(v.type)}: only scalars are read directly (arrays through a load, inside a loop)`);
    } else fail(`${what} is a per-index local outside a loop`);
  };
  const arity = (op: string, n: number) => {
    if (!(EW_OPS as readonly string[]).includes(op)) fail(`${op} is not an elementwise operation`);
    const [lo, hi] = EW_ARITY[op as keyof typeof EW_ARITY];
    if (n < lo || n > hi) fail(`${op} takes ${lo === hi ? lo : `${lo} or more`} arguments, not ${n}`);
  };

  ir.inputs.forEach((v, k) => define(v, `input ${k} (${v.name})`));
  const names = new Set<string>();
  for (const v of ir.inputs) {
    if (typeof v.name !== 'string') fail(`an input has no name`);
    if (names.has(v.name!)) fail(`two inputs are named ${v.name}`);
    names.add(v.name!);
  }
  if (!(ir.unused >= 0 && ir.unused <= ir.inputs.length)) fail(`${ir.unused} unused inputs of ${ir.inputs.length}`);
  const unusedIds = new Set(ir.inputs.slice(ir.inputs.length - ir.unused).map((v) => v.id));
  const read = (v: Value) => {
    if (unusedIds.has(v.id)) fail(`input ${v.name} is read, but it is listed as unused`);
  };

  const checkCall = (c: Call) => {
    if (!(CALL_OPS as readonly string[]).includes(c.op)) fail(`${c.op} is not a kernel`);
    const args = c.args.map((a, k) => (read(a), use(a, `argument ${k + 1} of ${c.op}`)));
    const need = (n: number) => args.length !== n && fail(`${c.op} takes ${n} arguments, not ${args.length}`);
    const out = c.out.type;
    const square = (t: VType, what: string) => t.rows !== t.cols && fail(`${what} is ${typeText(t)}, not square`);
    const vec = (t: VType, what: string) => !isVectorType(t) && fail(`${what} is ${typeText(t)}, not a vector`);
    const eq = (a: Dim, b: Dim, what: string) => a !== b && fail(`${what}: ${a} ≠ ${b}`);
    switch (c.op) {
      case 'gemv':
      case 'gemvT': {
        need(2);
        const [A, v] = args.map((a) => a.type);
        vec(v, `the vector of ${c.op}`);
        vec(out, `the result of ${c.op}`);
        const [inner, outer] = c.op === 'gemv' ? [A.cols, A.rows] : [A.rows, A.cols];
        eq(vectorLength(v), inner, `${c.op}: the vector's length and the matrix's ${c.op === 'gemv' ? 'columns' : 'rows'}`);
        eq(vectorLength(out), outer, `${c.op}: the result's length and the matrix's ${c.op === 'gemv' ? 'rows' : 'columns'}`);
        break;
      }
      case 'outer': {
        need(2);
        const [u, v] = args.map((a) => a.type);
        vec(u, 'the first vector of outer');
        vec(v, 'the second vector of outer');
        eq(out.rows, vectorLength(u), 'outer: the result rows and the first length');
        eq(out.cols, vectorLength(v), 'outer: the result columns and the second length');
        break;
      }
      case 'gemm': {
        need(2);
        const [X, Y] = args.map((a) => a.type);
        const [r, k] = c.tx ? [X.cols, X.rows] : [X.rows, X.cols];
        const [k2, cc] = c.ty ? [Y.cols, Y.rows] : [Y.rows, Y.cols];
        eq(k, k2, 'gemm: the inner sizes');
        eq(out.rows, r, 'gemm: the result rows');
        eq(out.cols, cc, 'gemm: the result columns');
        break;
      }
      case 'wgram': {
        if (args.length !== 1 && args.length !== 2) fail(`wgram takes 1 or 2 arguments, not ${args.length}`);
        const X = args[0].type;
        if (args[1]) {
          vec(args[1].type, 'the weights of wgram');
          eq(vectorLength(args[1].type), X.rows, "wgram: the weights' length and the matrix's rows");
        }
        eq(out.rows, X.cols, "wgram: the result rows and the matrix's columns");
        eq(out.cols, X.cols, "wgram: the result columns and the matrix's columns");
        break;
      }
      case 'inv':
        need(1);
        square(args[0].type, 'the argument of inv');
        if (!sameType(out, args[0].type)) fail(`inv of ${typeText(args[0].type)} gives ${typeText(out)}`);
        break;
      case 'det':
      case 'logdet':
      case 'tr':
        need(1);
        square(args[0].type, `the argument of ${c.op}`);
        if (!isScalarType(out)) fail(`${c.op} gives ${typeText(out)}, not a scalar`);
        break;
      case 'diagm':
        need(1);
        vec(args[0].type, 'the argument of diagm');
        square(out, 'the result of diagm');
        eq(out.rows, vectorLength(args[0].type), 'diagm: the result size and the vector length');
        break;
      case 'diagv':
        need(1);
        square(args[0].type, 'the argument of diagv');
        vec(out, 'the result of diagv');
        eq(vectorLength(out), args[0].type.rows, 'diagv: the result length and the matrix size');
        break;
      case 'logsumexp':
        need(1);
        if (!isScalarType(out)) fail(`logsumexp gives ${typeText(out)}, not a scalar`);
        break;
      case 'softmax':
        need(1);
        if (!sameLayout(out, args[0].type)) fail(`softmax of ${typeText(args[0].type)} gives ${typeText(out)}`);
        break;
    }
    const scratchy = c.op === 'inv' || c.op === 'det' || c.op === 'logdet';
    if (!scratchy && c.scratch !== undefined) fail(`${c.op} has a scratch buffer`);
    if (c.op !== 'gemm' && (c.tx !== undefined || c.ty !== undefined)) fail(`${c.op} has transpose flags`);
    define(c.out, `the result of ${c.op}`);
  };

  const checkRegion = (ins: Extract<Instr, { kind: 'loop' | 'rows' }>) => {
    let space: Space;
    const mine = new Set<number>();
    const addLocal = (l: Local, what: string) => {
      if (!l || l.tag !== 'local') fail(`${what} is not a local`);
      if (localsSeen.has(l.id) || defined.has(l.id)) fail(`${what} (local ${l.id}) is assigned twice`);
      localsSeen.add(l.id);
      mine.add(l.id);
    };
    const localUse = (l: Local, what: string) => {
      if (!l || l.tag !== 'local') fail(`${what} is not a per-index local`);
      if (!mine.has(l.id)) fail(localsSeen.has(l.id) ? `${what} is a local of another loop` : `${what} (local ${l.id}) is used before it is defined`);
    };
    const operandUse = (o: Operand, what: string) => (o && o.tag === 'local' ? localUse(o, what) : scalarUse(o, what));
    if (ins.kind === 'rows') {
      const r = ins as Rows;
      read(r.A);
      read(r.x);
      const A = use(r.A, 'the matrix of the row pass').type;
      const x = use(r.x, 'the vector of the row pass').type;
      if (isVectorType(A)) fail(`the row pass runs over ${typeText(A)}, not a matrix`);
      if (!isVectorType(x) || vectorLength(x) !== A.cols) fail(`the row pass multiplies ${typeText(A)} by ${typeText(x)}`);
      if (!Number.isInteger(r.block) || r.block < 1) fail(`block is ${r.block}`);
      space = { kind: 'vector', len: A.rows };
      addLocal(r.z, 'z, the row product');
    } else {
      space = ins.space;
      if (space.kind === 'vector') dimOk(space.len, 'the loop');
      else (dimOk(space.rows, 'the loop'), dimOk(space.cols, 'the loop'));
    }
    const spaceText = space.kind === 'vector' ? `[${space.len}]` : `[${space.rows},${space.cols}]`;
    ins.body.forEach((b: BodyInstr, j) => {
      line = j;
      if (b.kind === 'load') {
        read(b.src);
        const t = use(b.src, 'the array loaded').type;
        if (b.transposed) {
          if (space.kind !== 'matrix' || t.rows !== space.cols || t.cols !== space.rows)
            fail(`a transposed load of ${typeText(t)} in a loop over ${spaceText}`);
        } else if (space.kind === 'vector' ? !isVectorType(t) || vectorLength(t) !== space.len : t.rows !== space.rows || t.cols !== space.cols)
          fail(`a load of ${typeText(t)} in a loop over ${spaceText}`);
        addLocal(b.out, 'the loaded local');
      } else if (b.kind === 'op') {
        arity(b.op, b.args.length);
        if (b.op === 'eye' && space.kind !== 'matrix') fail('eye outside a matrix loop');
        b.args.forEach((a, k) => {
          if (a.tag === 'value') read(a);
          operandUse(a, `argument ${k + 1} of ${b.op}`);
        });
        addLocal(b.out, `the result of ${b.op}`);
      } else fail(`${(b as { kind: string }).kind} is not a body instruction`);
    });
    line = undefined;
    for (const r of ins.reductions) {
      if (!['sum', 'norm1', 'norm2', 'dot'].includes(r.op)) fail(`${r.op} is not a reduction`);
      if (r.args.length !== (r.op === 'dot' ? 2 : 1)) fail(`${r.op} takes ${r.op === 'dot' ? 2 : 1} arguments, not ${r.args.length}`);
      r.args.forEach((a, k) => {
        if (a.tag === 'value') read(a);
        operandUse(a, `argument ${k + 1} of the reduction ${r.op}`);
      });
      if (!isScalarType(r.out.type)) fail(`the reduction ${r.op} gives ${typeText(r.out.type)}`);
    }
    for (const s of ins.stores) {
      localUse(s.src, 'a stored local');
      const t = s.out.type;
      if (space.kind === 'vector' ? !isVectorType(t) || vectorLength(t) !== space.len : t.rows !== space.rows || t.cols !== space.cols)
        fail(`a store into ${typeText(t)} from a loop over ${spaceText}`);
    }
    if (ins.kind === 'rows')
      for (const u of ins.updates) {
        localUse(u.h, 'the weight of an update');
        const n = use(ins.A, 'the matrix of the row pass').type.cols;
        if (!isVectorType(u.out.type) || vectorLength(u.out.type) !== n) fail(`an update into ${typeText(u.out.type)} from rows of length ${n}`);
      }
    // results are defined after the whole region: nothing in it may read them
    for (const s of ins.stores) define(s.out, 'a stored array');
    for (const r of ins.reductions) define(r.out, `the result of ${r.op}`);
    if (ins.kind === 'rows') for (const u of ins.updates) define(u.out, 'an update');
  };

  ir.instrs.forEach((ins, k) => {
    where = k;
    line = undefined;
    switch (ins.kind) {
      case 'scalar':
        arity(ins.op, ins.args.length);
        if (ins.op === 'eye') fail('eye outside a matrix loop');
        ins.args.forEach((a, j) => {
          if (a.tag === 'value') read(a);
          scalarUse(a, `argument ${j + 1} of ${ins.op}`);
        });
        if (!isScalarType(ins.out.type)) fail(`a scalar operation gives ${typeText(ins.out.type)}`);
        define(ins.out, `the result of ${ins.op}`);
        break;
      case 'view': {
        read(ins.src);
        const t = use(ins.src, 'the viewed vector').type;
        if (!isVectorType(t) || !isVectorType(ins.out.type) || vectorLength(t) !== vectorLength(ins.out.type))
          fail(`a view of ${typeText(t)} as ${typeText(ins.out.type)}`);
        define(ins.out, 'the view');
        break;
      }
      case 'call':
        checkCall(ins);
        break;
      case 'loop':
      case 'rows':
        checkRegion(ins);
        break;
      default:
        fail(`${(ins as { kind: string }).kind} is not an instruction`);
    }
  });
  where = undefined;

  ir.outputs.forEach((o, k) => {
    const what = `output ${k} (${o.role} ${o.name})`;
    if (!o.src) fail(`${what} is not produced`);
    if (o.src.tag === 'value') {
      read(o.src);
      const v = defined.get(o.src.id);
      if (!v) fail(`${what} is not produced: value ${o.src.id} is never defined`);
      const t = v!.type;
      if (isScalarType(t) ? !isScalarType(o.type) : !sameType(t, o.type)) fail(`${what} is declared ${typeText(o.type)} but computed as ${typeText(t)}`);
    } else if (o.src.tag === 'lit' || o.src.tag === 'dim') {
      scalarUse(o.src, what);
      if (!isScalarType(o.type)) fail(`${what} is declared ${typeText(o.type)} but is a number`);
    } else fail(`${what} is a per-index local`);
  });

  if (ir.buffers || ir.storage) checkBuffers(ir, fail, defined);
}

function checkBuffers(ir: IR, fail: (m: string) => never, defined: ReadonlyMap<number, Value>): void {
  const buffers = ir.buffers ?? fail('storage without buffers');
  const storage = ir.storage ?? fail('buffers without storage');
  const owner = new Map<number, number>(); // buffer -> value id
  const inputs = new Set(ir.inputs.map((v) => v.id));
  const views = new Map<number, number>(); // view value -> source value
  for (const ins of ir.instrs) if (ins.kind === 'view') views.set(ins.out.id, ins.src.id);
  const size = (t: VType) => ({ rows: t.rows, cols: t.cols });
  const fits = (b: number, t: VType, what: string) => {
    const buf = buffers[b] ?? fail(`${what} is in buffer b${b}, which does not exist`);
    if (!sameLayout(size(buf), t)) fail(`${what} is ${typeText(t)} but its buffer b${b} is ${typeText(buf)}`);
  };
  for (const [id, v] of defined) {
    if (inputs.has(id) || isScalarType(v.type)) {
      if (storage.has(id) && inputs.has(id)) fail(`input ${v.name} has a buffer`);
      continue;
    }
    const b = storage.get(id);
    if (views.has(id)) {
      const src = views.get(id)!;
      if (b !== storage.get(src)) fail(`a view (value ${id}) is not stored with its vector`);
      continue;
    }
    if (b === undefined) fail(`array value ${id} (${typeText(v.type)}) has no buffer`);
    fits(b!, v.type, `array value ${id}`);
    if (owner.has(b!)) fail(`buffer b${b} holds two arrays (values ${owner.get(b!)} and ${id})`);
    owner.set(b!, id);
  }
  ir.instrs.forEach((ins) => {
    if (ins.kind !== 'call') return;
    const scratchy = ins.op === 'inv' || ins.op === 'det' || ins.op === 'logdet';
    if (scratchy && ins.scratch === undefined) fail(`${ins.op} has no scratch buffer`);
    if (ins.scratch !== undefined) {
      fits(ins.scratch, ins.args[0].type, `the scratch of ${ins.op}`);
      if (owner.has(ins.scratch)) fail(`the scratch b${ins.scratch} of ${ins.op} also holds value ${owner.get(ins.scratch)}`);
      owner.set(ins.scratch, -1);
    }
  });
  ir.outputs.forEach((o, k) => {
    if (o.buffer === undefined) fail(`output ${k} has no result buffer`);
    fits(o.buffer!, o.src.tag === 'value' && !isScalarType(o.src.type) ? o.type : { rows: 1, cols: 1 }, `output ${k}`);
    const held = o.src.tag === 'value' ? storage.get(o.src.id) : undefined;
    if (held !== o.buffer && owner.has(o.buffer!)) fail(`output ${k}'s result buffer b${o.buffer} also holds value ${owner.get(o.buffer!)}`);
  });
}
