/**
 * `matdiff compile PROGRAM [--wrt x[,y]] [--target js|ts|sql|python] [-o FILE]`: a standalone,
 * dependency-free module that computes the value and the gradients in one call: the evaluator
 * (js, ts), one aggregate query over the data's rows (sql: --dialect, --table, --dims n=20), or
 * an array-API Python module (python).
 * `--emit ir` writes the evaluator's IR as text instead (src/compile/ir, docs/ir.md).
 * With -o the file is written by src/cli/safe-write.ts: atomically, regular files only, never
 * over the program file itself.
 */
import { resolve } from 'path';
import { Target, compile, emitModule } from '../../compile';
import { Dialect } from '../../sql';
import { printIR, programIR } from '../../compile/ir';
import { EXIT_OK, within } from '../failure';
import { Io } from '../io';
import { loadProgram, nameList, programName, resultOf, variableNamed, withResult } from '../program';
import { writeRegularFile } from '../safe-write';
import { pythonModule, sqlModule } from './targets';
import { ProgramArgs, readProgram } from '../source';

export interface CompileCommandOptions extends ProgramArgs {
  readonly wrt?: string | readonly string[];
  /** js, ts (the evaluator), sql (one aggregate query) or python (an array-API module). */
  readonly target: Target | 'sql' | 'python';
  readonly dialect?: Dialect;
  readonly table?: string;
  readonly dims?: string;
  readonly output?: string;
  /** 'module' (default): the evaluator's code; 'ir': its IR as text. */
  readonly emit?: 'module' | 'ir';
}

export async function runCompile(opts: CompileCommandOptions, io: Io): Promise<number> {
  const src = await readProgram(opts, io);
  const loaded = loadProgram(src);
  const program = within(src, () => withResult(loaded, opts.of));
  const wrt = nameList(opts.wrt).map(programName);
  const code = within(src, () => {
    const f = resultOf(program);
    const vars = wrt.map((name) => variableNamed(program, name, '--wrt'));
    if (opts.emit === 'ir') return printIR(programIR(program, { wrt }));
    if (opts.target === 'sql') return sqlModule(program, f, vars, opts);
    if (opts.target === 'python') return pythonModule(program, f, vars);
    return emitModule(compile(program, { wrt }), { target: opts.target });
  });
  if (opts.output === undefined) io.stdout(code);
  else {
    const inputs = opts.program !== undefined && opts.program !== '-' ? [resolve(io.cwd, opts.program)] : [];
    writeRegularFile(resolve(io.cwd, opts.output), code, { name: opts.output, inputs, inputNames: inputs.map(() => 'the program file this command compiles') });
    const what = opts.emit === 'ir' ? 'the IR' : { ts: 'TypeScript', js: 'JavaScript', sql: 'SQL', python: 'Python' }[opts.target];
    io.stderr(`matdiff: wrote ${opts.output} (${what}: value${wrt.length ? ' and gradient wrt ' + wrt.join(', ') : ''})\n`);
  }
  return EXIT_OK;
}
