/**
 * `matdiff grad|hessian|jacobian PROGRAM --wrt x [--format F] [--no-simplify] [--trace]`:
 * differentiate the program's expression, simplify (unless told not to), print.
 */
import { DerivativeKind, derive } from '../../derive';
import { Format, print, toJson } from '../../print';
import { EXIT_OK, within } from '../failure';
import { Io } from '../io';
import { loadProgram, resultOf, variableNamed } from '../program';
import { ProgramArgs, readProgram } from '../source';
import { traceJson, traceText } from '../trace';

export type Derivative = DerivativeKind;

export interface DeriveOptions extends ProgramArgs {
  readonly wrt: string;
  readonly format: Format;
  readonly simplify: boolean;
  readonly trace?: boolean;
}

export async function runDerive(kind: Derivative, opts: DeriveOptions, io: Io): Promise<number> {
  const src = await readProgram(opts, io);
  const program = loadProgram(src);
  const { node, steps } = within(src, () => {
    const f = resultOf(program, opts.of);
    const x = variableNamed(program, opts.wrt, '--wrt');
    return derive(program.graph, kind, f, x, { simplify: opts.simplify });
  });
  if (opts.format === 'json') {
    io.stdout((opts.trace ? JSON.stringify({ result: toJson(node), trace: traceJson(steps) }, null, 2) : print(node, 'json')) + '\n');
    return EXIT_OK;
  }
  if (opts.trace) io.stdout((opts.simplify ? traceText(steps, opts.format) : 'trace: simplification is off (--no-simplify)\n') + '\n');
  // Names for shared subexpressions of a large result must not collide with the program's own.
  io.stdout(print(node, opts.format, { reserved: program.scope.names() }) + '\n');
  return EXIT_OK;
}
