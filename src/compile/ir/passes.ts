/**
 * The passes from a Plan to an IR ready to run, each followed by the checker (as tinygrad
 * verifies its UOps between rewrites): a pass that breaks an invariant is named in the error,
 * with the instruction it broke.
 */
import { Plan } from '../plan';
import { allocateBuffers } from './buffers';
import { checkIR } from './check';
import { FromPlanOptions, fromPlan } from './from-plan';
import { IR } from './types';

export interface Pass {
  readonly name: string;
  readonly run: (ir: IR) => IR;
}

/** The passes after from-plan, in order. */
export const PASSES: readonly Pass[] = [{ name: 'allocate-buffers', run: allocateBuffers }];

/** Run passes over an IR, checking after each. */
export function runPasses(ir: IR, passes: readonly Pass[] = PASSES): IR {
  for (const p of passes) {
    ir = p.run(ir);
    checkIR(ir, p.name);
  }
  return ir;
}

/** A Plan as checked IR with its buffers: from-plan, then every pass of PASSES. */
export function irFromPlan(p: Plan, opts: FromPlanOptions = {}): IR {
  const ir = fromPlan(p, opts);
  checkIR(ir, 'from-plan');
  return runPasses(ir);
}
