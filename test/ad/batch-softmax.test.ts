/**
 * softmax of a matrix is a batch: each column normalized (issue 13), in the reference, every
 * compiled backend, reverse and forward mode and the simplifier; the batch cross-entropy's
 * gradient is the textbook (1/m)(softmax(WX) − Y)Xᵀ.
 */
import { compileNodes } from '../../src/compile';
import { freeVars } from '../../src/core/graph';
import { derive } from '../../src/derive';
import { evaluate } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { print } from '../../src/print';
import { BACKENDS } from '../compile/helpers';
import { checkGradient } from '../support/finite-diff';
import { makeRng, randomEnv } from '../support/random';

const BATCH = 'W : matrix(k, n); X : matrix(n, m); Y : simplex(k, m)\n-1/m * sum(Y .* log(softmax(W*X)))';

describe('softmax of a matrix', () => {
  it('normalizes each column, in the reference and in every backend', () => {
    const p = parseProgram('Z : matrix(k, m)\nsoftmax(Z)');
    const env = randomEnv(p.graph, [p.result!], makeRng(2), {
      sizes: new Map([
        ['k', 4],
        ['m', 3],
      ]),
    });
    const S = evaluate(p.result!, env);
    for (let j = 0; j < S.cols; j++) {
      let s = 0;
      for (let i = 0; i < S.rows; i++) s += S.data[i * S.cols + j];
      expect(s).toBeCloseTo(1, 14);
    }
    for (const b of BACKENDS) {
      const got = compileNodes(p.graph, [p.result!], b.opts).run(Object.fromEntries(env.vars), { dims: Object.fromEntries(env.dims), copy: true }).outputs[0];
      Array.from(got.data).forEach((v, i) => expect(v).toBeCloseTo(S.data[i], 14));
    }
  });

  it("is not transposed inside: softmax(Z)' normalizes the columns of Z, not of Z'", () => {
    const p = parseProgram("Z : matrix(k, m)\nsoftmax(Z)'");
    expect(print(p.result!, 'text')).toBe("softmax(Z)'");
  });

  it('the batch cross-entropy has the textbook gradient, equal to finite differences', () => {
    const p = parseProgram(BATCH);
    const f = p.result!;
    const W = freeVars(f).get('W')!;
    const { node } = derive(p.graph, 'grad', f, W);
    expect(print(node, 'unicode')).toBe('(1/m)(softmax(WX) − Y) Xᵀ');
    const env = randomEnv(p.graph, [f, node], makeRng(3));
    expect(checkGradient(f, W, node, env, makeRng(4)).failures).toEqual([]);
  });

  it('logsumexp of a matrix still ranges over every entry, and so does its gradient', () => {
    const p = parseProgram('Z : matrix(k, m)\nlogsumexp(Z)');
    const Z = freeVars(p.result!).get('Z')!;
    const { node } = derive(p.graph, 'grad', p.result!, Z);
    expect(print(node, 'unicode')).toBe('exp(Z − logsumexp(Z))');
    const env = randomEnv(p.graph, [p.result!, node], makeRng(5));
    expect(checkGradient(p.result!, Z, node, env, makeRng(6)).failures).toEqual([]);
  });
});
