/**
 * The evaluator's IR (docs/ir.md): types, the passes from a Plan, the checker and the printer.
 */
export * from './types';
export { fromPlan } from './from-plan';
export type { FromPlanOptions } from './from-plan';
export { allocateBuffers } from './buffers';
export { checkIR } from './check';
export { PASSES, irFromPlan, runPasses } from './passes';
export type { Pass } from './passes';
export { printIR, typeText } from './print';
export { buildIR, namedOutputs } from './build';
export type { BuildIROptions, Built } from './build';
