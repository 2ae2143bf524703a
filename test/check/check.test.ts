/**
 * check: textbook gradients and the seed's hand derivation check equal; planted wrong claims
 * get the right verdict and diagnosis; a claim of the wrong shape is a ShapeError naming both.
 */
import { ShapeError } from '../../src/core/errors';
import { check, checkExpression, checkGradient, formatVerdict, verdictToJSON, Verdict } from '../../src/check';
import { evaluate } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { TABLE } from '../simplify/textbook-table';

const SEED = "A : matrix(m, n); x : vector(n); b : vector(m)\nJ = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))\nJ";
const RIDGE = 'A : matrix(m, n); x : vector(n); b : vector(m); lambda : scalar\n1/2 * norm2(A*x - b)^2 + lambda/2 * norm2(x)^2';
const SUMEXP = 'A : matrix(m, n); x : vector(n)\nsum(exp(A*x))';
const TRACE = 'A : matrix(n, n); X : matrix(n, n)\ntr(A * X)';

const gradVerdict = (program: string, wrt: string, claim: string, opts = {}): Verdict => checkGradient(parseProgram(program), wrt, claim, opts);

describe('claims that are right', () => {
  test.each(TABLE.map((r) => [r.name, r] as const))('textbook row %s checks equal', (_n, row) => {
    const v = gradVerdict(`${row.decls}\n${row.f}`, row.wrt, row.textbook);
    expect(v.equal).toBe(true);
    expect(v.diagnosis).toBeUndefined();
  });

  test.each(TABLE.map((r) => [r.name, r] as const))('textbook row %s checks equal numerically too', (_n, row) => {
    const v = gradVerdict(`${row.decls}\n${row.f}`, row.wrt, row.textbook, { symbolic: false });
    expect(v).toMatchObject({ equal: true, method: 'numeric', instances: 6 });
    expect(v.maxRelDiff).toBeLessThan(1e-10);
  });

  // The forms written in ../shared/seed, step by step.
  const SEED_STEPS = [
    "1/m * A' * (sigmoid(A*x) - b)",
    "-1/m * A' * (b - sigmoid(A*x))",
    "-1/m * (A' * (b - sigmoid(A*x) .* b - sigmoid(A*x) + sigmoid(A*x) .* b))",
    "-1/m * (A' * ((1 - sigmoid(A*x)) .* b) - A' * (sigmoid(A*x) .* (1 - b)))",
    "-1/m * (A' * (sigmoid(A*x) .* (1 - sigmoid(A*x)) .* (1 ./ sigmoid(A*x)) .* b) - A' * (sigmoid(A*x) .* (1 - sigmoid(A*x)) .* (1 ./ (1 - sigmoid(A*x))) .* (1 - b)))",
  ];
  test.each(SEED_STEPS)('the seed derivation step %s checks equal', (claim) => {
    const v = gradVerdict(SEED, 'x', claim);
    expect(v.equal).toBe(true);
    expect(formatVerdict(v)).toMatch(/^equal(, symbolically| numerically on 6 random instances)/);
  });

  test('the seed claim is equal symbolically and says so', () => {
    const v = gradVerdict(SEED, 'x', "1/m * A' * (sigmoid(A*x) - b)");
    expect(v.method).toBe('symbolic');
    expect(formatVerdict(v)).toBe('equal, symbolically');
  });

  test('an expression claim (not a gradient) is checked against the last expression', () => {
    const p = parseProgram('A : matrix(m, n); x : vector(n)\nsum(exp(A*x)) + 0');
    expect(checkExpression(p, "ones(m)' * exp(A*x)").equal).toBe(true);
    expect(checkExpression(parseProgram('A : matrix(m, n); x : vector(n)\nsum(exp(A*x))'), "2 * ones(m)' * exp(A*x)").diagnosis).toMatchObject({
      kind: 'factor',
      label: 'off by a factor of 2',
    });
  });
});

