import * as B from '../../src/core/build';
import { shape } from '../../src/core/dims';
import { MatdiffError } from '../../src/core/errors';
import { Graph, Node } from '../../src/core/graph';
import { OPS, Op } from '../../src/core/ops';
import { rat } from '../../src/core/rational';
import { evaluate, evaluateAll, evaluateScalar } from '../../src/eval/reference';
import { envOf, makeRng, rowsOf } from '../support/random';
import { det as mdet, inv as minv } from 'mathjs';

const g = new Graph();
const A = B.variable(g, 'A', shape(2, 3));
const M = B.variable(g, 'M', shape(2, 2));
const x = B.variable(g, 'x', shape(3, 1));
const u = B.variable(g, 'u', shape(2, 1));
const s = B.variable(g, 's', shape(1, 1));
const env = envOf({
  A: [
    [1, 2, 3],
    [4, 5, 6],
  ],
  M: [
    [2, 1],
    [7, 4],
  ],
  x: [1, -1, 2],
  u: [0.5, -2],
  s: 3,
});

const val = (n: Node) => rowsOf(evaluate(n, env));
const num = (n: Node) => evaluateScalar(n, env);

describe('reference interpreter: hand values per op', () => {
  const seen = new Set<Op>();
  const check = (n: Node, expected: number | number[][]) => {
    for (const m of [n, ...n.args]) seen.add(m.op);
    if (typeof expected === 'number') expect(num(n)).toBeCloseTo(expected, 12);
    else {
      const got = val(n);
      expect(got.length).toBe(expected.length);
      got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 12)));
    }
  };

  test('leaves', () => {
    check(B.num(g, rat(3, 4)), 0.75);
    expect(evaluateScalar(B.dimSymbol(g, 'm'), envOf({}, { m: 5 }))).toBe(5);
    seen.add('dim');
    expect(rowsOf(evaluate(B.ones(g, shape('m', 1)), envOf({}, { m: 3 })))).toEqual([[1], [1], [1]]);
    expect(rowsOf(evaluate(B.zeros(g, shape(2, 'n')), envOf({}, { n: 2 })))).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(rowsOf(evaluate(B.eye(g, 'n'), envOf({}, { n: 2 })))).toEqual([
      [1, 0],
      [0, 1],
    ]);
    seen.add('ones').add('zeros').add('eye').add('var');
    check(A, [
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  test('algebra, with scalar broadcast', () => {
    check(B.add(g, [u, s]), [[3.5], [1]]);
    check(B.sub(g, B.num(g, 1), u), [[0.5], [3]]);
    check(B.mul(g, [s, u]), [[1.5], [-6]]);
    check(B.matmul(g, [A, x]), [[5], [11]]);
    check(B.matmul(g, [B.transpose(g, u), M, u]), 0.5 * 0.5 * 2 + 0.5 * 1 * -2 + -2 * 7 * 0.5 + -2 * 4 * -2);
    check(B.hadamard(g, [u, B.matmul(g, [A, x])]), [[2.5], [-22]]);
    check(B.pow(g, s, B.num(g, rat(1, 2))), Math.sqrt(3));
    check(B.pow(g, s, s), 27);
    check(B.epow(g, u, B.num(g, 2)), [[0.25], [4]]);
    check(B.transpose(g, A), [
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
  });

  test('elementwise functions', () => {
    const z = B.variable(g, 'z', shape(4, 1));
    const e = envOf({ z: [-1.5, 0, 0.5, 2] });
    const ew = (op: Parameters<typeof B.elementwise>[1]) => {
      seen.add(op);
      return rowsOf(evaluate(B.elementwise(g, op, z), e)).map((r) => r[0]);
    };
    const zs = [-1.5, 0, 0.5, 2];
    const near = (a: number[], b: number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 12));
    near(ew('exp'), zs.map(Math.exp));
    near(ew('sin'), zs.map(Math.sin));
    near(ew('cos'), zs.map(Math.cos));
    near(ew('tan'), zs.map(Math.tan));
    near(ew('tanh'), zs.map(Math.tanh));
    near(
      ew('sigmoid'),
      zs.map((v) => 1 / (1 + Math.exp(-v))),
    );
    near(
      ew('softplus'),
      zs.map((v) => Math.log(1 + Math.exp(v))),
    );
    near(ew('abs'), [1.5, 0, 0.5, 2]);
    near(ew('expm1'), zs.map(Math.expm1));
    near(ew('relu'), [0, 0, 0.5, 2]);

    expect(ew('sign')).toEqual([-1, 0, 1, 1]);
    const p = B.variable(g, 'p', shape(2, 1));
    seen.add('log').add('sqrt').add('log1p');
    near(rowsOf(evaluate(B.elementwise(g, 'log1p', p), envOf({ p: [1e-12, 1] }))).flat(), [Math.log1p(1e-12), Math.log(2)]);
    near(rowsOf(evaluate(B.elementwise(g, 'log', p), envOf({ p: [Math.E, 1] }))).flat(), [1, 0]);
    near(rowsOf(evaluate(B.elementwise(g, 'sqrt', p), envOf({ p: [4, 2.25] }))).flat(), [2, 1.5]);
  });

  test('matrix functions', () => {
    check(B.sum(g, A), 21);
    check(B.norm2(g, A), Math.sqrt(91));
    check(B.norm1(g, u), 2.5);
    check(B.tr(g, M), 6);
    check(B.det(g, M), 1);
    check(B.logdet(g, B.add(g, [M, B.eye(g, 2)])), Math.log(3 * 5 - 7));
    check(B.inv(g, M), [
      [4, -1],
      [-7, 2],
    ]);
    check(B.diag(g, u), [
      [0.5, 0],
      [0, -2],
    ]);
    check(B.diag(g, M), [[2], [4]]);
    check(B.logsumexp(g, u), Math.log(Math.exp(0.5) + Math.exp(-2)));
    const den = Math.exp(0.5) + Math.exp(-2);
    check(B.softmax(g, u), [[Math.exp(0.5) / den], [Math.exp(-2) / den]]);
  });

  test('max and min, entry by entry, with a scalar broadcast', () => {
    check(B.extremum(g, 'max', u, B.num(g, 0)), [[0.5], [0]]);
    check(B.extremum(g, 'min', M, B.num(g, 3)), [
      [2, 1],
      [3, 3],
    ]);
  });

  test('vec layout: kron, vec, commutation', () => {
    check(B.kron(g, M, u), [
      [1, 0.5],
      [-4, -2],
      [3.5, 2],
      [-14, -8],
    ]);
    check(B.vec(g, A), [[1], [4], [2], [5], [3], [6]]);
    // K(2, 3) vec(A) = vec(Aᵀ) for A 2×3.
    check(B.matmul(g, [B.commutation(g, B.num(g, 2), B.num(g, 3)), B.vec(g, A)]), [[1], [2], [3], [4], [5], [6]]);
    seen.add('commutation');
  });

  test('every op of the notation has a hand-checked value above', () => {
    const missing = OPS.filter((op) => !seen.has(op));
    expect(missing).toEqual([]);
  });
});

describe('reference interpreter: numerics', () => {
  const z = B.variable(g, 'z', shape(3, 1));
  const at = (n: Node, zs: number[]) => rowsOf(evaluate(n, envOf({ z: zs }))).flat();

  test('sigmoid and softplus are stable for large |z|', () => {
    const sg = at(B.elementwise(g, 'sigmoid', z), [-1000, 1000, -40]);
    expect(sg.slice(0, 2)).toEqual([0, 1]);
    expect(sg[2] / Math.exp(-40)).toBeCloseTo(1, 12); // relative accuracy far in the tail
    const sp = at(B.elementwise(g, 'softplus', z), [-1000, 1000, 800]);
    expect(sp).toEqual([0, 1000, 800]);
  });

  test('logsumexp and softmax are shifted by the max', () => {
    expect(evaluateScalar(B.logsumexp(g, z), envOf({ z: [1000, 1000, -1000] }))).toBeCloseTo(1000 + Math.log(2), 10);
    expect(at(B.softmax(g, z), [1000, 1000, -1000])).toEqual([0.5, 0.5, 0]);
    expect(evaluateScalar(B.logsumexp(g, z), envOf({ z: [-Infinity, -Infinity, -Infinity] }))).toBe(-Infinity);
  });

  test('logdet is NaN where det <= 0 and finite where det would overflow', () => {
    const X = B.variable(g, 'X', shape(2, 2));
    const ld = B.logdet(g, X);
    expect(
      evaluateScalar(
        ld,
        envOf({
          X: [
            [0, 1],
            [1, 0],
          ],
        }),
      ),
    ).toBeNaN(); // det = -1
    expect(
      evaluateScalar(
        ld,
        envOf({
          X: [
            [1, 2],
            [2, 4],
          ],
        }),
      ),
    ).toBeNaN(); // det = 0
    expect(
      evaluateScalar(
        ld,
        envOf({
          X: [
            [-2, 0],
            [0, -3],
          ],
        }),
      ),
    ).toBeCloseTo(Math.log(6), 12); // two negative pivots
    const n = 200;
    const big = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1e300 : 0)));
    const Y = B.variable(g, 'Y', shape(n, n));
    expect(evaluateScalar(B.logdet(g, Y), envOf({ Y: big }))).toBeCloseTo(n * 300 * Math.log(10), 6);
    expect(evaluateScalar(B.det(g, Y), envOf({ Y: big }))).toBe(Infinity);
  });

  test('inv of a singular matrix is NaN, not a silent number', () => {
    const X = B.variable(g, 'X', shape(2, 2));
    expect(
      evaluateScalar(
        B.sum(g, B.inv(g, X)),
        envOf({
          X: [
            [1, 2],
            [2, 4],
          ],
        }),
      ),
    ).toBeNaN();
  });

  test('norm2 neither overflows nor underflows', () => {
    expect(evaluateScalar(B.norm2(g, z), envOf({ z: [3e200, 4e200, 0] }))).toBeCloseTo(5e200, -190);
    expect(evaluateScalar(B.norm2(g, z), envOf({ z: [3e-200, 4e-200, 0] })) / 5e-200).toBeCloseTo(1, 12);
  });

  test('det and inv agree with mathjs on random matrices', () => {
    const rng = makeRng(7);
    for (const n of [2, 3, 4, 5]) {
      const X = B.variable(g, `X${n}`, shape(n, n));
      for (let t = 0; t < 5; t++) {
        const rows = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.normal()));
        const e = envOf({ [`X${n}`]: rows });
        expect(evaluateScalar(B.det(g, X), e)).toBeCloseTo(mdet(rows) as number, 10);
        const mine = rowsOf(evaluate(B.inv(g, X), e));
        const theirs = minv(rows) as number[][];
        mine.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(theirs[i][j], 8)));
      }
    }
  });
});

