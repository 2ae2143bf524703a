/**
 * Numerical stability: every stability rule preserves values (checked with the reference
 * interpreter on random data), and the seed's loss and gradient stay finite and exact with
 * entries of A*x at ±1000, where the textbook formulas overflow or give 0 * inf.
 */
import { compile, compileNodes, STABILITY_RULES, stabilize } from '../../src/compile';
import { Node, topoOrder } from '../../src/core/graph';
import { evaluateAll } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { makeRng, randomEnv } from '../support/random';
import { BACKENDS, mismatches } from './helpers';

const DECLS = 'A : matrix(m, n)\nx : vector(n)\nb : vector(m)\nz : vector(m)\ns : scalar\n';

/** An expression that each rule must rewrite (the rule's left side in the notation). */
const RULE_EXAMPLES: Record<string, string> = {
  'log-sigmoid': 'log(sigmoid(A*x))',
  'log-one-minus-sigmoid': 'log(1 - sigmoid(z))',
  'log-one-plus-exp': 'log(1 + exp(z))',
  'reciprocal-one-plus-exp': '1 ./ (1 + exp(-(A*x)))',
  'sigmoid-over-sigmoid': 'sigmoid(z) .* (1 ./ sigmoid(z)) .* z',
  'exp-over-exp': 'exp(s) * (1 / exp(s)) * s',
};

describe('stability rules', () => {
  test('every rule has an example', () => {
    expect(Object.keys(RULE_EXAMPLES).sort()).toEqual(STABILITY_RULES.map((r) => r.name).sort());
  });
  for (const rule of STABILITY_RULES)
    test(`${rule.name}: ${rule.notation}`, () => {
      const prog = parseProgram(DECLS + RULE_EXAMPLES[rule.name]);
      const before = prog.result!;
      const fired: string[] = [];
      const [after] = stabilize(prog.graph, [before], fired);
      expect(fired).toContain(rule.name);
      expect(after).not.toBe(before);
      const rng = makeRng(rule.name.length);
      for (let k = 0; k < 5; k++) {
        const env = randomEnv(prog.graph, [before], rng, { maxSize: 7 });
        const [want, got] = evaluateAll([before, after], env);
        expect(mismatches(got, want, rule.name)).toEqual([]);
      }
    });
});

const SEED = "J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))\nJ";
const SPELLED = "J = -1/m * (b' * log(1 ./ (1 + exp(-(A*x)))) + (1 - b)' * log(1 - 1 ./ (1 + exp(-(A*x)))))\nJ";

/** A with rows (1000, 0), (-1000, 0), (0, 1000), (0, -1000), ... and x = (1, 1): A*x = ±1000. */
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

/**
 * Exact in double precision: a term is softplus(±1000), i.e. 1000 (+ e^-1000, below an ulp)
 * when the label disagrees with the sign, else e^-1000 (0 in double). The gradient is
 * (sigmoid(z) - b) a / m with sigmoid(1000) = 1 and sigmoid(-1000) = e^-1000 (0 in double).
 */
function expected(data: ReturnType<typeof extremeData>) {
  const m = data.A.length;
  let loss = 0;
  const g = [0, 0];
  data.A.forEach((row, i) => {
    const z = row[0] + row[1];
    const wrong = (z > 0 && data.b[i] === 0) || (z < 0 && data.b[i] === 1);
    if (wrong) loss += 1000;
    const h = (z > 0 ? 1 : 0) - data.b[i];
    g[0] += h * row[0];
    g[1] += h * row[1];
  });
  return { loss: loss / m, g: g.map((v) => v / m) };
}

describe.each(BACKENDS)('the seed at A*x = ±1000 ($label)', ({ opts }) => {
  for (const [label, program] of [
    ['sigmoid', SEED],
    ['spelled out with exp', SPELLED],
  ] as const)
    for (const m of [1, 5, 12, 13])
      test(`${label}, m = ${m}`, () => {
        const ev = compile(parseProgram(`${DECLS}${program}`), { wrt: 'x', ...opts });
        const data = extremeData(m);
        const r = ev.run({ ...data, z: new Array(m).fill(0), s: 1 });
        const want = expected(data);
        const value = r.value!.data[0];
        expect(Number.isFinite(value)).toBe(true);
        expect(Math.abs(value - want.loss)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want.loss)));
        const g = Array.from(r.gradients.x.data);
        g.forEach((v, j) => expect(Math.abs(v - want.g[j])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want.g[j]))));
      });

  test('the rewrite chose the stable kernels (no log of a sigmoid, no reciprocal left)', () => {
    const ev = compile(parseProgram(`${DECLS}${SPELLED}`), { wrt: 'x' });
    expect(ev.stats.stabilityRules).toEqual(expect.arrayContaining(['reciprocal-one-plus-exp', 'log-sigmoid', 'log-one-minus-sigmoid']));
  });
});

describe.each(BACKENDS)('stable kernels at ±1000 ($label)', ({ opts }) => {
  const prog = parseProgram(`${DECLS}
S1 = sigmoid(z)
S2 = softplus(z)
S3 = logsumexp(z)
S4 = softmax(z)
S5 = log(sigmoid(z))
S6 = log(1 - sigmoid(z))
S1`);
  const names = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'];
  const nodes: Node[] = names.map((n) => prog.scope.definition(n)!.node);
  const ev = compileNodes(prog.graph, nodes, opts);
  const z = [1000, -1000, 0, 999, -999.5];
  const r = ev.run({ z });
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
  test('nothing under a log or a reciprocal is left', () => {
    for (const n of topoOrder(stabilize(prog.graph, nodes))) expect(n.op === 'log' && n.args[0].op === 'sigmoid').toBe(false);
  });
});
