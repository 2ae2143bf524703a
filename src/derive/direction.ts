/**
 * The direction of a Hessian-vector product or a directional derivative, by name: a declared
 * variable of x's shape, or, when the name is new, a variable of x's shape (symmetric for a
 * symmetric x). `what` names where the name came from in messages (`--dir V`, `hvp: the direction V`).
 */
import { variable } from '../core/build';
import { describeShape, sameShape } from '../core/dims';
import { MatdiffError } from '../core/errors';
import { Node } from '../core/graph';
import type { Program } from '../parse';

export function directionOf(program: Program, name: string, x: Node, what: string): Node {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
    throw new MatdiffError('usage', `${what} is not a variable name`, undefined, 'name the direction like a variable, e.g. V');
  const decl = program.scope.declaration(name);
  if (!decl) {
    if (program.scope.lookup(name))
      throw new MatdiffError('usage', `${what}: ${name} is not a variable`, undefined, 'name a declared variable, or a new name for the direction');
    return variable(program.graph, name, x.shape, !!x.symmetric);
  }
  if (!sameShape(decl.node.shape, x.shape))
    throw new MatdiffError(
      'shape',
      `${what} is ${describeShape(decl.node.shape)}, but ${x.name} is ${describeShape(x.shape)}`,
      undefined,
      `a direction has the shape of the variable: declare ${name} like ${x.name}`,
    );
  return decl.node;
}
