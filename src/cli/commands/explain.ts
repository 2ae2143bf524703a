/**
 * `matdiff explain PROGRAM --wrt x [--format text|unicode|latex|markdown] [--detail brief|full]`:
 * the gradient derived step by step in differential form (src/explain), every line verified.
 */
import { explain } from '../../explain';
import { definitionName } from '../../parse';
import { ExplainFormat, renderExplanation } from '../../explain/render';
import type { Detail } from '../../explain';
import { EXIT_OK, within } from '../failure';
import { Io } from '../io';
import { loadProgram, resultOf, variableNamed } from '../program';
import { ProgramArgs, readProgram } from '../source';

export interface ExplainCommandOptions extends ProgramArgs {
  readonly wrt: string;
  readonly format: ExplainFormat;
  readonly detail: Detail;
}

export async function runExplain(opts: ExplainCommandOptions, io: Io): Promise<number> {
  const src = await readProgram(opts, io);
  const program = loadProgram(src);
  const text = within(src, () => {
    const f = resultOf(program, opts.of);
    const x = variableNamed(program, opts.wrt, '--wrt');
    return renderExplanation(explain(program.graph, f, x, { name: opts.of ?? definitionName(program.scope, f) ?? 'f', detail: opts.detail }), opts.format);
  });
  io.stdout(text + '\n');
  return EXIT_OK;
}
