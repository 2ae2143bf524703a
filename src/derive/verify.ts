/**
 * Self-verification: a simplified derivative is compared with the raw reverse-mode result it
 * came from, on a few small random instances (distinct dimension sizes 2–5, inputs drawn from
 * the domain of the function, both signs where it is defined) with the reference interpreter,
 * before anyone sees it. A mismatch is a bug in matdiff (a rule that is not an identity), so it
 * is an internal error that names the rules that fired, never a printed formula.
 */
import { requireOwned } from '../core/args';
import { Graph, Node } from '../core/graph';
import { judge, relDiff } from '../eval/compare';
import { Sampler, dimensionSymbols, makeRng } from '../eval/random';
import type { Step } from '../simplify';

export interface VerifyOptions {
  /** Random instances (default 3). */
  readonly instances?: number;
  /** Seed of the instances (default 1). */
  readonly seed?: number;
  /** Largest relative difference still counted as equal (default 1e-8). */
  readonly tolerance?: number;
}

/** A simplification that changed a value: a bug, reported as an internal error (exit 3). */
export class VerificationError extends Error {
  constructor(
    message: string,
    readonly rules: readonly string[],
    readonly relDiff: number,
  ) {
    super(message);
    this.name = 'VerificationError';
  }
}

const SIZES = [2, 3, 4, 5];

/** Distinct sizes 2–5 for the dimension symbols, rotated per instance. */
function sizesFor(symbols: readonly string[], i: number): Map<string, number> | undefined {
  if (symbols.length > SIZES.length) return undefined; // let randomEnv draw distinct sizes
  return new Map(symbols.map((d, j) => [d, SIZES[(i + j) % SIZES.length]]));
}

/** Instances drawn in all before giving up on instances that cannot decide. */
const MAX_DRAWS = 12;

/**
 * Throw a VerificationError unless `simplified` equals `raw` wherever `domain` (the function
 * differentiated) is defined. `steps` name the rules that made `simplified`. `instances`
 * instances must agree; an ill-conditioned instance (see `judge`) is replaced by another draw,
 * and a result no instance can decide is not verified (an error too).
 */
export function verifySimplification(g: Graph, domain: readonly Node[], raw: Node, simplified: Node, steps: readonly Step[], opts: VerifyOptions = {}): void {
  requireOwned(g, raw, 'verify: the raw derivative');
  requireOwned(g, simplified, 'verify: the simplified derivative');
  if (raw === simplified) return;
  const rng = makeRng(opts.seed ?? 1);
  const tol = opts.tolerance ?? 1e-8;
  const wanted = opts.instances ?? 3;
  const symbols = [...new Set(dimensionSymbols([...domain, raw, simplified]))].sort();
  const rules = [...new Set(steps.map((st) => st.rule))];
  const fail = (why: string, diff: number) => {
    throw new VerificationError(`self-verification failed: ${why}; rules that fired: ${rules.join(', ') || 'none'}`, rules, diff);
  };
  let agreed = 0;
  let worst = 0;
  const sampler = new Sampler([...domain, raw], [simplified]);
  for (let draw = 0; draw < MAX_DRAWS && agreed < wanted; draw++) {
    const { env, values } = sampler.draw(rng, { sizes: sizesFor(symbols, draw) });
    const quick = relDiff(values.get(raw)!, values.get(simplified)!);
    // Most instances agree outright; only a disagreement pays for judge's noise estimate.
    const { judgment, diff } = quick <= tol ? { judgment: 'agree', diff: quick } : judge(raw, simplified, env, tol);
    worst = Math.max(worst, diff);
    if (judgment === 'differ') {
      const sizes = [...env.dims].map(([k, v]) => `${k}=${v}`).join(', ') || 'none';
      fail(`the simplified result differs from the raw derivative (relative difference ${diff.toExponential(2)} at sizes ${sizes})`, diff);
    }
    if (judgment === 'agree') agreed++;
  }
  if (agreed < wanted)
    fail(
      `no random instance was well-conditioned enough to compare the simplified result with the raw derivative (${MAX_DRAWS} draws, relative differences up to ${worst.toExponential(2)})`,
      worst,
    );
}
