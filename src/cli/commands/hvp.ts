/**
 * `matdiff hvp PROGRAM --wrt X --dir V [--format F]`: the Hessian-vector product D(∇f)(X)[V] in
 * matrix form, and `matdiff directional PROGRAM --wrt X --dir V`: df(X)[V]. V is a declared
 * variable of X's shape, or, when undeclared, a new one of X's shape (symmetric for a symmetric X).
 */
import { DirectionalKind, deriveAlong } from '../../derive';
import { directionOf } from '../../derive/direction';
import { Format, print } from '../../print';
import { EXIT_OK, within } from '../failure';
import { Io } from '../io';
import { loadProgram, programName, resultOf, variableNamed } from '../program';
import { ProgramArgs, readProgram } from '../source';

export interface AlongOptions extends ProgramArgs {
  readonly wrt: string;
  readonly dir: string;
  readonly format: Format;
}

export async function runAlong(kind: DirectionalKind, opts: AlongOptions, io: Io): Promise<number> {
  const src = await readProgram(opts, io);
  const program = loadProgram(src);
  const node = within(src, () => {
    const f = resultOf(program, opts.of);
    const x = variableNamed(program, opts.wrt, '--wrt');
    return deriveAlong(program.graph, kind, f, x, directionOf(program, programName(opts.dir), x, `--dir ${opts.dir}`)).node;
  });
  io.stdout(print(node, opts.format, { reserved: program.scope.names() }) + '\n');
  return EXIT_OK;
}
