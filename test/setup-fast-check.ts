/**
 * Property tests run with one fixed seed so that CI is deterministic; set MATDIFF_FC_SEED to
 * explore other seeds (MATDIFF_FC_SEED=random for a fresh one each run; the seed is printed
 * on failure by fast-check, so any counterexample can be replayed).
 */
import fc from 'fast-check';

const seed = process.env.MATDIFF_FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: seed ? Number(seed) : 20261128 });
