/**
 * Compiled Hessians and Hessian-vector products (issue 10, item 6): every compiled output
 * against the reference interpreter (the raw, unsimplified reverse-mode Hessian from src/ad) and
 * against finite differences of the compiled gradient, at several shapes; the seed's HVP prints
 * in matrix form and compiles without any n×n or m×n array besides A.
 */
import { hessian as rawHessian } from '../../src/ad';
import { variable } from '../../src/core/build';
import { compile, compileProgram, hessianVectorProduct, hvpInput, resultToJSON } from '../../src/compile';
import { EvalResult, Evaluator } from '../../src/compile/types';
import { evaluateAll } from '../../src/eval/reference';
import { Env, Tensor } from '../../src/eval/tensor';
import { Program, parseProgram } from '../../src/parse';
import { print } from '../../src/print';
import { makeRng, randomEnv } from '../support/random';
import { mismatches } from './helpers';

const SEED = `A : matrix(m, n)
x : vector(n)
b : vector(m)
-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))`;

/** H·v by rows of H (the reference's Hessian), for comparing with the compiled HVP. */
function times(H: Tensor, v: Tensor): Tensor {
  const out = new Float64Array(H.rows);
  for (let i = 0; i < H.rows; i++) for (let j = 0; j < H.cols; j++) out[i] += H.data[i * H.cols + j] * v.data[j];
  return { rows: H.rows, cols: 1, data: out };
}

const inputsOf = (env: Env, extra: Record<string, Tensor> = {}) => ({ ...Object.fromEntries(env.vars), ...extra });

/** A direction for `x`: a fixed, non-trivial vector. */
const directionFor = (x: Tensor): Tensor => ({ rows: x.rows, cols: x.cols, data: x.data.map((_, i) => Math.cos(3 * i + 1)) });

/** Central differences of the compiled gradient along `dir`: ≈ H·dir. */
function fdOfGradient(ev: Evaluator, env: Env, x: string, dir: Tensor, h = 1e-5): Float64Array {
  const at = (t: number) => {
    const base = env.vars.get(x)!;
    const moved = { rows: base.rows, cols: base.cols, data: base.data.map((v, i) => v + t * dir.data[i]) };
    return Float64Array.from(ev.run({ ...inputsOf(env), [x]: moved }, { dims: Object.fromEntries(env.dims) }).gradients[x].data);
  };
  const plus = at(h),
    minus = at(-h);
  return plus.map((p, i) => (p - minus[i]) / (2 * h));
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, label: string) {
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++)
    if (!(Math.abs(actual[i] - expected[i]) <= rtol * (scale + 1e-300))) bad.push(`${label}[${i}]: ${actual[i]} vs ${expected[i]}`);
  expect(bad).toEqual([]);
}

interface Case {
  readonly label: string;
  readonly source: string;
  readonly wrt: string;
  /** Sizes to test at (every dimension symbol of the program). */
  readonly sizes: readonly Record<string, number>[];
}

const CASES: readonly Case[] = [
  {
    label: 'the seed (logistic loss)',
    source: SEED,
    wrt: 'x',
    sizes: [
      { m: 1, n: 1 },
      { m: 3, n: 2 },
      { m: 7, n: 5 },
      { m: 40, n: 13 },
      { m: 101, n: 9 },
    ],
  },
  {
    label: 'least squares',
    source: 'A : matrix(m, n); x : vector(n); b : vector(m); norm2(A*x - b)^2',
    wrt: 'x',
    sizes: [
      { m: 1, n: 1 },
      { m: 5, n: 3 },
      { m: 33, n: 8 },
    ],
  },
  {
    label: 'Poisson loss with a ridge term',
    source: "A : matrix(m, n); x : vector(n); b : vector(m); lambda : scalar; sum(exp(A*x)) - b'*A*x + lambda * x'*x",
    wrt: 'x',
    sizes: [
      { m: 2, n: 1 },
      { m: 9, n: 4 },
      { m: 50, n: 11 },
    ],
  },
  {
    label: 'softplus and a quadratic form',
    source: "A : matrix(m, n); S : symmetric(n); x : vector(n); sum(softplus(A*x)) + x'*S*x",
    wrt: 'x',
    sizes: [
      { m: 4, n: 3 },
      { m: 17, n: 6 },
    ],
  },
  {
    label: 'log-sum-exp',
    source: 'A : matrix(m, n); x : vector(n); logsumexp(A*x)',
    wrt: 'x',
    sizes: [
      { m: 3, n: 2 },
      { m: 12, n: 5 },
    ],
  },
  { label: 'a scalar variable', source: 'a : vector(m); t : scalar; sum(exp(t * a)) + t^4', wrt: 't', sizes: [{ m: 1 }, { m: 6 }] },
];