describe('planted wrong claims', () => {
  const CASES: Array<{ what: string; program: string; wrt: string; claim: string; kind: string; label?: string; term?: string }> = [
    { what: 'transposed', program: TRACE, wrt: 'X', claim: 'A', kind: 'transpose' },
    { what: 'missing 1/m', program: SEED, wrt: 'x', claim: "A' * (sigmoid(A*x) - b)", kind: 'factor', label: 'missing 1/m' },
    { what: 'flipped sign', program: SEED, wrt: 'x', claim: "1/m * A' * (b - sigmoid(A*x))", kind: 'factor', label: 'sign flipped' },
    { what: 'off by 2', program: SEED, wrt: 'x', claim: "2/m * A' * (sigmoid(A*x) - b)", kind: 'factor', label: 'off by a factor of 2' },
    { what: 'extra factor m', program: SUMEXP, wrt: 'x', claim: "m * A' * exp(A*x)", kind: 'factor', label: 'extra factor m' },
    { what: '1/n for 1/m', program: SEED, wrt: 'x', claim: "1/n * A' * (sigmoid(A*x) - b)", kind: 'factor', label: 'off by a factor of m/n' },
    { what: 'sign and factor', program: SEED, wrt: 'x', claim: "A' * (b - sigmoid(A*x))", kind: 'factor', label: 'sign flipped and missing 1/m' },
    { what: 'missing term', program: RIDGE, wrt: 'x', claim: "A' * (A*x - b)", kind: 'missing-term', term: 'lambda * x' },
    { what: 'missing term inside a product', program: SEED, wrt: 'x', claim: "1/m * A' * sigmoid(A*x)", kind: 'missing-term', term: "-1/m * A' * b" },
    { what: 'extra term', program: SEED, wrt: 'x', claim: "1/m * A' * (sigmoid(A*x) - b) + x", kind: 'extra-term', term: 'x' },
    { what: 'term with the wrong sign', program: RIDGE, wrt: 'x', claim: "A' * (A*x - b) - lambda * x", kind: 'term-sign', term: 'lambda * x' },
    { what: 'zero', program: SEED, wrt: 'x', claim: 'zeros(n)', kind: 'zero' },
  ];

  test.each(CASES.map((c) => [c.what, c] as const))('%s', (_w, c) => {
    const v = gradVerdict(c.program, c.wrt, c.claim);
    expect(v.equal).toBe(false);
    expect(v.diagnosis?.kind).toBe(c.kind);
    const json = verdictToJSON(v);
    if (c.label) expect(json.diagnosis).toMatchObject({ label: c.label });
    if (c.term) expect(json.diagnosis).toMatchObject({ term: c.term });
    expect(formatVerdict(v, 'text')).toContain(`diagnosis: ${v.diagnosis!.summary}`);
  });

  test('a wrong claim that fits no diagnosis is still different, with a counterexample', () => {
    const v = gradVerdict("A : matrix(n, n); x : vector(n)\nx' * A * x", 'x', '2 * A * x');
    expect(v.equal).toBe(false);
    expect(v.diagnosis).toBeUndefined();
    expect(v.counterexample).toBeDefined();
  });

  test('the counterexample has the smallest sizes and the true values of both sides', () => {
    const p = parseProgram(SEED);
    const v = checkGradient(p, 'x', "A' * (sigmoid(A*x) - b)");
    const c = v.counterexample!;
    expect([...c.sizes.values()].sort()).toEqual([2, 3]);
    expect([...c.inputs.keys()]).toEqual(['A', 'b', 'x']);
    expect(c.inputs.get('A')!.rows).toBe(c.sizes.get('m'));
    expect(c.inputs.get('x')!.rows).toBe(c.sizes.get('n'));
    const env = { vars: c.inputs, dims: c.sizes };
    // The counterexample's numbers come from the raw gradient; the simplified truth agrees with them.
    Array.from(evaluate(v.truth, env).data).forEach((val, i) => expect(val).toBeCloseTo(c.truth.data[i], 12));
    // missing 1/m: the claim is m times the truth, entry by entry.
    const m = c.sizes.get('m')!;
    c.claim.data.forEach((val, i) => expect(val).toBeCloseTo(m * c.truth.data[i], 10));
    const text = formatVerdict(v, 'unicode');
    expect(text).toContain('counterexample (m = ');
    expect(text).toContain('the gradient is (1/m) Aᵀ(σ(Ax) − b)');
  });

  test('the verdict does not depend on anything but the seed', () => {
    const a = verdictToJSON(gradVerdict(SEED, 'x', "A' * (sigmoid(A*x) - b)"));
    const b = verdictToJSON(gradVerdict(SEED, 'x', "A' * (sigmoid(A*x) - b)"));
    expect(a).toEqual(b);
  });
});

describe('shapes first', () => {
  test('a claim of another shape is a ShapeError naming both shapes, located at the claim', () => {
    const claim = '1/m * (sigmoid(A*x) - b)';
    let err: unknown;
    try {
      gradVerdict(SEED, 'x', claim);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ShapeError);
    const e = err as ShapeError;
    expect(e.message).toBe('the claim is vector(m) (m×1) but the gradient is vector(n) (n×1)');
    expect(e.span).toMatchObject({ start: { offset: 0 }, end: { offset: claim.length } });
  });

  test('a transposed claim of a non-square gradient gets a hint to transpose it', () => {
    expect(() => gradVerdict(SEED, 'x', "1/m * (sigmoid(A*x) - b)' * A")).toThrow(
      expect.objectContaining({ kind: 'shape', hint: expect.stringContaining('equals the transpose of the gradient') }),
    );
  });

  test('a transposed-shape claim that is not the transpose gets a weaker hint', () => {
    expect(() => gradVerdict(SEED, 'x', "(sigmoid(A*x) - b)' * A")).toThrow(
      expect.objectContaining({ hint: expect.stringContaining('did you mean its transpose') }),
    );
  });

  test('check() on nodes of different shapes throws before any evaluation', () => {
    const p = parseProgram('x : vector(n); y : vector(m)\nx');
    const y = p.scope.declaration('y')!.node;
    expect(() => check(p.graph, p.result!, y)).toThrow(ShapeError);
  });
});
