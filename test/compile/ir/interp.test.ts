/**
 * The interpreter: its kernels against the helpers' text that generated code pastes in, bit for bit, no code generation
 * (no Function constructor, no WebAssembly), and the evaluator it makes (results, ownership,
 * errors, input()).
 */
import { compileNodes } from '../../../src/compile';
import { buildIR, compileInterp, interpretIR } from '../../../src/compile/ir';
import { HelperName, helperSource } from '../../../src/compile/helpers';
import * as K from '../../../src/compile/kernels';
import { derive } from '../../../src/derive';
import { parseProgram } from '../../../src/parse';
import { makeRng } from '../../support/random';

const SEED = "A : matrix(m, n)\nx : vector(n)\nb : vector(m)\nJ = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))\nJ";

function seedIR() {
  const p = parseProgram(SEED);
  const f = p.result!;
  const x = p.scope.declaration('x')!.node;
  return buildIR(p.graph, { value: f, gradients: { x: derive(p.graph, 'grad', f, x).node } }, { inputs: [x] });
}

describe("the helpers' text (serialized from kernels.ts) computes what the interpreter's kernels do", () => {
  const helper = <T extends HelperName>(name: T) => new Function(`${helperSource([name])}\nreturn ${name};`)() as (...args: unknown[]) => unknown;
  const rng = makeRng(7);
  const rand = (n: number) => Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
  const same = (a: Float64Array, b: Float64Array) => expect(Array.from(a)).toEqual(Array.from(b));
  test.each([
    [1, 1],
    [3, 5],
    [9, 4],
    [13, 7],
  ])('at %i×%i, bit for bit', (r, c) => {
    const A = rand(r * c),
      x = rand(c),
      v = rand(r),
      S = rand(r * r);
    for (let i = 0; i < r; i++) S[i * r + i] += r; // well away from singular
    const out = () => [new Float64Array(r * c), new Float64Array(r * c)];
    let [y1, y2] = out();
    (K.gemv(A, r, c, x, y1), helper('gemv')(A, r, c, x, y2), same(y1, y2));
    [y1, y2] = out();
    (K.gemvT(A, r, c, v, y1), helper('gemvT')(A, r, c, v, y2), same(y1, y2));
    [y1, y2] = out();
    (K.outer(v, x, r, c, y1), helper('outer')(v, x, r, c, y2), same(y1, y2));
    for (const [tx, ty] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ]) {
      const X = rand(r * r),
        Y = rand(r * c),
        Yt = rand(c * r);
      const [g1, g2] = [new Float64Array(r * c), new Float64Array(r * c)];
      (K.gemm(X, tx, ty ? Yt : Y, ty, r, r, c, g1), helper('gemm')(X, tx, ty ? Yt : Y, ty, r, r, c, g2), same(g1, g2));
    }
    for (const w of [v, null]) {
      const [g1, g2] = [new Float64Array(c * c), new Float64Array(c * c)];
      (K.wgram(A, w, r, c, g1), helper('wgram')(A, w, r, c, g2), same(g1, g2));
    }
    const W = new Float64Array(r * r);
    expect(K.det(S, r, W)).toBe(helper('det')(S, r, new Float64Array(r * r)));
    expect(K.logdet(S, r, W)).toBe(helper('logdet')(S, r, new Float64Array(r * r)));
    const [i1, i2] = [new Float64Array(r * r), new Float64Array(r * r)];
    (K.inv(S, r, i1, W), helper('inv')(S, r, i2, new Float64Array(r * r)), same(i1, i2));
    expect(K.tr(S, r)).toBe(helper('tr')(S, r));
    expect(K.logsumexp(A, r * c)).toBe(helper('logsumexp')(A, r * c));
    const [s1, s2] = out();
    (K.softmax(A, r * c, s1), helper('softmax')(A, r * c, s2), same(s1, s2));
    for (const z of [...A, 800, -800, 0, -0]) {
      expect(K.sigmoid(z)).toBe(helper('sigmoid')(z));
      expect(K.softplus(z)).toBe(helper('softplus')(z));
    }
    for (const [a, b, c] of [
      [0, 0, 0],
      [1.5, 0, 0],
      [1, 2 ** 600, 0],
      [1e-300, 0, 3],
      [0, 0, 2],
    ])
      expect(K.norm2Finish(a, b, c)).toBe(helper('norm2Finish')(a, b, c));
  });
});

