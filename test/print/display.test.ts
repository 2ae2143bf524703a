/**
 * Issue 9 item 7: the printers show what a person writes. The layout (src/print/layout.ts)
 * read back as a node: the text layout is the very node printed; the display layout (Unicode,
 * LaTeX), which may also flip signs, distribute coefficients and swap inner products, denotes
 * the same value on random instances.
 */
import fc from 'fast-check';
import katex from 'katex';
import { Node } from '../../src/core/graph';
import { evaluate } from '../../src/eval/reference';
import { makeRng, randomEnv } from '../../src/eval/random';
import { parseExpression, parseProgram } from '../../src/parse';
import { printLatex, printText, printUnicode } from '../../src/print';
import { layout } from '../../src/print/layout';
import { compareTensors } from '../support/finite-diff';
import { DECLARATIONS, anyExpr, makeContext } from '../support/arbitrary';
import { docNode } from './doc-node';

const program = parseProgram(DECLARATIONS);
const ctx = makeContext(program.graph);
const vars = ctx.vars as unknown as Record<string, Node>;

test('the text layout reads back as the node itself', () => {
  fc.assert(
    fc.property(anyExpr(ctx, { maxDepth: 4 }), (e) => {
      const back = docNode(layout(e), ctx.graph, vars);
      expect(back).toBe(e);
    }),
    { numRuns: 400 },
  );
});

test('the display layout reads back as a node of the same value', () => {
  const rng = makeRng(97);
  fc.assert(
    fc.property(anyExpr(ctx, { maxDepth: 4, safe: true }), (e) => {
      const back = docNode(layout(e, { display: true }), ctx.graph, vars);
      if (back === e) return;
      const env = randomEnv(ctx.graph, [e, back], rng, {
        sizes: new Map([
          ['m', 3],
          ['n', 2],
        ]),
      });
      const want = evaluate(e, env);
      fc.pre(want.data.every(Number.isFinite));
      expect(compareTensors(evaluate(back, env), want, { rtol: 1e-9, atol: 1e-9 })).toEqual([]);
    }),
    { numRuns: 400 },
  );
});

