/**
 * The pieces of pattern matching that do not depend on the e-graph (ematch.ts does the search):
 * a pattern is a node of the rules' own graph (rules.ts) in which the rule's declared names are
 * pattern variables and its dimension symbols are pattern dimensions; targets are nodes of a
 * user's graph. Dimensions unify, leaves match by value or shape.
 *
 * Instantiation builds the right side in the target's graph with the bindings applied to both
 * the pattern variables and the pattern dimensions, so nothing of the rules' graph (a node, a
 * dimension name) can leak into a result.
 */
import { dimValue, eye, num, ones, zeros } from '../core/build';
import { Dim, Shape, dimFactors, dimProduct, isScalar, shape } from '../core/dims';
import { Graph, Node, mapBottomUp } from '../core/graph';
import { isInteger } from '../core/rational';
import { REBUILD } from '../core/rebuild';

/** Pattern variables bound to nodes; `#k` keys bind the rule's dimension symbols to dimensions. */
export type Bindings = Map<string, Node | Dim>;

/** Unify a pattern dimension with a target dimension: literals must be equal, symbols consistent. */
function unifyDim(p: Dim, t: Dim, b: Bindings): boolean {
  if (typeof p === 'number') return p === t;
  const key = `#${p}`;
  const bound = b.get(key);
  if (bound === undefined) b.set(key, t);
  return bound === undefined || bound === t;
}

export function unifyShape(p: Shape, t: Shape, b: Bindings): boolean {
  // A scalar reading and a non-scalar reading are different rules (mul vs hadamard, ...).
  if (isScalar(p) !== isScalar(t)) return false;
  return unifyDim(p.rows, t.rows, b) && unifyDim(p.cols, t.cols, b);
}

/** A `dim` leaf of a pattern against a target scalar: a dimension symbol or a positive integer. */
function matchDimLeaf(pattern: Node, target: Node, b: Bindings): Bindings | undefined {
  let d: Dim | undefined;
  if (target.op === 'dim') d = target.name!;
  else if (target.op === 'const' && isInteger(target.value!) && target.value!.compare(0) > 0) d = target.value!.valueOf();
  if (d === undefined) return undefined;
  const out = new Map(b);
  return unifyDim(pattern.name!, d, out) ? out : undefined;
}

export function matchLeaf(pattern: Node, target: Node, b: Bindings): Bindings | undefined {
  if (pattern.op === 'dim') return matchDimLeaf(pattern, target, b);
  if (pattern.op !== target.op) return undefined;
  if (pattern.op === 'const') return pattern.value!.equals(target.value!) ? b : undefined;
  if (pattern.op === 'zeros' || pattern.op === 'ones' || pattern.op === 'eye') {
    const out = new Map(b);
    return unifyShape(pattern.shape, target.shape, out) ? out : undefined;
  }
  return undefined; // a variable the rule does not bind: rules mention only pattern variables
}

/** A pattern dimension under the bindings (literal dimensions stay as they are). */
function boundDim(d: Dim, b: Bindings): Dim {
  if (typeof d === 'number') return d;
  const [k, symbols] = dimFactors(d); // a product of pattern dimensions (eye(k*l)) is bound factor by factor
  return symbols.reduce<Dim>((acc, f) => {
    const v = b.get(`#${f}`);
    if (v === undefined || typeof v === 'object') throw new Error(`internal: rule dimension ${f} is not bound by the match`);
    return dimProduct(acc, v);
  }, k);
}

const boundShape = (s: Shape, b: Bindings): Shape => shape(boundDim(s.rows, b), boundDim(s.cols, b));

/** A leaf of a rule's right side, built in the target graph `g` under the bindings. */
function instantiateLeaf(g: Graph, n: Node, b: Bindings): Node {
  switch (n.op) {
    case 'var': {
      const v = b.get(n.name!);
      if (v === undefined || typeof v !== 'object') throw new Error(`internal: rule variable ${n.name} is not bound by the match`);
      return v;
    }
    case 'const':
      return num(g, n.value!);
    case 'dim':
      return dimValue(g, boundDim(n.name!, b));
    case 'zeros':
      return zeros(g, boundShape(n.shape, b));
    case 'ones':
      return ones(g, boundShape(n.shape, b));
    case 'eye':
      return eye(g, boundDim(n.shape.rows, b));
    default:
      throw new Error(`internal: ${n.op} is not a leaf`);
  }
}

/**
 * The rule's right side (a node of the rules' graph) built in `g` with its variables and
 * dimensions replaced, through the constructors. The result has the target's shape.
 */
export function instantiate(g: Graph, template: Node, b: Bindings): Node {
  return mapBottomUp(template, (n, args) => (args.length === 0 ? instantiateLeaf(g, n, b) : REBUILD[n.op](g, n, args)));
}
