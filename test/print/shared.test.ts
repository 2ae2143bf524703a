/**
 * Shared subexpressions named: a result whose tree written out is far larger than its graph
 * prints its shared subexpressions once, as `t1 = …` definitions (text), "where" lines
 * (Unicode) or an `aligned` block (LaTeX), and the text form still parses back to the node.
 */
import fc from 'fast-check';
import katex from 'katex';
import { grad } from '../../src/ad';
import * as b from '../../src/core/build';
import { shape } from '../../src/core/dims';
import { MatdiffError } from '../../src/core/errors';
import { Graph, Node, topoOrder } from '../../src/core/graph';
import { parseProgram } from '../../src/parse';
import { FORMATS, SHARING, SharingRules, print, printText, printTextDefinitions, printUnicode } from '../../src/print';
import { DECLARATIONS, anyExpr, makeContext, scalarExpr } from '../support/arbitrary';

/** Name every shared subexpression of two or more nodes, whatever the result's size. */
const SHARED: SharingRules = { minSize: 2, minUses: 2, ratio: 0, inlineNodes: 0 };
/** Name every node that has arguments: the strictest test of the let-form's parsing. */
const EVERY: SharingRules = { minSize: 2, minUses: 1, ratio: 0, inlineNodes: 0 };

/** The result of `declarations` followed by `text`, parsed as one program in `graph`. */
const parseIn = (declarations: string, text: string, graph: Graph): Node | undefined => parseProgram(`${declarations}\n${text}`, { graph }).result;

const renders = (latex: string): void => {
  try {
    katex.renderToString(latex, { throwOnError: true });
  } catch (e) {
    throw new Error(`KaTeX rejects ${latex}: ${(e as Error).message}`, { cause: e });
  }
};

/** The gradient of a' * softmax(softmax(...softmax(x))) (`levels` deep) wrt x, unsimplified. */
function softmaxChainGradient(levels: number) {
  let f = 'x';
  for (let i = 0; i < levels; i++) f = `softmax(${f})`;
  const declarations = 'x : vector(n)\na : vector(n)';
  const p = parseProgram(`${declarations}\na' * ${f}`);
  return { declarations, graph: p.graph, g: grad(p.graph, p.result!, p.scope.declaration('x')!.node) };
}

/** The gradient of t^t^...^t (`levels` high) wrt t, unsimplified. */
function towerGradient(levels: number) {
  const declarations = 't : scalar';
  const p = parseProgram(`${declarations}\n${Array(levels).fill('t').join('^')}`);
  return { declarations, graph: p.graph, g: grad(p.graph, p.result!, p.scope.declaration('t')!.node) };
}

describe('the let-form parses back to the same node', () => {
  const program = parseProgram(DECLARATIONS);
  const ctx = makeContext(program.graph);
  const reparse = (text: string) => parseIn(DECLARATIONS, text, program.graph);

  describe.each([
    ['shared subexpressions named', SHARED],
    ['every subexpression named', EVERY],
  ])('%s', (_what, sharing) => {
    test.each([
      ['any expression', anyExpr(ctx, { maxDepth: 4 })],
      ['scalar expression', scalarExpr(ctx, { maxDepth: 4 })],
    ])('%s: text and parseable Unicode', (_kind, arb) => {
      fc.assert(
        fc.property(arb, (e) => {
          for (const text of [print(e, 'text', { sharing }), printUnicode(e, { sharing, parseable: true })]) {
            const back = reparse(text);
            if (back !== e) throw new Error(`${text}\nparsed back as ${back ? printText(back) : 'nothing'}, not ${printText(e)}`);
          }
        }),
        { numRuns: 300 },
      );
    });
  });

  test('every subexpression named: Unicode and LaTeX show the bindings, and KaTeX renders them', () => {
    fc.assert(
      fc.property(anyExpr(ctx, { maxDepth: 4 }), (e) => {
        const names = printTextDefinitions(e, { sharing: EVERY }).definitions.length;
        const unicode = printUnicode(e, { sharing: EVERY });
        const latex = print(e, 'latex', { sharing: EVERY });
        if (names === 0) {
          expect(unicode).not.toContain('where');
          expect(latex).not.toContain('aligned');
        } else {
          expect(unicode.split('\n')).toHaveLength(1 + names);
          expect(unicode).toMatch(/\nwhere t₁ = /);
          expect(latex).toMatch(/^\\begin\{aligned\}\n&.*\\\\\n&\\text\{where\} \\\\\nt_\{1\} &= /);
        }
        renders(latex);
      }),
      { numRuns: 200 },
    );
  });
});

describe('names', () => {
  test('skip the variables, dimension symbols and reserved names, and parse back', () => {
    const declarations = 't1 : scalar\nt3 : vector(t2)\nu : vector(t2)';
    const p = parseProgram(declarations);
    const g = p.graph;
    const t1 = p.scope.declaration('t1')!.node;
    const t3 = p.scope.declaration('t3')!.node;
    const u = p.scope.declaration('u')!.node;
    const inner = b.add(g, [t3, b.mul(g, [t1, u])]);
    const shared = b.elementwise(g, 'exp', inner);
    const e = b.hadamard(g, [shared, b.elementwise(g, 'log', shared), b.elementwise(g, 'sin', inner)]);
    const parts = printTextDefinitions(e, { sharing: SHARED, reserved: ['t4'] });
    expect(parts.definitions.map((d) => d.name)).toEqual(['t5', 't6']);
    const text = print(e, 'text', { sharing: SHARED, reserved: ['t4'] });
    expect(text).toBe(`${parts.definitions.map((d) => `${d.name} = ${d.text}`).join('\n')}\n${parts.expression}`);
    expect(parseIn(declarations, text, g)).toBe(e);
    expect(printUnicode(e, { sharing: SHARED, reserved: ['t4'] })).toMatch(/\nwhere t₅ = .*\n {6}t₆ = /);
  });
});

