/**
 * The fuzz wall in CI: MATDIFF_FUZZ_RUNS cases (default 3,500, of which about 2,100 reach a derivative) through grad, hessian, jacobian,
 * simplify, compile and check (test/support/fuzz.ts). A finding fails the test with the case
 * and the seed to replay it; `npm run fuzz` runs 100,000 and prints a summary instead.
 */
import fc from 'fast-check';
import { describeCase, fuzzCases, runCase } from '../support/fuzz';

const RUNS = Number(process.env.MATDIFF_FUZZ_RUNS ?? 3500);

test(`fuzz wall: ${RUNS} random programs, derivatives = finite differences, simplified = raw = compiled`, () => {
  const tally = { ok: 0, skipped: 0, refused: 0 };
  fc.assert(
    fc.property(fuzzCases(), (c) => {
      const out = runCase(c);
      if (out.status === 'finding') throw new Error(`${describeCase(c)}: ${out.message}`);
      tally[out.status]++;
    }),
    { numRuns: RUNS },
  );
  // The wall must actually exercise the pipeline, not skip its way to green.
  expect(tally.ok).toBeGreaterThan(RUNS * 0.5);
}, 600000);
