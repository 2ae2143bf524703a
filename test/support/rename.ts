/**
 * Rename the variables and dimension symbols of an expression, rebuilding it in a fresh graph:
 * the fuzz wall uses it to try the same expression under names that collide with the rules'
 * own pattern names (z, u, X; dimensions k, l).
 */
import * as b from '../../src/core/build';
import { Dim, Shape, shape } from '../../src/core/dims';
import { Graph, Node, mapBottomUp } from '../../src/core/graph';
import { REBUILD } from '../../src/core/rebuild';

export interface Naming {
  readonly label: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly dims: Readonly<Record<string, string>>;
}

export const NAMINGS: readonly Naming[] = [
  { label: 'plain', vars: {}, dims: {} },
  // The rules' pattern names and dimensions, reused for other shapes (u is a vector named X ...).
  { label: 'rule names', vars: { s: 'z', t: 'l2', u: 'X', v: 'u', w: 'z2', A: 'Z', B: 'X2', C: 'U', S: 'Y' }, dims: { n: 'l', m: 'k' } },
  { label: 'other dims', vars: { s: 'k', u: 'z' }, dims: { n: 'p', m: 'q' } },
];

const dim = (d: Dim, n: Naming) => (typeof d === 'number' ? d : (n.dims[d] ?? d));
const renamedShape = (s: Shape, n: Naming) => shape(dim(s.rows, n), dim(s.cols, n));
export const renamedVar = (name: string, n: Naming) => n.vars[name] ?? name;

/** `root` with its names changed by `naming`, built in `g`. */
export function rename(g: Graph, root: Node, naming: Naming): Node {
  return mapBottomUp(root, (m, args) => {
    if (args.length > 0) return REBUILD[m.op](g, m, args);
    switch (m.op) {
      case 'var':
        return b.variable(g, renamedVar(m.name!, naming), renamedShape(m.shape, naming), !!m.symmetric);
      case 'const':
        return b.num(g, m.value!);
      case 'dim':
        return b.dimSymbol(g, dim(m.name!, naming) as string);
      case 'zeros':
        return b.zeros(g, renamedShape(m.shape, naming));
      case 'ones':
        return b.ones(g, renamedShape(m.shape, naming));
      case 'eye':
        return b.eye(g, dim(m.shape.rows, naming));
      default:
        throw new Error(`rename: ${m.op} is not a leaf`);
    }
  });
}
