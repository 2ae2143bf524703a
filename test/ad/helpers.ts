/** Shared set-up for the differentiation tests: one graph of declared variables, and the checks. */
import * as B from '../../src/core/build';
import { shape } from '../../src/core/dims';
import { Graph, Node } from '../../src/core/graph';
import { rat } from '../../src/core/rational';
import { grad } from '../../src/ad';
import { evaluate } from '../../src/eval/reference';
import { checkGradient, compareTensors, fdGradient } from '../support/finite-diff';
import { makeRng, randomEnv } from '../support/random';

/** Short builders for writing test expressions by hand in graph `g`. */
export function shorthands(g: Graph) {
  return {
    num: (v: number | [number, number]) => B.num(g, typeof v === 'number' ? v : rat(v[0], v[1])),
    T: (e: Node) => B.transpose(g, e),
    mm: (...fs: Node[]) => B.matmul(g, fs),
    ew: (op: Parameters<typeof B.elementwise>[1], e: Node) => B.elementwise(g, op, e),
    sub: (p: Node, q: Node) => B.sub(g, p, q),
    mul: (...fs: Node[]) => B.mul(g, fs),
  };
}

export function declarations(g: Graph) {
  const v = (name: string, rows: number | string, cols: number | string = 1) => B.variable(g, name, shape(rows, cols));
  return {
    A: v('A', 'm', 'n'),
    Bm: v('B', 'n', 'k'),
    W: v('W', 'm', 'n'),
    X: v('X', 'n', 'n'),
    Y: v('Y', 'n', 'n'),
    S: B.variable(g, 'S', shape('n', 'n'), true),
    U: v('U', 'm', 'k'),
    V: v('V', 'n', 'k'),
    x: v('x', 'n'),
    y: v('y', 'n'),
    a: v('a', 'n'),
    b: v('b', 'm'),
    s: v('s', 1, 1),
    t: v('t', 1, 1),
    m: B.dimSymbol(g, 'm'),
  };
}

/**
 * grad(f, x) agrees with finite differences of the reference interpreter in random directions,
 * on several random instances (random distinct sizes, data in the functions' domains).
 * Returns the gradient node for further checks.
 */
export function expectGradientMatches(g: Graph, f: Node, x: Node, seeds = [1, 2, 3], full = false): Node {
  const G = grad(g, f, x);
  for (const seed of seeds) {
    const rng = makeRng(seed * 7919 + f.id);
    const env = randomEnv(g, [f, G, x], rng);
    const check = checkGradient(f, x, G, env, rng, { directions: 3 });
    expect({ seed, failures: check.failures }).toEqual({ seed, failures: [] });
    if (full) expect(compareTensors(evaluate(G, env), fdGradient(f, x, env))).toEqual([]);
  }
  return G;
}