describe('no code generation', () => {
  test('the interp backend runs with the Function constructor and WebAssembly gone', () => {
    const p = parseProgram(SEED);
    const f = p.result!;
    const x = p.scope.declaration('x')!.node;
    const g = derive(p.graph, 'grad', f, x).node;
    const data = {
      A: [
        [1, 2],
        [3, -4],
        [0.5, 1],
      ],
      x: [0.1, -0.2],
      b: [1, 0, 1],
    };
    const want = compileNodes(p.graph, { value: f, gradients: { x: g } }, { backend: 'js' }).run(data);
    const G = globalThis as unknown as Record<'Function' | 'WebAssembly', unknown>;
    const saved = { Function: G.Function as FunctionConstructor, WebAssembly: G.WebAssembly };
    const refuse = () => {
      throw new Error('code generation is forbidden here');
    };
    try {
      G.Function = new Proxy(saved.Function, { construct: refuse, apply: refuse });
      Object.defineProperty(globalThis, 'WebAssembly', { get: refuse, configurable: true });
      // the trap works: the generated backends cannot be made now
      expect(() => compileNodes(p.graph, { value: f, gradients: { x: g } }, { backend: 'js' })).toThrow(/forbidden/);
      const ev = compileInterp(p.graph, { value: f, gradients: { x: g } });
      const r = ev.run(data);
      expect(r.value!.data[0]).toBe(want.value!.data[0]);
      expect(Array.from(r.gradients.x.data)).toEqual(Array.from(want.gradients.x.data));
      expect(ev.backend).toBe('interp');
    } finally {
      G.Function = saved.Function;
      Object.defineProperty(globalThis, 'WebAssembly', { value: saved.WebAssembly, configurable: true, writable: true });
    }
  });
});

describe('the evaluator', () => {
  const p = parseProgram(SEED);
  const ev = compileInterp(p.graph, [p.result!]);

  test('interpretIR: one call, fresh results', () => {
    const { ir } = seedIR();
    const data = {
      A: [
        [1, 2],
        [3, -4],
        [0.5, 1],
      ],
      x: [0.1, -0.2],
      b: [1, 0, 1],
    };
    const r1 = interpretIR(ir, data),
      r2 = interpretIR(ir, data);
    expect(r1).not.toBe(r2);
    expect(r1.value!.data[0]).toBe(r2.value!.data[0]);
    expect(Object.keys(r1.gradients)).toEqual(['x']);
    expect(r1.hessians).toEqual({});
  });

  test('results are reused between calls with the same dimensions, as compiled ones are', () => {
    const data = {
      A: [
        [1, 2],
        [3, 4],
      ],
      x: [1, 1],
      b: [0, 1],
    };
    expect(ev.run(data)).toBe(ev.run(data));
    expect(ev.run(data, { copy: true })).not.toBe(ev.run(data));
  });

  test('bad inputs are MatdiffErrors with the compiled evaluators’ messages', () => {
    const js = compileNodes(p.graph, [p.result!], { backend: 'js' });
    for (const bad of [
      { A: [[1, NaN]], x: [1, 1], b: [0] },
      { A: [[1, 2]], x: [1, 1, 1], b: [0] },
      { A: [[1, 2]], x: [1, 2] },
    ] as Record<string, number[][] | number[]>[]) {
      let a: unknown, b: unknown;
      try {
        ev.run(bad);
      } catch (e) {
        a = e;
      }
      try {
        js.run(bad);
      } catch (e) {
        b = e;
      }
      expect(a).toBeDefined();
      expect((a as Error).name).toBe('MatdiffError');
      expect((a as Error).message).toBe((b as Error).message);
    }
  });

  test('input(name, dims) is a plain Float64Array that run reads in place', () => {
    const A = ev.input('A', { m: 3, n: 2 });
    A.set([1, 2, 3, -4, 0.5, 1]);
    const r = ev.run({ A, x: [0.1, -0.2], b: [1, 0, 1] });
    expect(Number.isFinite(r.outputs[0].data[0])).toBe(true);
    expect(() => ev.input('q')).toThrow(/q is not an input/);
  });
});
