/**
 * Declared domains (issue 9 item 5): spd(n), simplex(k) and positive declare what a variable's
 * values are; random instances and data files respect them, and the simplifier uses them.
 */
import { derive } from '../../src/derive';
import { MatdiffError } from '../../src/core/errors';
import { loadData } from '../../src/eval/data';
import { makeRng, randomEnv } from '../../src/eval/random';
import { parseProgram } from '../../src/parse';
import { printUnicode } from '../../src/print';
import { Session, render } from '../../src/repl';

describe('declarations', () => {
  test('spd(n) is a symmetric n×n matrix with the spd domain; simplex(k) a k-vector; positive a scalar', () => {
    const p = parseProgram('S : spd(n); p : simplex(k); c : positive\nc * sum(p) + tr(S)');
    const S = p.scope.declaration('S')!;
    expect([S.shape.rows, S.shape.cols, S.symmetric, S.domain]).toEqual(['n', 'n', true, 'spd']);
    expect(p.scope.declaration('p')!.domain).toBe('simplex');
    expect(p.scope.declaration('p')!.shape).toEqual({ rows: 'k', cols: 1 });
    expect(p.scope.declaration('c')!.domain).toBe('positive');
  });
  test('an unknown type names the new ones in its hint', () => {
    expect(() => parseProgram('S : spdd(n)\nS')).toThrow(MatdiffError);
    try {
      parseProgram('S : spdd(n)\nS');
    } catch (e) {
      expect((e as MatdiffError).hint).toMatch(/spd\(n\), diagonal\(n\), orthogonal\(n\), simplex\(k\), simplex\(k, m\) or positive/);
    }
  });
});

describe('random instances stay in the declared domain', () => {
  test.each([1, 2, 3, 4, 5])('seed %i', (seed) => {
    const p = parseProgram('S : spd(n); p : simplex(k); c : positive\nc * sum(p) + tr(S)');
    const env = randomEnv(p.graph, p.result!, makeRng(seed));
    const p0 = env.vars.get('p')!.data;
    expect(p0.every((v) => v >= 0)).toBe(true);
    expect(Math.abs(p0.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
    expect(env.vars.get('c')!.data[0]).toBeGreaterThan(0);
    const S = env.vars.get('S')!;
    const n = S.rows;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(S.data[i * n + j]).toBeCloseTo(S.data[j * n + i], 12);
  });
});

describe('data files are checked against the domain, with located errors', () => {
  const p = parseProgram('S : spd(n); p : simplex(k); c : positive\nc * sum(p) + tr(S)');
  const ok = '"S": [[2, 0], [0, 1]], "p": [0.25, 0.75], "c": 2';
  test('data in the domain loads', () => {
    expect(() => loadData(`{${ok}}`, p, 'd.json')).not.toThrow();
  });
  test.each([
    ['{"S": [[1, 2], [2, 1]], "p": [0.25, 0.75], "c": 2}', /S is declared spd\(2\), but it is not positive definite/],
    ['{"S": [[2, 0], [0, 1]], "p": [-0.25, 1.25], "c": 2}', /p is declared simplex\(2\), but p\[0\] = -0.25 is negative/],
    ['{"S": [[2, 0], [0, 1]], "p": [0.5, 0.75], "c": 2}', /p is declared simplex\(2\), but its entries sum to 1.25, not 1/],
    ['{"S": [[2, 0], [0, 1]], "p": [0.25, 0.75], "c": 0}', /c is declared positive, but its value is 0/],
  ])('%s', (text, message) => {
    let err: unknown;
    try {
      loadData(text, p, 'd.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MatdiffError);
    expect((err as MatdiffError).message).toMatch(message);
    expect((err as MatdiffError).span).toBeDefined();
  });
});

describe('the simplifier uses declared facts', () => {
  test("a probability vector sums to one: the gradient of logsumexp(z) sum(p) - p'z is softmax(z) - p", () => {
    const p = parseProgram("p : simplex(k); z : vector(k)\nlogsumexp(z) * sum(p) - p' * z");
    expect(printUnicode(derive(p.graph, 'grad', p.result!, p.scope.declaration('z')!.node).node)).toBe('softmax(z) − p');
  });
  test('without the declaration the sum stays', () => {
    const p = parseProgram("p : vector(k); z : vector(k)\nlogsumexp(z) * sum(p) - p' * z");
    expect(printUnicode(derive(p.graph, 'grad', p.result!, p.scope.declaration('z')!.node).node)).toMatch(/sum\(p\)/);
  });
  test('spd variables take the symmetric gradient convention', () => {
    const p = parseProgram("S : spd(n); x : vector(n)\nx' * inv(S) * x + logdet(S)");
    expect(printUnicode(derive(p.graph, 'grad', p.result!, p.scope.declaration('S')!.node).node)).toBe('S⁻¹ − S⁻¹ xxᵀ S⁻¹');
  });
});

test('the REPL saves declared domains and loads them back', () => {
  const fs = require('fs');
  const os = require('os');
  const path = require('path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-domains-'));
  try {
    const s = new Session({ cwd: dir });
    for (const line of ['S : spd(n)', 'p : simplex(k)', 'c : positive']) render(s.execute(line), false);
    render(s.execute(':save out.mdf'), false);
    expect(fs.readFileSync(path.join(dir, 'out.mdf'), 'utf8')).toMatch(/S : spd\(n\)\np : simplex\(k\)\nc : positive/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
