/**
 * Distributivity of the matrix product, read right to left: terms of a sum that share their
 * leftmost (or rightmost) matrix factor are collected under it, `A'u - A'v -> A'(u - v)`,
 * `A x + A' x -> (A + A') x`. Always shrinks the expression; the inner sum is simplified by the
 * next pass.
 */
import * as B from '../core/build';
import { Graph, Node } from '../core/graph';

interface Split {
  readonly term: Node;
  readonly scalars: readonly Node[];
  readonly chain: readonly Node[];
}

function split(t: Node): Split {
  let scalars: Node[] = [];
  let m: Node = t;
  if (t.op === 'mul') {
    scalars = t.args.slice(0, -1);
    m = t.args[t.args.length - 1];
    if (m.shape.rows === 1 && m.shape.cols === 1) return { term: t, scalars: t.args, chain: [] };
  }
  return { term: t, scalars, chain: m.op === 'matmul' ? m.args : [m] };
}

const rest = (g: Graph, s: Split, side: 'left' | 'right'): Node => {
  const r = [...s.chain]; // spread, not slice: slice of a long args array is far slower
  if (side === 'left') r.shift();
  else r.pop();
  return B.mul(g, [...s.scalars, r.length === 1 ? r[0] : B.matmul(g, r)]);
};

/** One factoring step on a sum, or undefined when no two terms share an outer factor. */
export function factorCommonMatrix(g: Graph, sum: Node): Node | undefined {
  if (sum.op !== 'add') return undefined;
  const splits = sum.args.map(split);
  let best: { side: 'left' | 'right'; factor: Node; members: Split[] } | undefined;
  for (const side of ['left', 'right'] as const) {
    const groups = new Map<Node, Split[]>();
    for (const s of splits) {
      // A scalar broadcast over a non-scalar sum (u'v + A x) is not a product of the sum's
      // shape: collecting its factor with the others' would add a row to a matrix.
      if (s.chain.length < 2 || s.term.shape.rows !== sum.shape.rows || s.term.shape.cols !== sum.shape.cols) continue;
      const f = side === 'left' ? s.chain[0] : s.chain[s.chain.length - 1];
      const members = groups.get(f);
      if (members) members.push(s);
      else groups.set(f, [s]);
    }
    for (const [factor, members] of groups) if (members.length >= 2 && (!best || members.length > best.members.length)) best = { side, factor, members };
  }
  if (!best) return undefined;
  const { side, factor, members } = best;
  const inner = B.add(
    g,
    members.map((s) => rest(g, s, side)),
  );
  const collected = side === 'left' ? B.matmul(g, [factor, inner]) : B.matmul(g, [inner, factor]);
  const collectedSet = new Set(members);
  const others = splits.filter((s) => !collectedSet.has(s)).map((s) => s.term);
  return B.add(g, [...others, collected]);
}
