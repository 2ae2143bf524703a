/**
 * `matdiff eval PROGRAM [--data FILE.json] [--wrt x[,y...]]`: the program's value (and the
 * gradients asked for; --grad is the older name of --wrt) on the data, computed by the compiled
 * evaluator in one call.
 * Prints {"value": ..., "gradient": {"x": ...}}: a number, an array (vector) or an array of rows.
 */
import { resolve } from 'path';
import { freeVars } from '../../core/graph';
import { MatdiffError } from '../../core/errors';
import { compile, resultToJSON } from '../../compile';
import { derive } from '../../derive';
import { loadData } from '../../eval/data';
import { EXIT_OK, Source, within } from '../failure';
import { Io } from '../io';
import { JsonOut, formatJson, hasNonFinite } from '../json-out';
import { loadProgram, nameList, programName, resultOf, variableNamed, withResult } from '../program';
import { ProgramArgs, readProgram, readUserFile } from '../source';

export interface EvalOptions extends ProgramArgs {
  readonly data?: string;
  readonly wrt?: string | readonly string[];
  /** With a .parquet or .csv --data file: a JSON file with the values of the non-data variables. */
  readonly params?: string;
}

/** Is the data a table file, streamed in row batches (src/stream) rather than loaded whole? */
const isTable = (file: string | undefined) => file !== undefined && /\.(parquet|csv)$/i.test(file);

/** `eval --data FILE.parquet|.csv --params P.json`: the loss and gradients over the file's rows, in batches. */
async function runStream(opts: EvalOptions, io: Io): Promise<number> {
  const src = await readProgram(opts, io);
  const loaded = loadProgram(src);
  const program = within(src, () => withResult(loaded, opts.of));
  const wrt = nameList(opts.wrt).map(programName);
  const { f, grads } = within(src, () => {
    const f = resultOf(program);
    const grads = wrt.map((name) => ({ name, node: derive(program.graph, 'grad', f, variableNamed(program, name, '--wrt')).node }));
    return { f, grads };
  });
  if (opts.params === undefined)
    throw new MatdiffError(
      'usage',
      `streaming ${opts.data} needs the values of the variables that are not data`,
      undefined,
      'give them with --params FILE.json, e.g. {"x": [0, 0, 0]}',
    );
  const paramsFile = readUserFile(opts.params, io, 'parameter file');
  const env = within(paramsFile, () => loadData(paramsFile.text, program, paramsFile.file, { require: wrt, partial: true }));
  const params = [...env.vars.keys()].map((name) => program.scope.declaration(name)!.node);
  const progress = io.isTTY
    ? (rows: number, total: number) =>
        io.stderr(`\rmatdiff: ${rows.toLocaleString('en')} / ${total.toLocaleString('en')} rows (${Math.floor((100 * rows) / Math.max(1, total))}%)`)
    : undefined;
  const { evaluateStream } = await import('../../stream');
  // DuckDB reads paths against the process's directory; the command's is io.cwd.
  const file = resolve(io.cwd, opts.data!);
  const result = await evaluateStream(program.graph, [f, ...grads.map((g) => g.node)], params, { file, params: env.vars, onProgress: progress });
  if (progress) io.stderr('\n');
  const [value, ...gradients] = result.values;
  const out = resultToJSON({ value, gradients: Object.fromEntries(grads.map((g, i) => [g.name, gradients[i]])) } as never) as JsonOut;
  io.stdout(formatJson(out) + '\n');
  return EXIT_OK;
}

export async function runEval(opts: EvalOptions, io: Io): Promise<number> {
  if (isTable(opts.data)) return runStream(opts, io);
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
      throw new MatdiffError(
        'usage',
        `the program uses ${needed.join(', ')}: give their values with --data FILE.json`,
        undefined,
        `e.g. a file with {${needed.map((n) => `"${n}": ...`).join(', ')}}`,
      );
    data = { text: '{}', file: '<no data>' };
  }
  const env = within(data, () => loadData(data.text, program, data.file, { require: wrt }));
  const evaluator = within(src, () => compile(program, { wrt }));
  const result = within(data, () => resultToJSON(evaluator.run(Object.fromEntries(env.vars), { dims: Object.fromEntries(env.dims) })));
  const out = result as JsonOut;
  io.stdout(formatJson(out) + '\n');
  if (hasNonFinite(out))
    io.stderr(
      'matdiff: warning: some results are not finite (NaN or ±Infinity), printed as null: the data lies outside the domain of a function in the program (log or sqrt of a negative number, a singular matrix, ...)\n',
    );
  return EXIT_OK;
}
