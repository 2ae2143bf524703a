/**
 * `matdiff check PROGRAM [--wrt x] [--of NAME] --expect 'CLAIM' [--format F]`: is the
 * hand-derived CLAIM equal to the program's gradient wrt x (or, without --wrt, to its
 * expression)? Exit 0 equal, 1 different (a claim of the transposed shape included: that is a
 * wrong answer with a diagnosis, see ../transposed.ts), 2 bad input (errors in the claim are
 * located in the claim's text).
 */
import { grad } from '../../ad';
import { checkExpression, checkGradient, parseClaim } from '../../check';
import { Format } from '../../print';
import { formatVerdictBounded } from '../bounded-output';
import { EXIT_DIFFERENT, EXIT_OK, Source, within } from '../failure';
import { Io } from '../io';
import { loadProgram, programName, resultOf, variableNamed, withResult } from '../program';
import { ProgramArgs, readProgram } from '../source';
import { stripBom } from '../user-text';
import { transposedClaim } from '../transposed';

export interface CheckCommandOptions extends ProgramArgs {
  readonly wrt?: string;
  readonly expect: string;
  readonly format: Format;
}

export const CLAIM_FILE = '<--expect>';

export async function runCheck(opts: CheckCommandOptions, io: Io): Promise<number> {
  const src = await readProgram(opts, io);
  const loaded = loadProgram(src);
  const program = within(src, () => withResult(loaded, opts.of));
  const wrt = opts.wrt === undefined ? undefined : programName(opts.wrt);
  const { f, x } = within(src, () => ({ f: resultOf(program), x: wrt !== undefined ? variableNamed(program, wrt, '--wrt') : undefined }));
  const claim: Source = { text: stripBom(opts.expect), file: CLAIM_FILE };
  const transposedVerdict = within(claim, () => {
    const c = parseClaim(program, claim.text, { claimFile: claim.file });
    return x
      ? transposedClaim(program.graph, grad(program.graph, f, x), c, 'the gradient', opts.format, [f])
      : transposedClaim(program.graph, f, c, 'the expression', opts.format);
  });
  if (transposedVerdict) {
    io.stdout((opts.format === 'json' ? JSON.stringify(transposedVerdict.json, null, 2) : transposedVerdict.text) + '\n');
    return EXIT_DIFFERENT;
  }
  const verdict = within(claim, () =>
    wrt !== undefined ? checkGradient(program, wrt, claim.text, { claimFile: claim.file }) : checkExpression(program, claim.text, { claimFile: claim.file }),
  );
  io.stdout(formatVerdictBounded(verdict, opts.format) + '\n');
  return verdict.equal ? EXIT_OK : EXIT_DIFFERENT;
}
