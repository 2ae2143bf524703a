/**
 * `matdiff eval PROGRAM [--data FILE.json] [--wrt x[,y...]]`: the program's value (and the
 * gradients asked for; --grad is the older name of --wrt) on the data, computed by the compiled
 * evaluator in one call.
 * Prints {"value": ..., "gradient": {"x": ...}}: a number, an array (vector) or an array of rows.
 */
import { freeVars } from '../../core/graph';
import { MatdiffError } from '../../core/errors';
import { compile, resultToJSON } from '../../compile';
import { loadData } from '../../eval/data';
import { EXIT_OK, Source, within } from '../failure';
import { Io } from '../io';
import { JsonOut, formatJson, hasNonFinite } from '../json-out';
import { loadProgram, nameList, programName, resultOf, variableNamed, withResult } from '../program';
import { ProgramArgs, readProgram, readUserFile } from '../source';

export interface EvalOptions extends ProgramArgs {
  readonly data?: string;
  readonly wrt?: string | readonly string[];
}

export async function runEval(opts: EvalOptions, io: Io): Promise<number> {
  const src = await readProgram(opts, io);
  const loaded = loadProgram(src);
  const program = within(src, () => withResult(loaded, opts.of));
  const wrt = nameList(opts.wrt).map(programName);
  const f = within(src, () => {
    const f = resultOf(program);
    for (const name of wrt) variableNamed(program, name, '--wrt');
    return f;
  });
  let data: Source;
  if (opts.data !== undefined) data = readUserFile(opts.data, io, 'data file');
  else {
    const needed = [...new Set([...freeVars(f).keys(), ...wrt])];
    if (needed.length > 0)
      throw new MatdiffError('usage', `the program uses ${needed.join(', ')}: give their values with --data FILE.json`, undefined, `e.g. a file with {${needed.map((n) => `"${n}": ...`).join(', ')}}`);
    data = { text: '{}', file: '<no data>' };
  }
  const env = within(data, () => loadData(data.text, program, data.file, { require: wrt }));
  const evaluator = within(src, () => compile(program, { wrt }));
  const result = within(data, () =>
    resultToJSON(evaluator.run(Object.fromEntries(env.vars), { dims: Object.fromEntries(env.dims) })),
  );
  const out = result as JsonOut;
  io.stdout(formatJson(out) + '\n');
  if (hasNonFinite(out))
    io.stderr('matdiff: warning: some results are not finite (NaN or ±Infinity), printed as null: the data lies outside the domain of a function in the program (log or sqrt of a negative number, a singular matrix, ...)\n');
  return EXIT_OK;
}
