/**
 * `matdiff check --steps FILE [--wrt x] [--of NAME]`: a hand derivation, one expression per line
 * after the program, checked line by line (src/check/steps.ts). Exit 0 when every step holds,
 * 1 at the first false one (its line, with a caret, the diagnosis and a counterexample), 2 for
 * bad input.
 */
import { checkStepsText, formatStepsReport } from '../../check/steps';
import { EXIT_DIFFERENT, EXIT_OK, within } from '../failure';
import { Io } from '../io';
import { programName } from '../program';
import { ProgramArgs, readProgram } from '../source';

export interface StepsCommandOptions extends ProgramArgs {
  readonly wrt?: string;
  readonly format: 'text' | 'unicode';
}

export async function runSteps(opts: StepsCommandOptions, io: Io): Promise<number> {
  const src = await readProgram(opts, io);
  const report = within(src, () =>
    checkStepsText(src.text, {
      file: src.file,
      wrt: opts.wrt === undefined ? undefined : programName(opts.wrt),
      of: opts.of === undefined ? undefined : programName(opts.of),
    }),
  );
  io.stdout(formatStepsReport(report, src.text, src.file, opts.format) + '\n');
  return report.failure ? EXIT_DIFFERENT : EXIT_OK;
}
