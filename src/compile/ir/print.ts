/**
 * The IR as text, in the manner of a jaxpr:
 *
 *   { lambda A:f64[m,n] b:f64[m] x:f64[n] ; let
 *       c:f64[] d:f64[n]@b0 = rows[block=4] A x {
 *           e = dot A[i] x
 *           f = expNegAbs e
 *           …
 *         in (sum k, update j) }
 *       l:f64[] = mul -1 m⁻¹ …
 *     in (value: l, gradient x: d) }
 *
 * Names are given in the order the text mentions values (inputs keep their variable's name;
 * the rest are a, b, …, z, ba, bb, … skipping the inputs' and dimensions' names and i), so the text
 * depends only on the program: it is stable and deterministic. `@bK` is the buffer of an array
 * after allocate-buffers.
 */
import { Dim } from '../../core/dims';
import { BodyInstr, IR, Instr, Operand, Output, VType } from './types';

const SIMPLE = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const quote = (name: string) => (SIMPLE.test(name) ? name : JSON.stringify(name));

/** Names for the values and locals of one IR, given on first mention. */
export class Namer {
  private readonly names = new Map<number, string>();
  private readonly taken = new Set<string>();
  private next = 0;
  constructor(ir: IR) {
    for (const d of ir.dims) this.taken.add(d);
    this.taken.add('i'); // the index in `dot A[i] x`
    for (const v of ir.inputs) this.taken.add(quote(v.name ?? ''));
    for (const v of ir.inputs) this.names.set(v.id, quote(v.name ?? `in${v.id}`));
  }
  name(id: number): string {
    let s = this.names.get(id);
    if (s !== undefined) return s;
    do s = letters(this.next++);
    while (this.taken.has(s));
    this.names.set(id, s);
    return s;
  }
}

/** 0 → a, 25 → z, 26 → ba, 27 → bb, … (as jaxprs count). */
function letters(k: number): string {
  const one = String.fromCharCode(97 + (k % 26));
  return k < 26 ? one : letters(Math.floor(k / 26)) + one;
}

export const typeText = (t: VType): string => {
  const d = (x: Dim) => String(x);
  if (t.rows === 1 && t.cols === 1) return 'f64[]';
  if (t.cols === 1) return `f64[${d(t.rows)}]`;
  return `f64[${d(t.rows)},${d(t.cols)}]`;
};

const lit = (v: number) => (Object.is(v, -0) ? '-0' : String(v));

interface Printer {
  readonly atom: (o: Operand) => string;
  readonly binder: (v: { id: number; type: VType }) => string;
}

function printer(ir: IR, namer: Namer): Printer {
  const atom = (o: Operand): string => (o.tag === 'lit' ? lit(o.value) : o.tag === 'dim' ? o.name : namer.name(o.id));
  const binder = (v: { id: number; type: VType }) => {
    const b = ir.storage?.get(v.id);
    return `${namer.name(v.id)}:${typeText(v.type)}${b === undefined ? '' : `@b${b}`}`;
  };
  return { atom, binder };
}

/** The first line of an instruction (all of it, but for a loop's body and results). */
function head(ins: Instr, P: Printer): string {
  const { atom, binder } = P;
  switch (ins.kind) {
    case 'scalar':
      return `${binder(ins.out)} = ${[ins.op, ...ins.args.map(atom)].join(' ')}`;
    case 'view':
      return `${binder(ins.out)} = view ${atom(ins.src)}`;
    case 'call': {
      const params: string[] = [];
      if (ins.op === 'gemm') params.push(`tx=${ins.tx === true}`, `ty=${ins.ty === true}`);
      if (ins.scratch !== undefined) params.push(`scratch=b${ins.scratch}`);
      return `${binder(ins.out)} = ${ins.op}${params.length ? `[${params.join(',')}]` : ''} ${ins.args.map(atom).join(' ')}`;
    }
    case 'loop':
    case 'rows': {
      const outs = [...ins.stores.map((s) => s.out), ...ins.reductions.map((r) => r.out), ...(ins.kind === 'rows' ? ins.updates.map((u) => u.out) : [])];
      const lhs = outs.length ? outs.map(binder).join(' ') : '()';
      if (ins.kind === 'rows') return `${lhs} = rows[block=${ins.block}] ${atom(ins.A)} ${atom(ins.x)} {`;
      const space = ins.space.kind === 'vector' ? `${ins.space.len}` : `${ins.space.rows},${ins.space.cols}`;
      return `${lhs} = loop[${space}] {`;
    }
  }
}

export function bodyLine(b: BodyInstr, P: Printer): string {
  if (b.kind === 'load') return `${P.atom(b.out)} = ${b.transposed ? 'loadT' : 'load'} ${P.atom(b.src)}`;
  return `${P.atom(b.out)} = ${[b.op, ...b.args.map(P.atom)].join(' ')}`;
}

function outputText(o: Output, P: Printer): string {
  const label = o.role === 'value' ? 'value' : o.role === 'output' ? `output ${o.name}` : `${o.role} ${quote(o.name)}`;
  return `${label}: ${P.atom(o.src)}${o.buffer === undefined ? '' : `@b${o.buffer}`}`;
}

/** The whole program as text. */
export function printIR(ir: IR): string {
  const namer = new Namer(ir);
  const P = printer(ir, namer);
  const lines: string[] = [`{ lambda ${ir.inputs.map((v) => `${namer.name(v.id)}:${typeText(v.type)}`).join(' ')} ; let`];
  for (const ins of ir.instrs) {
    lines.push(`    ${head(ins, P)}`);
    if (ins.kind !== 'loop' && ins.kind !== 'rows') continue;
    if (ins.kind === 'rows') lines.push(`        ${P.atom(ins.z)} = dot ${P.atom(ins.A)}[i] ${P.atom(ins.x)}`);
    for (const b of ins.body) lines.push(`        ${bodyLine(b, P)}`);
    const results = [
      ...ins.stores.map((s) => P.atom(s.src)),
      ...ins.reductions.map((r) => [r.op, ...r.args.map(P.atom)].join(' ')),
      ...(ins.kind === 'rows' ? ins.updates.map((u) => `update ${P.atom(u.h)}`) : []),
    ];
    lines.push(`      in (${results.join(', ')}) }`);
  }
  lines.push(`  in (${ir.outputs.map((o) => outputText(o, P)).join(', ')}) }`);
  return lines.join('\n') + '\n';
}

/** One instruction's first line, named as in printIR (for error messages). */
export function describeInstruction(ir: IR, index: number, body?: number): string {
  const namer = new Namer(ir);
  const P = printer(ir, namer);
  // name everything up to the instruction in print order, so its names are printIR's
  let text = '';
  ir.instrs.forEach((ins, k) => {
    if (k > index) return;
    const h = head(ins, P);
    if (k === index) text = h;
    if (ins.kind === 'loop' || ins.kind === 'rows') {
      if (ins.kind === 'rows') P.atom(ins.z);
      ins.body.forEach((b, j) => {
        const line = bodyLine(b, P);
        if (k === index && j === body) text = `${h} … ${line}`;
      });
    }
  });
  return text;
}
