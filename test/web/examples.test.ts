/**
 * The playground's engine in Node, without a browser: every example of the Examples menu
 * derives what it says, its claim holds (a derivation of several lines step by step), and its
 * descent runs. The examples that restate files in examples/ keep their lines.
 */
import * as fs from 'fs';
import * as path from 'path';
import { handle } from '../../web/src/engine';
import { CALCULUS_FUNCTIONS } from '../../src/derive/extensions';
import { FUNCTIONS } from '../../src/parse';
import { EXAMPLES } from '../../web/src/examples';
import { FUNCTION_NAMES, highlight } from '../../web/src/highlight';
import type { AnalyzeResult, CheckResult, DescendResult } from '../../web/src/protocol';
import { DEFAULTS } from '../../web/src/state';

describe.each(EXAMPLES.map((e) => [e.title, e] as const))('example: %s', (_title, e) => {
  const s = { ...DEFAULTS, ...e.state };

  test('derives, with KaTeX HTML', () => {
    const r = handle({ type: 'analyze', source: s.program, kind: s.kind, wrt: s.wrt }) as AnalyzeResult;
    expect(r.error).toBeUndefined();
    expect(r.derivativeError).toBeUndefined();
    expect(r.wrt).toBe(s.wrt);
    expect(r.derivative?.html).toContain('katex');
  });

  test('its claim holds', () => {
    const r = handle({ type: 'check', source: s.program, kind: s.kind, wrt: s.wrt, claim: s.claim }) as CheckResult;
    expect(r.error).toBeUndefined();
    expect(r.verdict).toBeDefined();
    expect(r.equal).toBe(!e.wrongClaim);
    if (e.wrongClaim) expect(r.summary).toBeDefined(); // a diagnosis
  });

  test('its descent runs', () => {
    const r = handle({
      type: 'descend',
      source: s.program,
      wrt: s.wrt,
      rate: s.rate,
      steps: Math.min(s.steps, 30),
      data: { mode: 'random', sizes: s.sizes, seed: s.seed, binary: s.binary, json: '' },
    }) as DescendResult;
    if (e.state.kind === 'jacobian') return expect(r.error?.text).toMatch(/scalar loss/);
    expect(r.error).toBeUndefined();
    expect(r.losses!.every(Number.isFinite)).toBe(true);
    expect(r.losses![r.losses!.length - 1]).toBeLessThanOrEqual(r.losses![0]);
  });
});

test('the examples that restate derivation files keep their lines', () => {
  const stepsOf = (file: string) =>
    fs
      .readFileSync(path.resolve(__dirname, '..', '..', 'examples', file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .filter((l) => !/^\w+\s*:/.test(l) && !/^\w+\s*=/.test(l));
  const claim = (title: string) => EXAMPLES.find((e) => e.title.startsWith(title))!.state.claim.split('\n');
  expect(claim('Least squares')).toEqual(stepsOf('least-squares-derivation.matdiff'));
  expect(claim('Trace and log-determinant')).toEqual(stepsOf('logdet-derivation.matdiff'));
});

test('a wrong data file is located in the data; a bad size is named', () => {
  const d = (json: string, sizes = '') =>
    handle({
      type: 'descend',
      source: DEFAULTS.program,
      wrt: 'x',
      rate: 1,
      steps: 3,
      data: { mode: json ? 'json' : 'random', sizes, seed: 1, binary: 'b', json },
    }) as DescendResult;
  expect(d('{"A": [[1, 2], [3, 4]], "b": [1, 0, 1], "x": [0, 0]}').error?.text).toMatch(/^data\.json:1:30: dimension m disagrees/);
  expect(d('', 'q=3').error?.text).toMatch(/sizes: q is not a dimension symbol of the program/);
  expect(d('', 'm=3, n=2').losses).toHaveLength(4);
});

describe('the editor colours', () => {
  test('know every function of the notation', () => {
    expect([...FUNCTION_NAMES].sort()).toEqual([...FUNCTIONS.keys(), ...CALCULUS_FUNCTIONS].sort());
  });

  test('escape the program and mark the error span', () => {
    const html = highlight("# <b> & c\nJ = x' * x\nnorm2(A*b)", [27, 30]);
    expect(html).toContain('<span class="c"># &lt;b&gt; &amp; c</span>');
    expect(html).toContain('<span class="d">J</span>');
    expect(html).toContain('<span class="f">norm2</span>');
    expect(html.replace(/<span class="([^"]*)">([^<]*)<\/span>/g, (all, c: string, t: string) => (c.split(' ').includes('err') ? `[${t}]` : t))).toBe(
      "# <b> & c\nJ = x' * x\nnorm2([A][*][b])\n".replace('<b> & c', '&lt;b&gt; &amp; c'),
    );
    expect(highlight('norm2(A*x', [9, 9])).toMatch(/<span class="err"> <\/span>\n$/);
  });
});
