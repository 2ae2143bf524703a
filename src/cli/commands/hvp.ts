/**
 * `matdiff hvp PROGRAM --wrt X --dir V [--format F]`: the Hessian-vector product D(∇f)(X)[V] in
 * matrix form, and `matdiff directional PROGRAM --wrt X --dir V`: df(X)[V]. V is a declared
 * variable of X's shape, or, when undeclared, a new one of X's shape (symmetric for a symmetric X).
 */
import { variable } from '../../core/build';
import { describeShape, sameShape } from '../../core/dims';
import { MatdiffError } from '../../core/errors';
import { Node } from '../../core/graph';
import { DirectionalKind, deriveAlong } from '../../derive';
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

/** The direction: the declared variable, or a new one shaped like x. */
function direction(program: ReturnType<typeof loadProgram>, name: string, x: Node): Node {
  const given = programName(name);
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(given))
    throw new MatdiffError('usage', `--dir ${name} is not a variable name`, undefined, 'name the direction like a variable, e.g. --dir V');
  const decl = program.scope.declaration(given);
  if (!decl) {
    if (program.scope.lookup(given))
      throw new MatdiffError('usage', `--dir ${name}: ${name} is not a variable`, undefined, 'name a declared variable, or a new name for the direction');
    return variable(program.graph, given, x.shape, !!x.symmetric);
  }
  if (!sameShape(decl.node.shape, x.shape))
    throw new MatdiffError(
      'shape',
      `--dir ${name} is ${describeShape(decl.node.shape)}, but ${x.name} is ${describeShape(x.shape)}`,
      undefined,
      `a direction has the shape of the variable: declare ${name} like ${x.name}`,
    );
  return decl.node;
}

export async function runAlong(kind: DirectionalKind, opts: AlongOptions, io: Io): Promise<number> {
  const src = await readProgram(opts, io);
  const program = loadProgram(src);
  const node = within(src, () => {
    const f = resultOf(program, opts.of);
    const x = variableNamed(program, opts.wrt, '--wrt');
    return deriveAlong(program.graph, kind, f, x, direction(program, opts.dir, x)).node;
  });
  io.stdout(print(node, opts.format, { reserved: program.scope.names() }) + '\n');
  return EXIT_OK;
}