/** A random instance of `p` at `sizes`, scaled so the Hessian's entries are moderate. */
function instance(p: Program, sizes: Record<string, number>, seed: number): Env {
  const env = randomEnv(p.graph, p.result!, makeRng(seed), { sizes: new Map(Object.entries(sizes)) });
  const b = env.vars.get('b');
  if (!b || !p.source.includes('sigmoid')) return env;
  // labels in {0, 1} for the logistic loss
  return { vars: new Map([...env.vars, ['b', { ...b, data: b.data.map((v) => (v > 0 ? 1 : 0)) }]]), dims: env.dims };
}

describe.each(CASES)('$label', ({ source, wrt, sizes }) => {
  const p = parseProgram(source);
  const x = p.scope.declaration(wrt)!.node;
  const ev = compile(p, { wrt, hessian: true });
  const evJs = compile(p, { wrt, hessian: true, backend: 'js' });
  const gradientOnly = compile(p, { wrt });
  const hvpOnly = compile(p, { wrt, outputs: ['hvp'] });
  const H = rawHessian(p.graph, p.result!, x); // reverse mode, not simplified: independent of the simplifier

  test.each(sizes.map((s, i) => [JSON.stringify(s), s, i] as const))(
    'at %s: value, gradient, Hessian and HVP against the reference and finite differences',
    (_label, s, i) => {
      const env = instance(p, s, 1000 + i);
      const [value, hess] = evaluateAll([p.result!, H], env);
      const v = directionFor(env.vars.get(wrt)!);
      const dims = { dims: Object.fromEntries(env.dims) };
      const r = ev.run(inputsOf(env, { [hvpInput(wrt)]: v }), dims);
      // reference interpreter: 1e-12 relative (the HVP against H·v formed from the reference H)
      expect([
        ...mismatches(r.value!, value, 'value'),
        ...mismatches(r.hessians[wrt], hess, 'hessian'),
        ...mismatches(r.hvps[wrt], times(hess, v), 'hvp', 1e-11),
      ]).toEqual([]);
      const g = gradientOnly.run(inputsOf(env), dims).gradients[wrt];
      expect(mismatches(r.gradients[wrt], g, 'gradient')).toEqual([]);
      // the generated-JavaScript backend, and the HVP-only evaluator, compute the same numbers
      const rJs = evJs.run(inputsOf(env, { [hvpInput(wrt)]: v }), dims);
      expect(r.outputs.flatMap((o, k) => mismatches(rJs.outputs[k], o, `js output ${k}`))).toEqual([]);
      expect(mismatches(hvpOnly.run(inputsOf(env, { [hvpInput(wrt)]: v }), dims).hvps[wrt], r.hvps[wrt], 'hvp only')).toEqual([]);
      // finite differences of the compiled gradient: along v (the HVP), along each axis (H's columns)
      expectClose(r.hvps[wrt].data, fdOfGradient(gradientOnly, env, wrt, v), 1e-6, 'fd hvp');
      const n = r.hessians[wrt].rows;
      for (let j = 0; j < n; j++) {
        const e = { rows: n, cols: 1, data: new Float64Array(n).map((_, k) => (k === j ? 1 : 0)) };
        const column = Array.from({ length: n }, (_, k) => r.hessians[wrt].data[k * n + j]);
        expectClose(column, fdOfGradient(gradientOnly, env, wrt, e), 1e-6, `fd hessian column ${j}`);
      }
      // the Hessian is symmetric
      const Hd = r.hessians[wrt].data;
      for (let a = 0; a < n; a++)
        for (let b = 0; b < a; b++) expect(Math.abs(Hd[a * n + b] - Hd[b * n + a])).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(Hd[a * n + b])));
    },
  );
});

