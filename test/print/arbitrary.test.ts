/**
 * The shared expression arbitrary (test/support/arbitrary.ts): it reaches every op of the
 * core, and in safe mode every domain-restricted argument is in its domain on positive data.
 */
import fc from 'fast-check';
import { Node, topoOrder } from '../../src/core/graph';
import { OPS, Op } from '../../src/core/ops';
import { evaluateAll } from '../../src/eval/reference';
import { Env, Tensor, tensor } from '../../src/eval/tensor';
import { printText } from '../../src/print';
import { anyExpr, makeContext, scalarExpr } from '../support/arbitrary';

const opsOf = (nodes: readonly Node[]): Set<Op> => new Set(topoOrder(nodes).map((n) => n.op));

test.each([false, true])('every op of the core appears (safe: %s)', (safe) => {
  const ctx = makeContext();
  const seen = opsOf(fc.sample(anyExpr(ctx, { safe }), { numRuns: 3000, seed: 7 }));
  // Safe mode has no zeros leaves; zeros still arise when terms cancel (x - x). The vec-layout
  // ops are results of matrix-by-matrix derivatives, not inputs (reverse mode refuses them):
  // test/ad/kronecker.test.ts holds them against finite differences.
  const results: Op[] = ['kron', 'vec', 'commutation'];
  const missing = OPS.filter((op) => !seen.has(op) && !results.includes(op));
  expect(missing).toEqual([]);
});

test('scalarExpr is scalar-valued and anyExpr reaches all nine shapes', () => {
  const ctx = makeContext();
  for (const e of fc.sample(scalarExpr(ctx), 300)) expect(e.shape).toEqual({ rows: 1, cols: 1 });
  const shapes = new Set(fc.sample(anyExpr(ctx), 500).map((e) => `${e.shape.rows}x${e.shape.cols}`));
  expect(shapes.size).toBe(9);
});

/** Random positive data for the declarations, S symmetric, with n = 3 and m = 4. */
function positiveEnv(rand: () => number): Env {
  const dims = new Map([
    ['n', 3],
    ['m', 4],
  ]);
  const fill = (r: number, c: number): Tensor => {
    const t = tensor(r, c);
    for (let i = 0; i < t.data.length; i++) t.data[i] = 0.2 + rand();
    return t;
  };
  const S = fill(3, 3);
  for (let i = 0; i < 3; i++) for (let j = 0; j < i; j++) S.data[i * 3 + j] = S.data[j * 3 + i];
  const vars = new Map<string, Tensor>([
    ['s', fill(1, 1)],
    ['t', fill(1, 1)],
    ['u', fill(3, 1)],
    ['v', fill(3, 1)],
    ['w', fill(4, 1)],
    ['A', fill(4, 3)],
    ['B', fill(3, 3)],
    ['C', fill(4, 4)],
    ['S', S],
  ]);
  return { vars, dims };
}

/** The first argument of a domain-restricted op that is outside its domain, described. */
function domainViolation(e: Node, env: Env): string | undefined {
  const nodes = topoOrder([e]);
  const results = evaluateAll(nodes, env);
  const values = new Map(nodes.map((n, i) => [n, results[i]]));
  const all = (n: Node, ok: (v: number) => boolean) => values.get(n)!.data.every((v) => Number.isNaN(v) || ok(v));
  for (const n of nodes) {
    const [a, p] = n.args;
    const bad = (() => {
      switch (n.op) {
        case 'log':
        case 'sqrt':
          return !all(a, (v) => v > 0);
        case 'tan':
          return !all(a, (v) => Math.abs(v) < Math.PI / 2);
        case 'abs':
        case 'sign':
        case 'norm1':
          return !all(a, (v) => v !== 0);
        case 'norm2':
          return values.get(a)!.data.every((v) => v === 0);
        case 'pow':
        case 'epow':
          return !(p.op === 'const' && p.value!.d === 1n && p.value!.compare(0) > 0) && !all(a, (v) => v > 0);
        case 'det':
        case 'logdet':
        case 'inv':
          return !positiveDefinite(values.get(a)!);
        default:
          return false;
      }
    })();
    if (bad) return `${n.op} of an argument outside its domain`;
  }
  return undefined;
}

/** Symmetric, and its Cholesky factorization succeeds (NaN/infinite entries pass: overflow is not a domain error). */
/** Is the symmetric part (A + Aᵀ)/2 positive definite? Then A is invertible with det(A) > 0. */
function positiveDefinite(a: Tensor): boolean {
  const n = a.rows;
  if (!a.data.every(Number.isFinite)) return true;
  const x = a.data.map((_, k) => (a.data[k] + a.data[(k % n) * n + Math.floor(k / n)]) / 2);
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = x[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] ** 2;
    if (!(d > 0)) return false;
    L[j * n + j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let v = x[i * n + j];
      for (let k = 0; k < j; k++) v -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = v / L[j * n + j];
    }
  }
  return true;
}

test('safe mode: log/sqrt/pow/tan/abs/sign/det/logdet/inv arguments are in their domains', () => {
  const ctx = makeContext();
  let k = 1;
  const rand = () => (k = (k * 16807) % 2147483647) / 2147483647;
  fc.assert(
    fc.property(anyExpr(ctx, { safe: true, maxDepth: 4 }), (e) => {
      const why = domainViolation(e, positiveEnv(rand));
      if (why) throw new Error(`${why} in ${printText(e)}`);
    }),
    { numRuns: 300 },
  );
});
