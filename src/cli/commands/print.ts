/** `matdiff print PROGRAM [--format F]`: the program's expression in one of the printers' formats. */
import { Format, print } from '../../print';
import { EXIT_OK, within } from '../failure';
import { Io } from '../io';
import { loadProgram, resultOf } from '../program';
import { ProgramArgs, readProgram } from '../source';

export interface PrintOptions extends ProgramArgs {
  readonly format: Format;
}

export async function runPrint(opts: PrintOptions, io: Io): Promise<number> {
  const src = await readProgram(opts, io);
  const program = loadProgram(src);
  const text = within(src, () => print(resultOf(program, opts.of), opts.format, { reserved: program.scope.names() }));
  io.stdout(text + '\n');
  return EXIT_OK;
}