describe('the seed', () => {
  const p = parseProgram(SEED);
  const x = p.scope.declaration('x')!.node;

  test('the simplified HVP is (1/m) Aᵀ(Av ⊙ σ(Ax) ⊙ (1 − σ(Ax))): matrix form, σ′ as σ ⊙ (1 − σ)', () => {
    const v = variable(p.graph, 'v', x.shape);
    const hv = hessianVectorProduct(p.graph, p.result!, x, v);
    // ⊙ is commutative: the canonical order puts Av first; the textbook writes σ(Ax) ⊙ (1 − σ(Ax)) ⊙ (Av)
    expect(print(hv, 'unicode')).toBe('(1/m) Aᵀ(Av ⊙ σ(Ax) ⊙ (1 − σ(Ax)))');
    expect(print(hv, 'text')).toBe("1/m * A' * (A*v .* sigmoid(A*x) .* (1 - sigmoid(A*x)))");
  });

  test("the compiled HVP's formula reads the direction input v@x", () => {
    const ev = compileProgram(SEED, { wrt: 'x', outputs: ['hvp'] });
    expect(ev.formulas.hvps).toEqual({ x: "1/m * A' * (A * v@x .* sigmoid(A*x) .* (1 - sigmoid(A*x)))" });
    expect(Object.keys(ev.formulas.gradients)).toEqual([]);
    expect(ev.spec.inputs.map((i) => i.name).sort()).toEqual(['A', 'b', 'v@x', 'x']);
  });

  test('the HVP is computed without an n×n or m×n array besides A', () => {
    for (const outputs of [['hvp'], ['value', 'gradient', 'hvp']] as const) {
      const ev = compileProgram(SEED, { wrt: 'x', outputs: [...outputs] });
      const arrays = ev.spec.arrays.map(([r, c]) => `${r}×${c}`);
      expect(arrays.filter((a) => a === 'm×n')).toHaveLength(1); // A itself
      expect(arrays).not.toContain('n×n');
      expect(arrays).not.toContain('m×m');
      expect(arrays.every((a) => ['m×n', 'm×1', 'n×1', '1×1'].includes(a))).toBe(true);
      expect(ev.stats.rowFusedPasses).toBe(1); // A*x, σ, Aᵀ(…) for the gradient and the HVP in one pass
    }
  });

  test('the Hessian never forms diag(σ′) as an m×m matrix', () => {
    const ev = compileProgram(SEED, { wrt: 'x', outputs: ['hessian'] });
    expect(ev.spec.arrays.map(([r, c]) => `${r}×${c}`)).not.toContain('m×m');
    expect(ev.formulas.hessians.x).toBe("1/m * A' * (A .* (sigmoid(A*x) .* (1 - sigmoid(A*x)) * ones(1, n)))");
  });

  test('results are named, reused between calls (no per-call objects) and fresh with { copy: true }', () => {
    const ev = compileProgram(SEED, { wrt: 'x', hessian: true });
    const data = (t: number) => ({
      A: [
        [1, 2],
        [0.5, -1],
        [-1.5, 0.3],
        [2, 1],
      ],
      b: [1, 0, 0, 1],
      x: [t, -0.5],
      'v@x': [1, 0],
    });
    const r1 = ev.run(data(0.25));
    const h1 = Array.from(r1.hessians.x.data);
    const r2 = ev.run(data(0.5));
    expect(r2).toBe(r1);
    expect(r2.hessians.x).toBe(r1.outputs[2]);
    expect(Array.from(r1.hessians.x.data)).not.toEqual(h1);
    const f1 = ev.run(data(0.25), { copy: true });
    expect(f1).not.toBe(r1);
    expect(Array.from(f1.hessians.x.data)).toEqual(h1);
    ev.run(data(0.75));
    expect(Array.from(f1.hessians.x.data)).toEqual(h1);
    // the HVP with v = e₁ is H's first column
    expect(Array.from(f1.hvps.x.data)).toEqual([h1[0], h1[2]]);
    expect(Object.keys(resultToJSON(f1))).toEqual(['value', 'gradient', 'hessian', 'hvp']);
    expect(resultToJSON(f1).hessian!.x).toEqual([h1.slice(0, 2), h1.slice(2)]);
  });

  test('the direction must be given, under its documented name', () => {
    const ev = compileProgram(SEED, { wrt: 'x', outputs: ['hvp'] });
    expect(hvpInput('x')).toBe('v@x');
    expect(() => ev.run({ A: [[1, 2]], b: [1], x: [0, 0] })).toThrow(/no value for v@x \(a vector\(n\)\)/);
    expect(() => ev.run({ A: [[1, 2]], b: [1], x: [0, 0], 'v@x': [1, 2, 3] })).toThrow(/v@x has 3 rows, but n = 2/);
  });
});

