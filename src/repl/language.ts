/**
 * Calculus in the notation (`grad(f, x)`, `hessian(f, x)`, `jacobian(f, x)`, `hvp(f, x, v)` as parser
 * extensions) lives in src/derive/extensions.ts, where check --steps uses it too; these are the
 * REPL's names for it. Results are simplified by default; `:trace` asks for them raw.
 */
export { CALCULUS_FUNCTIONS, calculusDescription, calculusExtensions } from '../derive/extensions';
