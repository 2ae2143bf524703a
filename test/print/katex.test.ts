/** Every LaTeX form the printer produces renders in KaTeX (which throws on invalid input). */
import fc from 'fast-check';
import katex from 'katex';
import * as b from '../../src/core/build';
import { shape } from '../../src/core/dims';
import { Graph } from '../../src/core/graph';
import { printLatex } from '../../src/print';
import { anyExpr, makeContext } from '../support/arbitrary';

const renders = (latex: string): void => {
  try {
    katex.renderToString(latex, { throwOnError: true });
  } catch (e) {
    throw new Error(`KaTeX rejects ${latex}: ${(e as Error).message}`, { cause: e });
  }
};

test('the seed gradient and a few hand-picked forms render', () => {
  const g = new Graph();
  const A = b.variable(g, 'A', shape('m', 'n'));
  const X = b.variable(g, 'X', shape('n', 'n'));
  const x = b.variable(g, 'x', shape('n', 1));
  const lambda = b.variable(g, 'lambda', shape(1, 1));
  const name = b.variable(g, '__proto__', shape('n', 1));
  const forms = [
    b.mul(g, [b.pow(g, b.dimSymbol(g, 'm'), b.num(g, -1)), b.matmul(g, [b.transpose(g, A), b.elementwise(g, 'sigmoid', b.matmul(g, [A, x]))])]),
    b.epow(g, b.transpose(g, x), b.num(g, 2)), // a superscript on a superscripted base
    b.epow(g, b.transpose(g, b.inv(g, X)), b.div(g, b.num(g, 1), b.num(g, 2))),
    b.pow(g, b.pow(g, lambda, b.num(g, 1.5)), lambda),
    b.pow(g, b.num(g, b.num(g, 1).value!.div(3)), lambda),
    b.ones(g, shape('m', 'n')),
    b.transpose(g, b.ones(g, shape('m', 1))),
    b.add(g, [name, x, b.mul(g, [lambda, b.ones(g, shape('n', 1))])]),
    b.logdet(g, X),
    b.norm1(g, b.ediv(g, x, name)),
  ];
  for (const f of forms) renders(printLatex(f));
});

test.each([false, true])('random expressions render (safe domain: %s)', (safe) => {
  const ctx = makeContext();
  fc.assert(
    fc.property(anyExpr(ctx, { maxDepth: 4, safe }), (e) => renders(printLatex(e))),
    { numRuns: 400 },
  );
});

describe('indexed names are subscripts in LaTeX (issue 9 item 7)', () => {
  const { latexName } = require('../../src/print/names');
  const katex = require('katex');
  test.each([
    ['W2', 'W_{2}'],
    ['W_2', 'W_{2}'],
    ['x_i', 'x_{i}'],
    ['lambda1', '\\lambda_{1}'],
    ['A12', 'A_{12}'],
    ['theta_ij', '\\theta_{ij}'],
    ['foo_bar', '\\mathit{foo\\_bar}'],
    ['ab2', '\\mathit{ab2}'],
  ])('%s', (name, tex) => {
    expect(latexName(name)).toBe(tex);
    expect(() => katex.renderToString(tex, { throwOnError: true })).not.toThrow();
  });
});
