/**
 * `matdiff compile PROGRAM [--wrt x[,y]] [--target js|ts] [-o FILE]`: a standalone,
 * dependency-free module that computes the value and the gradients in one call.
 * With -o the file is written atomically (a temporary file renamed into place).
 */
import { renameSync, unlinkSync, writeFileSync } from 'fs';
import { resolve } from 'path';
import { MatdiffError } from '../../core/errors';
import { Target, compile, emitModule } from '../../compile';
import { EXIT_OK, within } from '../failure';
import { Io } from '../io';
import { loadProgram, nameList, resultOf, variableNamed } from '../program';
import { ProgramArgs, readProgram } from '../source';

export interface CompileCommandOptions extends ProgramArgs {
  readonly wrt?: string | readonly string[];
  readonly target: Target;
  readonly output?: string;
}

export function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file was never made
    }
    throw new MatdiffError('usage', `cannot write ${path}: ${(e as Error).message}`, undefined, 'check that the directory exists and is writable');
  }
}

export async function runCompile(opts: CompileCommandOptions, io: Io): Promise<number> {
  const src = await readProgram(opts, io);
  const program = loadProgram(src);
  const wrt = nameList(opts.wrt);
  const code = within(src, () => {
    resultOf(program);
    for (const name of wrt) variableNamed(program, name, '--wrt');
    return emitModule(compile(program, { wrt }), { target: opts.target });
  });
  if (opts.output === undefined) io.stdout(code);
  else {
    writeAtomically(resolve(io.cwd, opts.output), code);
    io.stderr(`matdiff: wrote ${opts.output} (${opts.target === 'ts' ? 'TypeScript' : 'JavaScript'}: value${wrt.length ? ' and gradient wrt ' + wrt.join(', ') : ''})\n`);
  }
  return EXIT_OK;
}
