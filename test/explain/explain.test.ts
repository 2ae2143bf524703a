/**
 * explain: derivations that end at the textbook gradient, every line verified, in every format.
 */
import fc from 'fast-check';
import katex from 'katex';
import { hadamard } from '../../src/core/build';
import { freeVars } from '../../src/core/graph';
import { MatdiffError, UnsupportedError } from '../../src/core/errors';
import { JVP, JvpRule } from '../../src/ad/jvp';
import { derive, VerificationError } from '../../src/derive';
import { explain } from '../../src/explain';
import { EXPLAIN_FORMATS, renderExplanation } from '../../src/explain/render';
import { parseProgram } from '../../src/parse';
import { print } from '../../src/print';
import { makeContext, scalarExpr } from '../support/arbitrary';

const SEED = "A : matrix(m, n); x : vector(n); b : vector(m)\nJ = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))";

function explained(source: string, wrt: string, detail: 'brief' | 'full' = 'brief') {
  const p = parseProgram(source);
  const x = freeVars(p.result!).get(wrt)!;
  return explain(p.graph, p.result!, x, { name: 'J', detail });
}

describe('explain', () => {
  it('derives the seed in 5 to 12 lines, ending at the textbook gradient', () => {
    const e = explained(SEED, 'x');
    expect(e.steps.length).toBeGreaterThanOrEqual(5);
    expect(e.steps.length).toBeLessThanOrEqual(12);
    const text = renderExplanation(e, 'unicode');
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^\s*1\. dJ = /);
    expect(text).toContain('hence ∇J (wrt x) = (1/m) Aᵀ(σ(Ax) − b)');
    // The differential's rules, by name and statement, in the order a textbook applies them.
    const named = e.steps.map((s) => s.rules.join(', '));
    expect(named.slice(0, 5)).toEqual(['linearity', 'chain rule through log', 'linearity', 'chain rule through σ', 'linearity']);
    expect(text).toContain('d log u = du ⊘ u');
    expect(text).toContain('dσ(z) = σ(z) ⊙ (1 − σ(z)) ⊙ dz');
    expect(text).toContain('dσ(Ax) ⊘ σ(Ax)');
    expect(text).toContain('A dx');
  });

  it('shows every simplifier step with detail full, and fewer with brief', () => {
    expect(explained(SEED, 'x', 'full').steps.length).toBeGreaterThan(explained(SEED, 'x', 'brief').steps.length);
  });

  it('renders in every format; the LaTeX is one align* block KaTeX renders without warnings', () => {
    const e = explained(SEED, 'x');
    for (const f of EXPLAIN_FORMATS) expect(renderExplanation(e, f).length).toBeGreaterThan(100);
    const latex = renderExplanation(e, 'latex');
    expect(latex.startsWith('\\begin{align*}')).toBe(true);
    expect(latex.match(/\\begin\{align\*\}/g)).toHaveLength(1);
    expect(() => katex.renderToString(latex, { displayMode: true, throwOnError: true, strict: 'error' })).not.toThrow();
    const md = renderExplanation(e, 'markdown');
    const block = /\$\$\n([\s\S]*)\n\$\$/.exec(md)![1];
    expect(() => katex.renderToString(block, { displayMode: true, throwOnError: true, strict: 'error' })).not.toThrow();
    expect(renderExplanation(e, 'text')).toContain('hence grad(J, x) = ');
  });

  const cases: Array<[string, string, string]> = [
    ['least squares', 'A : matrix(m, n); x : vector(n); b : vector(m)\nnorm2(A*x - b)^2', '2Aᵀ(Ax − b)'],
    ['ridge', "A : matrix(m, n); x : vector(n); b : vector(m); lambda : scalar\nnorm2(A*x - b)^2 + lambda * x'*x", ''],
    ['log det with the symmetric convention', 'S : spd(n); A : matrix(n, n)\nlogdet(S) - tr(A*S)', ''],
    ['a matrix variable through inv and det', 'X : matrix(n, n); A : matrix(n, n)\ntr(inv(X)*A) + det(X)', ''],
    ['a scalar variable', 'x : vector(n); t : scalar\nsum(exp(t*x)) + t^3', ''],
    ['a quadratic form', "Q : matrix(n, n); x : vector(n)\nx' * Q * x", ''],
    ['softmax cross-entropy', "W : matrix(k, n); z : vector(n); y : vector(k)\n-y' * log(softmax(W*z))", ''],
    ['a diagonal variable', 'D : diagonal(n); A : matrix(n, n)\ntr(A*D*A)', ''],
  ];
  it.each(cases)('%s: ends at the gradient derive gives, every line verified', (_label, source, textbook) => {
    const p = parseProgram(source);
    const f = p.result!;
    const vars = [...freeVars(f).values()];
    const x = vars.find((v) => ['x', 'S', 'X', 't', 'W', 'D'].includes(v.name!))!;
    const e = explain(p.graph, f, x, { name: 'f' });
    const last = e.steps[e.steps.length - 1];
    expect(last.kind).toBe('identify');
    expect(last.expr).toBe(derive(p.graph, 'grad', f, x).node);
    if (textbook) expect(print(last.expr, 'unicode')).toBe(textbook);
    expect(e.steps.length).toBeLessThanOrEqual(14);
  });

  it('refuses to show a line it cannot verify (a wrong differential rule)', () => {
    const good = JVP.log;
    // d log u = du ⊙ u: wrong, and caught on the line that used it.
    (JVP as Record<string, JvpRule>).log = ({ g, node, dargs: [du] }) => du && hadamard(g, [node.args[0], du]);
    try {
      expect(() => explained(SEED, 'x')).toThrow(VerificationError);
      expect(() => explained(SEED, 'x')).toThrow(/line 2 \(chain rule through log\)/);
    } finally {
      (JVP as Record<string, JvpRule>).log = good;
    }
  });

  it('explains random programs, verifying every line', () => {
    const ctx = makeContext();
    let explainedCount = 0;
    fc.assert(
      fc.property(scalarExpr(ctx, { safe: true, maxDepth: 3 }), fc.nat(8), (f, pick) => {
        const vars = [...freeVars(f).values()];
        if (vars.length === 0) return;
        const x = vars[pick % vars.length];
        try {
          explain(ctx.graph, f, x);
          explainedCount++;
        } catch (e) {
          if (e instanceof UnsupportedError || (e instanceof MatdiffError && e.kind === 'domain')) return;
          throw e;
        }
      }),
      { numRuns: 150 },
    );
    expect(explainedCount).toBeGreaterThan(80);
  });
});
