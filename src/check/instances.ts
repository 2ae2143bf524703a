/**
 * Random instances for numeric checking: dimension sizes that differ between instances (distinct
 * within one, never 1, the first instance the smallest), data in every function's domain
 * (randomEnv), and the small tensor arithmetic the comparisons and diagnoses need.
 */
import { Graph, Node } from '../core/graph';
import { Rng, dimensionSymbols, makeRng, randomEnv } from '../eval/random';
import { Judgment, judge } from '../eval/compare';
import { Env, Tensor, tensor } from '../eval/tensor';

export interface Instance {
  readonly env: Env;
  readonly truth: Tensor;
  readonly claim: Tensor;
  /** Whether truth and claim agree here, beyond rounding noise (see judge in src/eval/compare.ts). */
  readonly judgment: Judgment;
}

function shuffle<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/**
 * Sizes for instance `i` of `symbols`: instance 0 uses the smallest distinct sizes (2, 3, ...) so
 * its counterexample is small; later instances draw from a growing range so that every symbol
 * takes several values (which is what lets a factor like 1/m be told apart from 1/n).
 */
export function sizesFor(symbols: readonly string[], i: number, rng: Rng, maxSize: number): Map<string, number> {
  const k = symbols.length;
  const top = Math.min(Math.max(maxSize, k + 1), k + 1 + 2 * i);
  const pool: number[] = [];
  for (let s = 2; s <= top; s++) pool.push(s);
  const chosen = i === 0 ? shuffle(pool.slice(0, k), rng) : shuffle(pool, rng).slice(0, k);
  return new Map(symbols.map((d, j) => [d, chosen[j]]));
}

/**
 * `count` instances on which `truth` and every node of `domain` (the function a gradient came
 * from) are finite. The claim is not part of the domain: a claim that is undefined where the
 * truth is defined is different from it (relDiff is then infinite).
 */
export function drawInstances(
  graph: Graph,
  truth: Node,
  claim: Node,
  count: number,
  seed: number,
  maxSize: number,
  domain: readonly Node[] = [],
  tolerance = 1e-8,
): Instance[] {
  const rng = makeRng(seed);
  const symbols = dimensionSymbols([truth, claim, ...domain]).sort();
  const out: Instance[] = [];
  for (let i = 0; i < count; i++) {
    const env = randomEnv(graph, [...domain, truth], rng, { sizes: sizesFor(symbols, i, rng, maxSize), extra: [claim] });
    const {
      judgment,
      values: [t, c],
    } = judge(truth, claim, env, tolerance);
    out.push({ env, truth: t, claim: c, judgment });
  }
  return out;
}

// ---------- tensor arithmetic (scalars broadcast, as in the notation) ----------

export const frobenius = (t: Tensor): number => Math.sqrt(t.data.reduce((s, v) => s + v * v, 0));

export function inner(a: Tensor, b: Tensor): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i] * b.data[i];
  return s;
}

/** a + c·b, a scalar operand broadcast over the other's shape. */
export function axpy(a: Tensor, c: number, b: Tensor): Tensor {
  const big = a.data.length >= b.data.length ? a : b;
  const out = tensor(big.rows, big.cols);
  const at = (t: Tensor, i: number) => (t.data.length === 1 ? t.data[0] : t.data[i]);
  for (let i = 0; i < out.data.length; i++) out.data[i] = at(a, i) + c * at(b, i);
  return out;
}

export function transposeTensor(a: Tensor): Tensor {
  const out = tensor(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out.data[j * a.rows + i] = a.data[i * a.cols + j];
  return out;
}

export { relDiff } from '../eval/compare';
