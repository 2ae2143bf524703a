/**
 * A total structural order on nodes, used to sort the arguments of commutative ops.
 * It depends only on structure (never on ids or creation order), so a printed and
 * re-parsed expression sorts the same way and lands on the same node.
 */
import { Node } from './graph';
import { OPS, Op } from './ops';

const RANK = new Map<Op, number>(OPS.map((op, i) => [op, i]));

function cmpDim(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpLocal(a: Node, b: Node): number {
  if (a.op !== b.op) return RANK.get(a.op)! - RANK.get(b.op)!;
  if (a.value !== undefined && b.value !== undefined) {
    // Doubles decide almost always and cost no BigInt arithmetic; exact comparison breaks ties.
    const c = a.value.valueOf() - b.value.valueOf() || a.value.compare(b.value);
    if (c !== 0) return c;
  }
  if (a.name !== b.name) return (a.name ?? '') < (b.name ?? '') ? -1 : 1;
  const r = cmpDim(a.shape.rows, b.shape.rows) || cmpDim(a.shape.cols, b.shape.cols);
  if (r !== 0) return r;
  // Shallower first: also lets two deep, similar nodes be told apart without walking them.
  return a.args.length - b.args.length || a.depth - b.depth;
}

/**
 * Lexicographic on (op, attributes, arguments). The first differing argument pair decides,
 * so the recursion is a tail call and runs as a loop: no stack growth on deep trees.
 */
export function compareNodes(a: Node, b: Node): number {
  for (;;) {
    if (a === b) return 0;
    const c = cmpLocal(a, b);
    if (c !== 0) return c;
    let i = 0;
    while (i < a.args.length && a.args[i] === b.args[i]) i++;
    if (i === a.args.length) return 0; // unreachable for distinct hash-consed nodes
    a = a.args[i];
    b = b.args[i];
  }
}
