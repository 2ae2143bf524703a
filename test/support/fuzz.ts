/**
 * The differential fuzz wall (issue 8): random well-typed programs over the whole notation,
 * under several namings (some colliding with the rules' pattern names), through grad,
 * hessian, jacobian, simplify, compile and check. For each case:
 *   raw derivative = finite differences of the reference interpreter,
 *   simplified = raw (and the library's own self-verification does not fire),
 *   compiled value and gradient = reference interpreter,
 *   check(raw, simplified) = equal.
 * A case is "skipped" when no well-scaled instance exists (exp(exp(..)), the domain sampler
 * gives up), "refused" when matdiff names an unsupported case, and a "finding" otherwise.
 * Used by test/fuzz/wall.test.ts (a CI budget) and scripts/fuzz.ts (long runs).
 */
import fc from 'fast-check';
import { grad } from '../../src/ad';
import { check } from '../../src/check';
import { compileNodes } from '../../src/compile';
import { MatdiffError, UnsupportedError } from '../../src/core/errors';
import { Graph, Node, freeVars, topoOrder } from '../../src/core/graph';
import { SCALAR, shape } from '../../src/core/dims';
import { DerivativeKind, derive } from '../../src/derive';
import { judge, relDiff } from '../../src/eval/compare';
import { evaluateAll, evaluateAllPerturbed } from '../../src/eval/reference';
import { Env } from '../../src/eval/tensor';
import { VarName, makeContext, recipes, Recipe } from './arbitrary';
import { compareTensors, fdGradient, fdJacobian } from './finite-diff';
import { makeRng, randomEnv } from './random';
import { NAMINGS, rename, renamedVar } from './rename';

export interface FuzzCase {
  readonly kind: DerivativeKind;
  readonly recipe: Recipe;
  readonly naming: number;
  /** Which of the candidate variables the expression mentions to differentiate wrt (modulo their count). */
  readonly pick: number;
  readonly seed: number;
}

export type Outcome =
  | { readonly status: 'ok' }
  | { readonly status: 'skipped'; readonly why: 'no variable' | 'no domain' | 'not well scaled' }
  | { readonly status: 'refused' | 'finding'; readonly message: string };

const GRAD_VARS: readonly VarName[] = ['s', 't', 'u', 'v', 'w', 'A', 'B', 'C', 'S'];
const VECTOR_VARS: readonly VarName[] = ['s', 't', 'u', 'v', 'w'];

/** The variable to differentiate wrt: one the expression mentions, of a kind the derivative takes. */
function wrtOf(c: FuzzCase, f: Node): Node | undefined {
  const naming = NAMINGS[c.naming];
  const free = freeVars(f);
  const candidates = (c.kind === 'grad' ? GRAD_VARS : VECTOR_VARS).map((v) => free.get(renamedVar(v, naming))).filter((n): n is Node => !!n);
  return candidates.length ? candidates[c.pick % candidates.length] : undefined;
}

export const describeCase = (c: FuzzCase): string => `${c.kind} of ${String(c.recipe)} (pick ${c.pick}, naming: ${NAMINGS[c.naming].label}, seed ${c.seed})`;

const common = { naming: fc.nat({ max: NAMINGS.length - 1 }), pick: fc.nat({ max: 8 }), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }) };

/** Cases of every kind: gradients of scalars, Hessians of scalars, Jacobians of vectors. */
export function fuzzCases(maxDepth = 3): fc.Arbitrary<FuzzCase> {
  const scalar = recipes({ safe: true, maxDepth, of: SCALAR });
  const vector = fc.oneof(recipes({ safe: true, maxDepth, of: shape('n', 1) }), recipes({ safe: true, maxDepth, of: shape('m', 1) }));
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('grad' as const), recipe: scalar, ...common }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('hessian' as const), recipe: scalar, ...common }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('jacobian' as const), recipe: vector, ...common }) },
  );
}

class Skip extends Error {
  constructor(readonly why: 'no domain' | 'not well scaled') {
    super(why);
  }
}

/** An instance on which every node under `roots` is finite and moderate, or Skip. */
function wellScaledEnv(g: Graph, roots: readonly Node[], seed: number): Env {
  let env: Env;
  try {
    env = randomEnv(g, roots, makeRng(seed));
  } catch (e) {
    if (e instanceof MatdiffError && e.kind === 'domain') throw new Skip('no domain');
    throw e;
  }
  const ok = evaluateAll(topoOrder(roots), env).every((t) => t.data.every((v) => Number.isFinite(v) && Math.abs(v) <= 1e6));
  if (!ok) throw new Skip('not well scaled');
  return env;
}