describe('small results print as always; large shared ones use names', () => {
  test('a random expression of the arbitrary has no names under the default rules', () => {
    const ctx = makeContext();
    fc.assert(
      fc.property(anyExpr(ctx, { maxDepth: 4 }), (e) => {
        expect(printText(e)).toBe(print(e, 'text', { sharing: { ...SHARING, inlineNodes: Infinity } }));
        expect(printText(e)).not.toContain('\n');
      }),
      { numRuns: 200 },
    );
  });

  test('the 5-level softmax chain gradient is still written out; the 8-level one is named', () => {
    expect(print(softmaxChainGradient(5).g, 'text')).not.toContain('\n');
    expect(print(softmaxChainGradient(8).g, 'text')).toMatch(/^t1 = /);
  });
});

describe('printed size is linear in the graph', () => {
  test('the 17-level softmax chain gradient (5.5 million nodes written out, 59 MB) prints in a few KB', () => {
    const start = Date.now();
    const { declarations, graph, g } = softmaxChainGradient(17);
    expect(g.size).toBeGreaterThan(5e6);
    for (const f of FORMATS) expect(print(g, f).length).toBeLessThan(200_000);
    renders(print(g, 'latex'));
    expect(parseIn(declarations, print(g, 'text'), graph)).toBe(g);
    expect(parseIn(declarations, printUnicode(g, { parseable: true }), graph)).toBe(g);
    expect(Date.now() - start).toBeLessThan(10_000);
  });

  test('the 1000-level t^t^...^t gradient (a million edges) prints in seconds; 100 levels parse back', () => {
    const start = Date.now();
    const { g } = towerGradient(1000);
    const nodes = topoOrder([g]);
    const edges = nodes.reduce((k, n) => k + n.args.length, 0);
    expect(edges).toBeGreaterThan(1e6);
    for (const f of ['text', 'unicode', 'latex'] as const) expect(print(g, f).length).toBeLessThan(10 * edges);
    expect(Date.now() - start).toBeLessThan(20_000);
    const small = towerGradient(100);
    expect(parseIn(small.declarations, print(small.g, 'text'), small.graph)).toBe(small.g);
  });

  test('JSON lists each distinct node once', () => {
    const { g } = softmaxChainGradient(17);
    const nodes = topoOrder([g]);
    expect(JSON.parse(print(g, 'json')).nodes).toHaveLength(nodes.length);
    expect(print(g, 'json').length).toBeLessThan(300 * nodes.length);
  });

  test('a 5,000-deep chain of doubling sharing prints in seconds and parses back', () => {
    const declarations = 'x : vector(n)';
    const p = parseProgram(declarations);
    const g = p.graph;
    let e = p.scope.declaration('x')!.node;
    for (let i = 0; i < 2500; i++) e = b.hadamard(g, [b.elementwise(g, 'exp', e), b.elementwise(g, 'sin', e)]);
    const start = Date.now();
    for (const f of FORMATS) expect(print(e, f).length).toBeLessThan(200 * topoOrder([e]).length);
    expect(Date.now() - start).toBeLessThan(10_000);
    expect(parseIn(declarations, printText(e), g)).toBe(e);
  });
});

describe('a hard cap', () => {
  test('past maxChars even when named: an UnsupportedError pointing at JSON, eval and compile', () => {
    const { g } = softmaxChainGradient(17);
    for (const f of ['text', 'unicode', 'latex'] as const) {
      let err: unknown;
      try {
        print(g, f, { maxChars: 1000 });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MatdiffError);
      expect((err as MatdiffError).kind).toBe('unsupported');
      expect((err as MatdiffError).message).toMatch(/too large to print: more than 1,000 characters/);
      expect((err as MatdiffError).hint).toMatch(/--format json.*eval.*compile/);
    }
    expect(() => print(g, 'json', { maxChars: 1000 })).not.toThrow();
  });

  test('a result that fits only with names is printed with names, whatever its tree size', () => {
    const g = new Graph();
    const x = b.variable(g, 'x', shape('n', 1));
    const shared = b.elementwise(g, 'exp', b.add(g, [b.hadamard(g, [b.elementwise(g, 'sin', x), b.elementwise(g, 'cos', x)]), b.num(g, 1)]));
    const terms: Node[] = [];
    for (let i = 1; i <= 40; i++) terms.push(b.mul(g, [b.num(g, i), b.elementwise(g, 'log', b.add(g, [shared, b.num(g, i)]))]));
    const e = b.add(g, terms);
    const inline = printText(e);
    expect(inline).not.toContain('\n');
    const named = print(e, 'text', { maxChars: inline.length - 1 });
    expect(named).toMatch(/^t1 = exp\(sin\(x\) \.\* cos\(x\) \+ 1\)\n/);
    expect(named.length).toBeLessThan(inline.length);
    expect(() => print(e, 'text', { maxChars: 100 })).toThrow(/too large to print/);
  });
});
