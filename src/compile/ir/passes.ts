/**
 * The passes from a Plan to an IR ready to run, each followed by the checker (as tinygrad
 * verifies its UOps between rewrites): a pass that breaks an invariant is named in the error,
 * with the instruction it broke.
 */
import { Plan } from '../plan';
import { allocateBuffers } from './buffers';
import { checkIR } from './check';
import { FromPlanOptions, fromPlan } from './from-plan';
import { fuseRows } from './fuse-rows';
import { IR } from './types';

export interface Pass {
  readonly name: string;
  readonly run: (ir: IR) => IR;
}

export interface PassOptions {
  /** Fuse A*x and A'*h(A*x) into one pass over A (default true). */
  readonly rowFusion?: boolean;
  /** Rows per block of a row-fused pass (default 4). */
  readonly rowBlock?: number;
}

/** The passes after from-plan, in order: row fusion (unless turned off), then buffers. */
export function passes(opts: PassOptions = {}): Pass[] {
  const block = Math.max(1, Math.floor(opts.rowBlock ?? 4));
  const fuse: Pass = { name: 'fuse-rows', run: (ir) => fuseRows(ir, block) };
  return [...(opts.rowFusion === false ? [] : [fuse]), { name: 'allocate-buffers', run: allocateBuffers }];
}

/** The default passes. */
export const PASSES: readonly Pass[] = passes();

/** Run passes over an IR, checking after each. */
export function runPasses(ir: IR, passes: readonly Pass[] = PASSES): IR {
  for (const p of passes) {
    ir = p.run(ir);
    checkIR(ir, p.name);
  }
  return ir;
}

/** A Plan as checked IR with its buffers: from-plan, then every pass. */
export function irFromPlan(p: Plan, opts: FromPlanOptions & PassOptions = {}): IR {
  const ir = fromPlan(p, opts);
  checkIR(ir, 'from-plan');
  return runPasses(ir, passes(opts));
}
