/**
 * A program's value and gradients as IR: what `matdiff compile PROGRAM --wrt x --emit ir`
 * prints. The outputs are built as compile() builds them for the value and gradients (the
 * derivative from src/derive, simplified and verified; every variable of the expression an
 * input), so the text is the IR of the evaluator compile() makes.
 */
import { MatdiffError } from '../../core/errors';
import { Node, freeVars } from '../../core/graph';
import { derive } from '../../derive';
import { Program } from '../../parse';
import { BuildIROptions, buildIR } from './build';
import { IR } from './types';

export interface ProgramIROptions extends Omit<BuildIROptions, 'inputs'> {
  /** Gradients wrt these variables (none: the value only). */
  readonly wrt?: readonly string[];
  readonly simplify?: boolean;
}

export function programIR(program: Program, opts: ProgramIROptions = {}): IR {
  const f = program.result;
  if (!f) throw new MatdiffError('usage', 'the program has no expression to compile', undefined, 'end the program with an expression, e.g. J');
  const gradients: Record<string, Node> = Object.create(null);
  const variables: Node[] = [];
  for (const name of opts.wrt ?? []) {
    const decl = program.scope.declaration(name);
    if (!decl) {
      const declared = [...program.scope.declarations.keys()];
      throw new MatdiffError(
        'usage',
        `cannot take a gradient with respect to ${name}: it is not a declared variable`,
        undefined,
        declared.length ? `declared variables: ${declared.join(', ')}` : 'declare it first, e.g. x : vector(n)',
      );
    }
    variables.push(decl.node);
    gradients[name] = derive(program.graph, 'grad', f, decl.node, { simplify: opts.simplify }).node;
  }
  return buildIR(
    program.graph,
    { value: f, gradients },
    { inputs: [...freeVars(f).values(), ...variables], rowFusion: opts.rowFusion, rowBlock: opts.rowBlock, stabilize: opts.stabilize },
  ).ir;
}
