/**
 * The evaluator's IR (docs/ir.md): types, the passes from a Plan, the checker, the printer and
 * the interpreter behind the 'interp' backend.
 */
export * from './types';
export { fromPlan } from './from-plan';
export type { FromPlanOptions } from './from-plan';
export { allocateBuffers } from './buffers';
export { checkIR } from './check';
export { fuseRows } from './fuse-rows';
export { PASSES, irFromPlan, passes, runPasses } from './passes';
export type { Pass, PassOptions } from './passes';
export { printIR, typeText } from './print';
export { CHUNK, prepare } from './interp';
export type { Machine } from './interp';
export { buildIR, namedOutputs } from './build';
export type { BuildIROptions, Built } from './build';
export { compileInterp, interpEvaluator, interpretIR, specOf } from './evaluator';
export type { InterpEvaluator } from './evaluator';
export { programIR } from './program';
export type { ProgramIROptions } from './program';
