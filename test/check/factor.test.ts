/** The pieces of diagnosis: naming factors, fitting them across sizes, splitting terms. */
import { check, termsOf } from '../../src/check';
import { factorText, fitFactor, rationalize } from '../../src/check/factor';
import { rat } from '../../src/core/rational';
import { parseProgram } from '../../src/parse';
import { printText } from '../../src/print';

test('rationalize finds small fractions and refuses the rest', () => {
  expect(rationalize(0.5)!.toFraction()).toBe('1/2');
  expect(rationalize(-2.0000000001)!.toFraction()).toBe('-2');
  expect(rationalize(1 / 3)!.toFraction()).toBe('1/3');
  expect(rationalize(Math.PI)).toBeUndefined();
  expect(rationalize(NaN)).toBeUndefined();
});

test('factorText writes factors as a person would', () => {
  expect(factorText(rat(1), [['m', 1]])).toBe('m');
  expect(factorText(rat(1), [['m', -1]])).toBe('1/m');
  expect(factorText(rat(2), [['m', 1]])).toBe('2*m');
  expect(
    factorText(rat(1), [
      ['m', 1],
      ['n', -1],
    ]),
  ).toBe('m/n');
  expect(factorText(rat(1, 2), [['m', -1]])).toBe('1/(2*m)');
  expect(factorText(rat(-1), [['n', 2]])).toBe('-n^2');
});

describe('fitFactor', () => {
  const sizes = [
    new Map([
      ['m', 2],
      ['n', 3],
    ]),
    new Map([
      ['m', 5],
      ['n', 2],
    ]),
    new Map([
      ['m', 4],
      ['n', 6],
    ]),
  ];
  const fit = (f: (s: Map<string, number>) => number) => {
    const r = fitFactor(sizes.map(f), sizes);
    return r && factorText(r.constant, r.powers);
  };
  test.each([
    ['a constant', () => -2, '-2'],
    ['m', (s: Map<string, number>) => s.get('m')!, 'm'],
    ['1/n', (s: Map<string, number>) => 1 / s.get('n')!, '1/n'],
    ['m/n', (s: Map<string, number>) => s.get('m')! / s.get('n')!, 'm/n'],
    ['3*m*n', (s: Map<string, number>) => 3 * s.get('m')! * s.get('n')!, '3*m*n'],
    ['n^2/2', (s: Map<string, number>) => s.get('n')! ** 2 / 2, 'n^2/2'],
  ])('%s', (_what, f, expected) => expect(fit(f)).toBe(expected));

  test('a factor that is no monomial in the sizes is not named', () => {
    expect(fit((s) => Math.exp(s.get('m')!))).toBeUndefined();
  });

  test('a symbol whose size never varies is not used (it could not be told from a constant)', () => {
    const fixed = [new Map([['m', 3]]), new Map([['m', 3]])];
    expect(fitFactor([3, 3], fixed)!.powers).toEqual([]);
  });
});

test('termsOf distributes scalings and products over one sum', () => {
  const p = parseProgram("A : matrix(m, n); x : vector(n); b : vector(m)\n1/m * A' * (sigmoid(A*x) - b)");
  expect(termsOf(p.graph, p.result!).map(printText).sort()).toEqual(["-1/m * A' * b", "1/m * A' * sigmoid(A*x)"]);
  const q = parseProgram('x : vector(n); lambda : scalar\nlambda * x + x');
  expect(termsOf(q.graph, q.result!).map(printText).sort()).toEqual(['lambda * x', 'x']);
  const r = parseProgram('A : matrix(m, n); x : vector(n)\nA * x');
  expect(termsOf(r.graph, r.result!)).toEqual([]);
});

test('a 3,000-deep claim is checked without overflowing the stack', () => {
  const depth = 3000;
  const deep = 'sin('.repeat(depth) + 'x' + ')'.repeat(depth);
  const p = parseProgram(`x : vector(n)\n${deep}`);
  const q = parseProgram(`${deep}`, { graph: p.graph, scope: p.scope });
  const v = check(p.graph, p.result!, q.result!);
  expect(v.equal).toBe(true);
}, 60000);
