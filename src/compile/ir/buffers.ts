/**
 * Pass "allocate-buffers": storage for every array the program computes (inputs are the
 * caller's; a view shares its vector's storage), scratch for the factorizations, and a result
 * buffer for every output (its array's own buffer, or one the result is copied into at the end:
 * scalars, literals, inputs returned as they are). Nothing is shared between two live values:
 * every array keeps its buffer for the whole call.
 */
import { Buffer, Call, IR, Instr, Output, VType, Value, isScalarType } from './types';

const shapeNote = (t: VType) => `${t.rows}×${t.cols}`;

export function allocateBuffers(ir: IR): IR {
  const buffers: Buffer[] = [];
  const storage = new Map<number, number>();
  const add = (t: VType, note: string) => buffers.push({ rows: t.rows, cols: t.cols, note }) - 1;
  const own = (v: Value, note: string) => storage.set(v.id, add(v.type, `${note} ${shapeNote(v.type)}`));
  const inputIds = new Set(ir.inputs.map((v) => v.id));
  const instrs: Instr[] = ir.instrs.map((ins): Instr => {
    switch (ins.kind) {
      case 'scalar':
        return ins;
      case 'view': {
        const b = storage.get(ins.src.id);
        if (b !== undefined) storage.set(ins.out.id, b);
        return ins;
      }
      case 'call': {
        if (!isScalarType(ins.out.type)) own(ins.out, ins.op);
        if (ins.op === 'inv' || ins.op === 'det' || ins.op === 'logdet') {
          const scratch = add(ins.args[0].type, `scratch for ${ins.op}`);
          return { ...ins, scratch } as Call;
        }
        return ins;
      }
      case 'loop':
      case 'rows':
        for (const s of ins.stores) own(s.out, 'store');
        if (ins.kind === 'rows') for (const u of ins.updates) own(u.out, 'update');
        return ins;
    }
  });
  const outputs: Output[] = ir.outputs.map((o, k) => {
    const src = o.src;
    if (src.tag === 'value' && !inputIds.has(src.id) && !isScalarType(src.type)) {
      const b = storage.get(src.id);
      if (b !== undefined) return { ...o, buffer: b };
    }
    return { ...o, buffer: add(src.tag === 'value' && !isScalarType(src.type) ? o.type : { rows: 1, cols: 1 }, `output ${k}`) };
  });
  return { ...ir, instrs, outputs, buffers, storage, passes: [...ir.passes, 'allocate-buffers'] };
}