const TOL = { rtol: 1e-5, atol: 1e-6 };

const STEP = 1e-4;

/**
 * The raw derivative against finite differences of what it differentiates, at two step sizes.
 * Where the two estimates disagree with each other (a pole or a huge curvature nearby), finite
 * differences cannot judge, and the case is skipped rather than reported.
 */
function fdFailures(kind: DerivativeKind, g: Graph, f: Node, x: Node, raw: Node, env: Env): string[] {
  const inner = kind === 'hessian' ? grad(g, f, x) : f;
  const fd = (step: number) => (kind === 'grad' ? fdGradient(f, x, env, { step }) : fdJacobian(inner, x, env, { step }));
  const coarse = fd(STEP);
  const fine = fd(STEP / 8);
  if (compareTensors(coarse, fine, TOL).length) throw new Skip('not well scaled');
  return compareTensors(evaluateAll([raw], env)[0], fine, TOL);
}

/**
 * The float64 rounding error to expect from evaluating `n` on `env`, estimated in Monte Carlo
 * arithmetic (a few runs with every intermediate perturbed by a few units of roundoff). Two
 * correct evaluation orders (compiled and reference) may differ by about this much.
 */
function roundingNoise(n: Node, env: Env): number {
  const exact = evaluateAll([n], env)[0];
  const rng = makeRng(7);
  let noise = 0;
  for (let k = 0; k < 3; k++) noise = Math.max(noise, relDiff(exact, evaluateAllPerturbed([n], env, 4 * 2 ** -53, rng.next)[0]));
  return noise;
}

/** Compiled value and gradient against the reference interpreter, beyond rounding noise. */
function compileFailures(g: Graph, f: Node, x: Node, gradient: Node, env: Env): string[] {
  const inputs = [...freeVars(f).values(), x];
  const ev = compileNodes(g, { value: f, gradients: { [x.name!]: gradient } }, { inputs });
  const got = ev.run(Object.fromEntries(env.vars), { dims: Object.fromEntries(env.dims) });
  const [value, G] = evaluateAll([f, gradient], env);
  const out: string[] = [];
  const allowed = (n: Node) => Math.max(1e-9, 100 * roundingNoise(n, env));
  if (relDiff(got.value!, value) > allowed(f)) out.push(`compiled value ${got.value!.data[0]} vs reference ${value.data[0]}`);
  const cg = got.gradients[x.name!]!;
  if (relDiff(cg, G) > allowed(gradient)) out.push(`compiled gradient differs from the reference by ${relDiff(cg, G).toExponential(2)}`);
  return out;
}

/** Run one case through the whole pipeline. */
export function runCase(c: FuzzCase): Outcome {
  const naming = NAMINGS[c.naming];
  const built = c.recipe.build(makeContext());
  const g = new Graph();
  const f = rename(g, built, naming);
  const x = wrtOf(c, f);
  if (!x) return { status: 'skipped', why: 'no variable' }; // no variable of the right kind: nothing to differentiate
  try {
    let raw: Node;
    let node: Node;
    try {
      ({ raw, node } = derive(g, c.kind, f, x));
    } catch (e) {
      if (e instanceof MatdiffError && e.kind === 'domain') throw new Skip('no domain');
      throw e;
    }
    const env = wellScaledEnv(g, [f, raw, node], c.seed);
    const problems: string[] = [];
    problems.push(...fdFailures(c.kind, g, f, x, raw, env).map((p) => `raw ${c.kind} vs finite differences: ${p}`));
    const same = judge(raw, node, env, 1e-8);
    if (same.judgment === 'differ') problems.push(`simplified differs from raw by ${same.diff.toExponential(2)}`);
    if (c.kind === 'grad') {
      problems.push(...compileFailures(g, f, x, node, env));
      const v = check(g, raw, node, { domain: [f], instances: 3 });
      if (!v.equal) problems.push(`check(raw, simplified) says different (${v.maxRelDiff.toExponential(2)})`);
    }
    return problems.length ? { status: 'finding', message: problems.join('; ') } : { status: 'ok' };
  } catch (e) {
    if (e instanceof Skip) return { status: 'skipped', why: e.why };
    // check draws larger instances than verification: exp(det(..)) may overflow on all of them.
    if (e instanceof MatdiffError && e.kind === 'domain') return { status: 'skipped', why: 'no domain' };
    if (e instanceof UnsupportedError) return { status: 'refused', message: e.message };
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { status: 'finding', message };
  }
}
