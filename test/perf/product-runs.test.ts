/**
 * The elaborator builds runs of `*`, `/`, `.*`, `./` with one constructor call (src/parse/runs.ts)
 * instead of one per operator, to keep long products linear. That must change nothing: on
 * random trees of those operators over scalars, vectors, matrices, diagonal, identity, zero
 * and ones operands, with random parentheses, the parsed node is the very node (hash-consed
 * identity) the operator-by-operator fold builds, and an ill-shaped tree fails with the same
 * message at the same place.
 */
import fc from 'fast-check';
import * as B from '../../src/core/build';
import { MatdiffError } from '../../src/core/errors';
import { Node } from '../../src/core/graph';
import { parseExpression, parseProgram } from '../../src/parse';

const DECLS = 't : scalar; s : scalar; x : vector(n); y : vector(n); A : matrix(n, n); B : matrix(n, n); C : matrix(n, m); u : vector(m)';

const LEAVES = [
  't',
  's',
  '2',
  '0',
  '3',
  '(-1)',
  'x',
  'y',
  "x'",
  "y'",
  'A',
  'B',
  "A'",
  'C',
  "C'",
  'u',
  "u'",
  'eye(n)',
  'diag(x)',
  'diag(y)',
  'diag(2*x)',
  'zeros(n, n)',
  'zeros(n, 1)',
  'ones(n, n)',
  'ones(n, 1)',
  '(2*A)',
  '(-B)',
  '(t*x)',
];
const OPS = ['*', '/', '.*', './'] as const;
type Op = (typeof OPS)[number];

/** Mostly n×n operands and `*`, so that long chains (and 1×1 chains such as x' * A * x) are common. */
const SQUARE_LEAVES = ['A', 'B', "A'", 'diag(x)', 'diag(y)', 'eye(n)', 't', '2', '(1/2)', 'zeros(n, n)', '(2*A)', 'x', "x'", 'ones(n, n)'];

type Tree = { leaf: string } | { op: Op; left: Tree; right: Tree; paren: boolean };

const treeOf = (leaves: readonly string[], ops: fc.Arbitrary<Op>, depthSize: fc.DepthSize): fc.Arbitrary<Tree> =>
  fc.letrec<{ t: Tree }>((tie) => ({
    t: fc.oneof(
      { depthSize, withCrossShrink: true },
      fc.constantFrom(...leaves).map((leaf) => ({ leaf })),
      fc.record({ op: ops, left: tie('t'), right: tie('t'), paren: fc.boolean() }),
    ),
  })).t;

const anyTree = treeOf(LEAVES, fc.constantFrom(...OPS), 'small');
const chainTree = treeOf(
  SQUARE_LEAVES,
  fc.oneof({ weight: 6, arbitrary: fc.constant<Op>('*') }, { weight: 1, arbitrary: fc.constantFrom<Op>('/', '.*', './') }),
  'medium',
);

/** Source text: left operands bare unless `paren` (all four operators share one left-associative level). */
function text(t: Tree): string {
  if ('leaf' in t) return t.leaf;
  const l = text(t.left);
  const r = 'leaf' in t.right ? text(t.right) : `(${text(t.right)})`;
  const left = t.paren && !('leaf' in t.left) ? `(${l})` : l;
  return `${left} ${t.op} ${r}`;
}

type Outcome = { node: Node } | { error: string };

function outcome(f: () => Node): Outcome {
  try {
    return { node: f() };
  } catch (err) {
    if (err instanceof MatdiffError) return { error: `${err.message} @${err.span?.start.offset ?? '?'}-${err.span?.end.offset ?? '?'}` };
    throw err;
  }
}

describe('runs of products build the node the operator-by-operator fold builds', () => {
  it.each([
    ['random trees over all operand shapes', anyTree],
    ['long random chains of mostly square factors', chainTree],
  ])('on %s, with errors at the same place', (_name, tree) => {
    fc.assert(
      fc.property(tree, (t) => {
        const p = parseProgram(DECLS);
        const src = text(t);
        const got = outcome(() => parseExpression(src, p.scope, p.graph));
        // The fold, operator by operator, with the spans the surface tree gives each operator.
        const fold = (u: Tree, offset: number): [Node, number] => {
          if ('leaf' in u) return [parseExpression(u.leaf, p.scope, p.graph), offset + u.leaf.length];
          const leftParen = u.paren && !('leaf' in u.left);
          const [l, afterL] = fold(u.left, offset + (leftParen ? 1 : 0));
          const rightStart = afterL + (leftParen ? 1 : 0) + u.op.length + 2 + ('leaf' in u.right ? 0 : 1);
          const [r, afterR] = fold(u.right, rightStart);
          const end = afterR + ('leaf' in u.right ? 0 : 1);
          const g = p.graph;
          try {
            const f = { '*': B.times, '/': B.div, '.*': (gg: typeof g, a: Node, b: Node) => B.hadamard(gg, [a, b]), './': B.ediv }[u.op];
            return [f(g, l, r), end];
          } catch (err) {
            if (err instanceof MatdiffError && !err.span) throw err.at({ start: { offset, line: 1, col: 1 }, end: { offset: end, line: 1, col: 1 } });
            throw err;
          }
        };
        const want = outcome(() => fold(t, 0)[0]);
        if ('node' in want) {
          expect('node' in got ? got.node : got).toBe(want.node);
        } else {
          expect('error' in got ? got.error.replace(/ @.*/, '') : got).toBe(want.error.replace(/ @.*/, ''));
          expect('error' in got ? got.error : got).toBe(want.error);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
