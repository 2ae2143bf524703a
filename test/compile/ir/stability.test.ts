/**
 * test/compile/stability.test.ts on the 'interp' backend: the seed's loss and gradient exact at
 * A*x = ±1000 (written with sigmoid and spelled out with exp), the stable kernels at ±1000.
 */
import { compile } from '../../../src/compile';
import { compileInterp } from '../../../src/compile/ir';
import { derive } from '../../../src/derive';
import { Node, freeVars } from '../../../src/core/graph';
import { parseProgram } from '../../../src/parse';

const DECLS = 'A : matrix(m, n)\nx : vector(n)\nb : vector(m)\nz : vector(m)\ns : scalar\n';
const SEED = "J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))\nJ";
const SPELLED = "J = -1/m * (b' * log(1 ./ (1 + exp(-(A*x)))) + (1 - b)' * log(1 - 1 ./ (1 + exp(-(A*x)))))\nJ";

function extremeData(m: number) {
  const A: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < m; i++) {
    const sign = i % 2 === 0 ? 1 : -1;
    A.push(i % 4 < 2 ? [1000 * sign, 0] : [0, 1000 * sign]);
    b.push(i % 3 === 0 ? 1 : 0);
  }
  return { A, b, x: [1, 1] };
}

function expected(data: ReturnType<typeof extremeData>) {
  const m = data.A.length;
  let loss = 0;
  const g = [0, 0];
  data.A.forEach((row, i) => {
    const z = row[0] + row[1];
    if ((z > 0 && data.b[i] === 0) || (z < 0 && data.b[i] === 1)) loss += 1000;
    const h = (z > 0 ? 1 : 0) - data.b[i];
    g[0] += h * row[0];
    g[1] += h * row[1];
  });
  return { loss: loss / m, g: g.map((v) => v / m) };
}

/** As compile(program, { wrt: 'x' }) builds its outputs, on the interp backend. */
function interpOf(source: string) {
  const p = parseProgram(source);
  const f = p.result!;
  const x = p.scope.declaration('x')!.node;
  return compileInterp(p.graph, { value: f, gradients: { x: derive(p.graph, 'grad', f, x).node } }, { inputs: [...freeVars(f).values(), x] });
}

describe('the seed at A*x = ±1000 (interp)', () => {
  for (const [label, program] of [['sigmoid', SEED], ['spelled out with exp', SPELLED]] as const)
    for (const m of [1, 5, 12, 13, 300])
      test(`${label}, m = ${m}`, () => {
        const ev = interpOf(`${DECLS}${program}`);
        const data = extremeData(m);
        const r = ev.run({ ...data, z: new Array(m).fill(0), s: 1 });
        const want = expected(data);
        const value = r.value!.data[0];
        expect(Number.isFinite(value)).toBe(true);
        expect(Math.abs(value - want.loss)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want.loss)));
        Array.from(r.gradients.x.data).forEach((v, j) => expect(Math.abs(v - want.g[j])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want.g[j]))));
        // the same numbers as the generated JavaScript
        const js = compile(parseProgram(`${DECLS}${program}`), { wrt: 'x', backend: 'js' }).run({ ...data, z: new Array(m).fill(0), s: 1 });
        expect(Object.is(js.value!.data[0], value)).toBe(true);
        expect(Array.from(js.gradients.x.data)).toEqual(Array.from(r.gradients.x.data));
      });

  test('the rewrite chose the stable kernels', () => {
    expect(interpOf(`${DECLS}${SPELLED}`).stats.stabilityRules).toEqual(expect.arrayContaining(['reciprocal-one-plus-exp', 'log-sigmoid', 'log-one-minus-sigmoid']));
  });
});

describe('stable kernels at ±1000 (interp)', () => {
  const prog = parseProgram(`${DECLS}
S1 = sigmoid(z)
S2 = softplus(z)
S3 = logsumexp(z)
S4 = softmax(z)
S5 = log(sigmoid(z))
S6 = log(1 - sigmoid(z))
S1`);
  const nodes: Node[] = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'].map((n) => prog.scope.definition(n)!.node);
  const r = compileInterp(prog.graph, nodes).run({ z: [1000, -1000, 0, 999, -999.5] });
  const out = (k: number) => Array.from(r.outputs[k].data);
  test('sigmoid', () => expect(out(0)).toEqual([1, Math.exp(-1000), 0.5, 1, Math.exp(-999.5) / (1 + Math.exp(-999.5))]));
  test('softplus', () => expect(out(1)).toEqual([1000, 0, Math.LN2, 999, 0]));
  test('logsumexp (shifted by the max)', () => expect(out(2)[0]).toBeCloseTo(1000 + Math.log1p(Math.exp(-1)), 12));
  test('softmax (shifted by the max)', () => {
    const s = out(3);
    const e1 = Math.exp(-1);
    expect(s[0]).toBeCloseTo(1 / (1 + e1), 14);
    expect(s[3]).toBeCloseTo(e1 / (1 + e1), 14);
    expect(s[1]).toBe(0);
  });
  test('log(sigmoid(z)) = -softplus(-z)', () => expect(out(4)).toEqual([-0, -1000, -Math.LN2, -0, -999.5]));
  test('log(1 - sigmoid(z)) = -softplus(z)', () => expect(out(5)).toEqual([-1000, -0, -Math.LN2, -999, -0]));
});
