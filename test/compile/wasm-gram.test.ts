/**
 * Weighted Gram products Xᵀ diag(v) X (issue 10: the Hessian of the seed is (1/m) Aᵀ diag(σ′) A):
 * found by structure in the plan, in every form the lowering writes (Xᵀ((v 1ᵀ) ⊙ X), Xᵀ diag(v) X,
 * Xᵀ X), and computed by one kernel (wasm f64x2 4×4 tiles over packed row blocks; JavaScript
 * rank-4 updates) that reads X and v only. Every backend against the reference interpreter at
 * 1e-12, at sizes that reach every edge of the tiling: 1×1, n = 1, n odd, n not a multiple of
 * 4, m not a multiple of the row block or of a thread's share, several row blocks.
 */
import { derive } from '../../src/derive';
import { compileNodes, withoutDenseDiagonals } from '../../src/compile';
import { wasmAvailable } from '../../src/compile/evaluator';
import { Node } from '../../src/core/graph';
import { parseProgram } from '../../src/parse';
import { makeRng, randomEnv } from '../support/random';
import { BACKENDS, checkAgainstReference } from './helpers';

const SEED = `A : matrix(m, n)
x : vector(n)
b : vector(m)
-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))`;

/** Sizes for the tiles (n = 1..9, 13), the strip past the last multiple of 4, and row blocks (32768/n rows each). */
const SIZES: readonly [number, number][] = [
  [1, 1],
  [1, 5],
  [2, 1],
  [3, 2],
  [5, 3],
  [7, 4],
  [9, 5],
  [13, 6],
  [17, 7],
  [21, 8],
  [33, 9],
  [40, 13],
  [4683, 7],
  [300, 130],
  [61, 33],
];

interface Case {
  readonly label: string;
  readonly source: string;
  /** The matrix-valued node to compile: the program's result, or a Hessian of it. */
  readonly node: (p: ReturnType<typeof parseProgram>) => Node;
  readonly sizes: readonly [number, number][];
}

const hessianOf = (p: ReturnType<typeof parseProgram>, x: string) =>
  withoutDenseDiagonals(p.graph, derive(p.graph, 'hessian', p.result!, p.scope.declaration(x)!.node).node);

const CASES: readonly Case[] = [
  { label: "the seed's Hessian, (1/m) Aᵀ((σ′ 1ᵀ) ⊙ A)", source: SEED, node: (p) => hessianOf(p, 'x'), sizes: SIZES },
  {
    label: "A' * diag(d) * A (diag(d) as written)",
    source: "A : matrix(m, n); d : vector(m); A' * diag(d) * A",
    node: (p) => p.result!,
    sizes: SIZES.filter(([m]) => m <= 300),
  },
  { label: "A' * A", source: "A : matrix(m, n); A' * A", node: (p) => p.result!, sizes: SIZES },
  {
    label: "least squares' Hessian, 2 A' A",
    source: 'A : matrix(m, n); x : vector(n); b : vector(m); norm2(A*x - b)^2',
    node: (p) => hessianOf(p, 'x'),
    sizes: [
      [1, 1],
      [5, 3],
      [33, 8],
      [70, 11],
    ],
  },
  {
    label: "Poisson's Hessian, Aᵀ diag(exp(Ax)) A",
    source: "A : matrix(m, n); x : vector(n); b : vector(m); sum(exp(A*x)) - b'*A*x",
    node: (p) => hessianOf(p, 'x'),
    sizes: [
      [2, 1],
      [9, 4],
      [50, 11],
    ],
  },
];

describe('weighted Gram products Xᵀ diag(v) X', () => {
  for (const c of CASES)
    test(`${c.label}: every backend equals the reference (1e-12) at ${c.sizes.length} sizes`, () => {
      const p = parseProgram(c.source);
      const node = c.node(p);
      const failures: string[] = [];
      c.sizes.forEach(([m, n], k) => {
        const env = randomEnv(p.graph, [p.result!, node], makeRng(100 + k), {
          sizes: new Map([
            ['m', m],
            ['n', n],
          ]),
        });
        const r = checkAgainstReference(p.graph, [node], env, {}, `${c.label} at ${m}×${n}`);
        failures.push(...r.failures);
        r.evaluator.dispose();
      });
      expect(failures).toEqual([]);
    });

  test('found by structure: one wgram call, no outer product, no m×n scaled copy, no gemm', () => {
    for (const c of CASES.slice(0, 3)) {
      const p = parseProgram(c.source);
      const ev = compileNodes(p.graph, [c.node(p)], { backend: 'js' });
      const kernel = ev.source.slice(ev.source.indexOf('function kernel'));
      expect(kernel).toContain('wgram(');
      expect(kernel).not.toMatch(/\bouter\(|\bgemm\(/);
      // the only m×n array is A itself
      expect(kernel).not.toMatch(/\/\/ \w+ m×n/);
    }
  });

  (wasmAvailable() ? test : test.skip)('the wasm Gram kernel runs in wasm, and two threads give the same bits every call', () => {
    const p = parseProgram(SEED);
    const node = hessianOf(p, 'x');
    const env = randomEnv(p.graph, [p.result!, node], makeRng(7), {
      sizes: new Map([
        ['m', 1003],
        ['n', 21],
      ]),
    });
    const inputs = Object.fromEntries(env.vars);
    const dims = Object.fromEntries(env.dims);
    const ev = compileNodes(p.graph, [node], BACKENDS[2].opts);
    expect(ev.stats.wasmKernels).toBeGreaterThanOrEqual(2); // the row pass and the Gram
    const first = Array.from(ev.run(inputs, { dims }).outputs[0].data);
    for (let k = 0; k < 3; k++) expect(Array.from(ev.run(inputs, { dims }).outputs[0].data)).toEqual(first);
    // symmetric to the bit (one triangle, mirrored)
    const n = 21;
    for (let j = 0; j < n; j++) for (let l = 0; l < j; l++) expect(first[j * n + l]).toBe(first[l * n + j]);
    ev.dispose();
  });
});