/** Forms pinned: the node a program denotes, printed in Unicode, LaTeX and text. */
describe('issue 9 item 7: what a person writes', () => {
  const DECLS = [
    'A : matrix(m, n)',
    'V : matrix(k, n)',
    'C : matrix(n, n)',
    'S : symmetric(n)',
    'x : vector(n)',
    'z : vector(n)',
    'mu : vector(n)',
    'a : vector(n)',
    'w : vector(n)',
    'b : vector(m)',
    't : vector(k)',
    's : scalar',
    'lambda : scalar',
  ].join('\n');
  const p = parseProgram(DECLS);
  const node = (source: string): Node => parseProgram(`${DECLS}\n${source}`, { graph: p.graph }).result!;
  const names: Record<string, Node> = {};
  for (const name of ['A', 'V', 'C', 'S', 'x', 'z', 'mu', 'a', 'w', 'b', 't', 's', 'lambda']) names[name] = p.scope.declaration(name)!.node;

  // [input, Unicode, LaTeX (or undefined), text (or undefined: the input's own printed form)]
  const CASES: Array<[string, string, string?, string?]> = [
    // 1. a transpose of an elementwise function of a non-leaf, shown outside the call
    ["softmax(A*x)'", 'softmax(Ax)ᵀ', '\\operatorname{softmax}(A x)^{\\top}', "softmax(A*x)'"],
    ["sigmoid(tanh(A*x))'", 'σ(tanh(Ax))ᵀ', '\\sigma(\\tanh(A x))^{\\top}', "sigmoid(tanh(A*x))'"],
    ["(t ./ softmax(V*z))'", '(t ⊘ softmax(Vz))ᵀ', '\\left(t \\oslash \\operatorname{softmax}(V z)\\right)^{\\top}', "(t ./ softmax(V*z))'"],
    ["softmax(z)'", 'softmax(z)ᵀ', '\\operatorname{softmax}(z)^{\\top}', "softmax(z)'"],
    ["(sigmoid(A*x) - b)'", '(σ(Ax) − b)ᵀ'],
    ["sigmoid(A*x)'.^2", '(σ(Ax)∘²)ᵀ'],
    // ... inside larger expressions
    ["A' * (diag(softmax(A*x)) - softmax(A*x) * softmax(A*x)') * A", 'Aᵀ(diag(softmax(Ax)) − softmax(Ax) softmax(Ax)ᵀ) A'],
    ["((t ./ softmax(V*z))' * softmax(V*z) * softmax(V*z) - t) * z'", '(((t ⊘ softmax(Vz))ᵀ softmax(Vz)) softmax(Vz) − t) zᵀ'],
    // ... an inner product of a transposed non-leaf and a leaf, leaf first (display forms only)
    [
      "(sigmoid(s*x) .* (1 - sigmoid(s*x)))' * x",
      'xᵀ(σ(sx) ⊙ (1 − σ(sx)))',
      'x^{\\top} \\left(\\sigma(s x) \\odot \\left(1 - \\sigma(s x)\\right)\\right)',
      "(sigmoid(s*x) .* (1 - sigmoid(s*x)))' * x",
    ],
    // ... while chains keep their transposes on the leaves, and a transposed leaf stays a power's base
    ["(A*x)'", 'xᵀAᵀ', undefined, "x' * A'"],
    ["(A*x - b)'", 'xᵀAᵀ − bᵀ'],
    ["(x').^2", '(xᵀ)∘²'],
    ["(1 - b)'", '(1 − b)ᵀ'],
    // 2. fractions with symbolic numerators
    ["(w'*S*w)/(w'*w) * w", '((wᵀSw)/(wᵀw)) w', '\\frac{w^{\\top} S w}{w^{\\top} w} w', "(w'*S*w)/(w'*w) * w"],
    ["(w'*S*w)/(w'*w)", '(wᵀSw)/(wᵀw)', '\\frac{w^{\\top} S w}{w^{\\top} w}', "(w'*S*w)/(w'*w)"],
    ["(a'*x)/norm2(x)^2 * x", '((aᵀx)/‖x‖²) x', '\\frac{a^{\\top} x}{\\left\\lVert x \\right\\rVert^{2}} x'],
    ['2*lambda/m * x', '(2λ/m) x', '\\frac{2 \\lambda}{m} x', '2*lambda/m * x'],
    ["2/(w'*w) * (S*w - (w'*S*w)/(w'*w) * w)", '(2/(wᵀw))(Sw − ((wᵀSw)/(wᵀw)) w)'],
    ["1/(norm2(a)*norm2(x)) * (a - (a'*x)/norm2(x)^2 * x)", '(1/(‖a‖ ‖x‖))(a − ((aᵀx)/‖x‖²) x)'],
    // ... a sum stays outside: (1/m)(…), not (…)/m
    ["-1/m * (b' * log(sigmoid(A*x)))", '−(bᵀ log(σ(Ax)))/m'],
    ['1/m * (lambda + s)', '(1/m)(λ + s)'],
    // 3. signs (display forms only; the text is the node as it is)
    [
      "inv(S) + inv(S)*(mu - x)*(x - mu)'*inv(S)",
      'S⁻¹ − S⁻¹(x − μ)(x − μ)ᵀ S⁻¹',
      'S^{-1} - S^{-1} \\left(x - \\mu\\right) \\left(x - \\mu\\right)^{\\top} S^{-1}',
      "inv(S) + inv(S) * (mu - x) * (x - mu)' * inv(S)",
    ],
    ["(x - mu)' * inv(S) * (mu - x)", '−(x − μ)ᵀ S⁻¹(x − μ)'],
    ['A*(-x - z)', '−A(x + z)'],
    [
      "1/2 * (2*inv(S) - inv(S)*(C + C')*inv(S))",
      'S⁻¹ − (1/2) S⁻¹(C + Cᵀ) S⁻¹',
      'S^{-1} - \\frac{1}{2} S^{-1} \\left(C + C^{\\top}\\right) S^{-1}',
      "1/2 * (2 * inv(S) - inv(S) * (C + C') * inv(S))",
    ],
    ['x + 1/2 * (2*a - z)', 'a + x − (1/2) z'], // a bare variable after compound terms: the distributed a joins x
    ['b + A*x', 'Ax + b'],
    ['-(a - x)', 'x − a', 'x - a', '-(a - x)'],
    ['2*(a - x)', '2(a − x)'],
    ['1/2 * (a + x)', '(1/2)(a + x)'],
    ['-(a ./ x)', '−a ⊘ x', '-a \\oslash x'],
    ['sigmoid(-(b .* (A*x)))', 'σ(−b ⊙ Ax)'],
    ['b ./ (A*x)', 'b ⊘ Ax', 'b \\oslash A x'],
  ];

  test.each(CASES.map(([s, u, l, t]) => [s, u, l ?? null, t ?? null] as const))('%s', (source, unicode, latex, text) => {
    const e = node(source);
    expect(printUnicode(e)).toBe(unicode);
    if (latex !== null) expect(printLatex(e)).toBe(latex);
    if (text !== null) expect(printText(e)).toBe(text);
    // The text and the re-parseable Unicode read back as the node; the LaTeX renders.
    expect(parseExpression(printText(e), p.scope, p.graph)).toBe(e);
    expect(parseExpression(printUnicode(e, { parseable: true }), p.scope, p.graph)).toBe(e);
    expect(() => katex.renderToString(printLatex(e), { throwOnError: true })).not.toThrow();
    // The display layout denotes the same value.
    const back = docNode(layout(e, { display: true }), p.graph, names);
    const rng = makeRng(7);
    for (let i = 0; i < 3; i++) {
      const env = randomEnv(p.graph, [e, back], rng, {
        sizes: new Map([
          ['m', 4],
          ['n', 3],
          ['k', 2],
        ]),
      });
      expect(compareTensors(evaluate(back, env), evaluate(e, env), { rtol: 1e-9, atol: 1e-9 })).toEqual([]);
    }
  });
});
