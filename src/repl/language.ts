/**
 * Calculus in the notation (`grad(f, x)`, `hessian(f, x)`, `jacobian(f, x)` as parser
 * extensions) lives in src/derive/extensions.ts, where check --steps uses it too; these are the
 * REPL's names for it. Results are simplified by default; `:trace` asks for them raw.
 */
import { DerivativeKind } from '../derive';
import { calculusDescription as describe } from '../derive/extensions';

export { CALCULUS_FUNCTIONS, calculusExtensions } from '../derive/extensions';

/** What grad, hessian or jacobian computes, for :help. */
export const calculusDescription = (name: string): string => describe(name as DerivativeKind);
