/**
 * `matdiff grad|hessian|jacobian PROGRAM --wrt x [--format F] [--no-simplify] [--trace]`:
 * differentiate the program's expression, simplify (unless told not to), print.
 */
import { grad, hessian, jacobian } from '../../ad';
import { Graph, Node } from '../../core/graph';
import { Format, print, toJson } from '../../print';
import { Step, simplifyTraced } from '../../simplify';
import { EXIT_OK, within } from '../failure';
import { Io } from '../io';
import { loadProgram, resultOf, variableNamed } from '../program';
import { ProgramArgs, readProgram } from '../source';
import { traceJson, traceText } from '../trace';

export type Derivative = 'grad' | 'hessian' | 'jacobian';

const DERIVATIVES: Record<Derivative, (g: Graph, f: Node, x: Node) => Node> = { grad, hessian, jacobian };

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
    const f = resultOf(program);
    const x = variableNamed(program, opts.wrt, '--wrt');
    const raw = DERIVATIVES[kind](program.graph, f, x);
    return opts.simplify ? simplifyTraced(program.graph, raw) : { node: raw, steps: [] as Step[] };
  });
  if (opts.format === 'json') {
    io.stdout((opts.trace ? JSON.stringify({ result: toJson(node), trace: traceJson(steps) }, null, 2) : print(node, 'json')) + '\n');
    return EXIT_OK;
  }
  if (opts.trace) io.stdout((opts.simplify ? traceText(steps, opts.format) : 'trace: simplification is off (--no-simplify)\n') + '\n');
  io.stdout(print(node, opts.format) + '\n');
  return EXIT_OK;
}