describe('HVPs wrt a matrix, and what is refused', () => {
  const SRC = 'A : matrix(m, n); X : matrix(n, k); sum(exp(A*X)) + norm2(X)^2';

  test('H·V for a matrix X, against finite differences of the compiled gradient', () => {
    const p = parseProgram(SRC);
    const ev = compile(p, { wrt: 'X', outputs: ['gradient', 'hvp'] });
    const gradientOnly = compile(p, { wrt: 'X' });
    for (const [i, sizes] of [
      { m: 3, n: 2, k: 2 },
      { m: 8, n: 4, k: 3 },
    ].entries()) {
      const env = randomEnv(p.graph, p.result!, makeRng(77 + i), { sizes: new Map(Object.entries(sizes)) });
      const V = directionFor(env.vars.get('X')!);
      const r: EvalResult = ev.run(inputsOf(env, { 'v@X': V }), { dims: Object.fromEntries(env.dims) });
      expect(r.hvps.X.rows).toBe(sizes.n);
      expect(r.hvps.X.cols).toBe(sizes.k);
      expectClose(r.hvps.X.data, fdOfGradient(gradientOnly, env, 'X', V), 1e-6, 'fd hvp X');
      expect(mismatches(r.gradients.X, gradientOnly.run(inputsOf(env), { dims: Object.fromEntries(env.dims) }).gradients.X, 'gradient X')).toEqual([]);
    }
  });

  test('usage errors: a matrix Hessian, no wrt, an unknown output kind, a non-boolean hessian', () => {
    expect(() => compileProgram(SRC, { wrt: 'X', hessian: true })).toThrow(
      /cannot compile the Hessian wrt X, a matrix\(n, k\) \(n×k\): the Hessian wrt a matrix is a 4-tensor/,
    );
    expect(() => compileProgram(SEED, { hessian: true })).toThrow(/hessian and hvp outputs were asked for, but no variable/);
    expect(() => compileProgram(SEED, { wrt: 'x', outputs: ['hessain' as never] })).toThrow(/output kind/);
    expect(() => compileProgram(SEED, { wrt: 'x', hessian: 'yes' as never })).toThrow(/option hessian must be true or false/);
  });

  test('hessian: true adds to the outputs asked for', () => {
    const ev = compileProgram(SEED, { wrt: 'x', outputs: ['value'], hessian: true });
    const r = ev.run({
      A: [
        [1, 2],
        [3, 4],
      ],
      b: [1, 0],
      x: [0.1, 0.2],
      'v@x': [1, 1],
    });
    expect(r.value).toBeDefined();
    expect(Object.keys(r.gradients)).toEqual([]);
    expect(Object.keys(r.hessians)).toEqual(['x']);
    expect(Object.keys(r.hvps)).toEqual(['x']);
  });
});
