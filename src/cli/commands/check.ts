/**
 * `matdiff check PROGRAM [--wrt x] --expect 'CLAIM' [--format F]`: is the hand-derived CLAIM equal
 * to the program's gradient wrt x (or, without --wrt, to its expression)? Exit 0 equal, 1 different,
 * 2 bad input (errors in the claim are located in the claim's text).
 */
import { checkExpression, checkGradient } from '../../check';
import { Format } from '../../print';
import { formatVerdictBounded } from '../bounded-output';
import { EXIT_DIFFERENT, EXIT_OK, Source, within } from '../failure';
import { Io } from '../io';
import { loadProgram, resultOf, variableNamed } from '../program';
import { ProgramArgs, readProgram } from '../source';

export interface CheckCommandOptions extends ProgramArgs {
  readonly wrt?: string;
  readonly expect: string;
  readonly format: Format;
}

export const CLAIM_FILE = '<--expect>';

export async function runCheck(opts: CheckCommandOptions, io: Io): Promise<number> {
  const src = await readProgram(opts, io);
  const program = loadProgram(src);
  within(src, () => {
    resultOf(program);
    if (opts.wrt !== undefined) variableNamed(program, opts.wrt, '--wrt');
  });
  const claim: Source = { text: opts.expect, file: CLAIM_FILE };
  const verdict = within(claim, () =>
    opts.wrt !== undefined
      ? checkGradient(program, opts.wrt, claim.text, { claimFile: claim.file })
      : checkExpression(program, claim.text, { claimFile: claim.file }),
  );
  io.stdout(formatVerdictBounded(verdict, opts.format) + '\n');
  return verdict.equal ? EXIT_OK : EXIT_DIFFERENT;
}