describe('reference interpreter: environment and structure', () => {
  test('dimension symbols resolve through env.dims', () => {
    const h = new Graph();
    const m = B.dimSymbol(h, 'm');
    const b = B.variable(h, 'b', shape('m', 1));
    const e = B.mul(h, [B.pow(h, m, B.num(h, -1)), B.sum(h, b)]);
    expect(evaluateScalar(e, envOf({ b: [1, 2, 3, 6] }, { m: 4 }))).toBe(3);
  });

  test('a variable with the wrong size or no value is a data error naming it', () => {
    const h = new Graph();
    const b = B.variable(h, 'b', shape('m', 1));
    expect(() => evaluate(b, envOf({ b: [1, 2] }, { m: 3 }))).toThrow(/b is 2×1, but its declaration makes it 3×1/);
    expect(() => evaluate(b, envOf({}, { m: 3 }))).toThrow(MatdiffError);
    expect(() => evaluate(b, envOf({ b: [1, 2] }))).toThrow(/dimension m has no size/);
  });

  test('shared subexpressions are evaluated once and all roots come back', () => {
    const h = new Graph();
    const v = B.variable(h, 'v', shape(2, 1));
    const e = B.elementwise(h, 'exp', v);
    const [a, b] = evaluateAll([B.sum(h, e), e], envOf({ v: [0, 1] }));
    expect(a.data[0]).toBeCloseTo(1 + Math.E, 12);
    expect(Array.from(b.data)).toEqual([1, Math.E]);
  });

  test('a 5,000-deep expression evaluates without overflowing the stack', () => {
    const h = new Graph();
    const v = B.variable(h, 'v', shape(3, 1));
    let e: Node = v;
    for (let i = 0; i < 5000; i++) e = B.elementwise(h, i % 2 ? 'sin' : 'tanh', B.add(h, [e, B.num(h, rat(1, 1000))]));
    const y = evaluate(e, envOf({ v: [0.1, 0.2, 0.3] }));
    expect(y.data.every(Number.isFinite)).toBe(true);
  });
});

describe('huge integer exponents keep their parity (issue 8 finding 20)', () => {
  const { parseProgram } = require('../../src/parse');
  const { evaluateScalar } = require('../../src/eval/reference');
  const { compileProgram } = require('../../src/compile');
  test.each([
    ['t^(10^400)', 1, 1],
    ['t^(10^400)', -1, 1],
    ['t^(10^400 + 1)', -1, -1],
    ['t^(10^400)', 0.5, 0],
    ['t^(10^400)', 2, Infinity],
    ['t^(10^400 + 1)', -2, -Infinity],
    ['t^(-(10^400))', 2, 0],
  ])('%s at t = %d', (expr, t, want) => {
    const src = `t : scalar\n${expr}`;
    const p = parseProgram(src);
    const env = { vars: new Map([['t', { rows: 1, cols: 1, data: Float64Array.of(t) }]]), dims: new Map() };
    expect(evaluateScalar(p.result, env)).toBe(want);
    expect(compileProgram(src).run({ t }).value!.data[0]).toBe(want);
  });
});
