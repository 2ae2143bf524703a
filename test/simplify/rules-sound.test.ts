/**
 * Every named rule is sound on targets that are not its own: dimension names that differ from
 * the rule's (and that collide with them, k and l swapped), pattern-variable names reused for
 * other shapes, compound arguments, and the rule's left side inside larger n-ary sums, products
 * and chains. Both sides agree numerically, the simplified context agrees with the original,
 * and no result mentions a dimension the program did not declare.
 */
import { grad } from '../../src/ad';
import { dimensionSymbols } from '../../src/eval/random';
import { evaluate } from '../../src/eval/reference';
import { Graph, Node } from '../../src/core/graph';
import { Bindings, instantiate } from '../../src/simplify/match';
import { Fact, namedRules, Rule } from '../../src/simplify/rules';
import { simplify } from '../../src/simplify';
import { Scope, parseExpression, parseProgram } from '../../src/parse';
import { printText } from '../../src/print';
import { compareTensors } from '../support/finite-diff';
import { makeRng, randomEnv } from '../support/random';
import { Dim, Shape, dimFactors, isScalar } from '../../src/core/dims';
import { topoOrder } from '../../src/core/graph';

/** Pattern dimensions mapped to the target's: swapped names (a collision), and unrelated names. */
const DIM_MAPS: ReadonlyArray<Record<string, string>> = [
  { k: 'l', l: 'k', p: 'q', q: 'p', r: 's', s: 'r' },
  { k: 'p', l: 'q', p: 'pa', q: 'pb', r: 'pc', s: 'pd' },
];

/** Pattern variables mapped to other names (z and u swapped, so a leaked name would show). */
const VAR_NAMES: Record<string, string> = { z: 'u', u: 'z', X: 'X' };

const dimText = (d: Dim, map: Record<string, string>) => {
  if (typeof d === 'number') return String(d);
  const [k, symbols] = dimFactors(d); // the rows of kron(A, B) are a product
  return [...(k === 1 ? [] : [String(k)]), ...symbols.map((f) => map[f])].join('*');
};
/** Declarations name single dimensions only: a Kronecker-shaped left side has no `e` to add to it. */
const declarable = (s: Shape) => [s.rows, s.cols].every((d) => typeof d === 'number' || !d.includes('*'));
const shapeText = (s: Shape, map: Record<string, string>) => (isScalar(s) ? 'scalar' : `matrix(${dimText(s.rows, map)}, ${dimText(s.cols, map)})`);

interface Target {
  readonly g: Graph;
  readonly scope: Scope;
  readonly bindings: Bindings;
  readonly declared: ReadonlySet<string>;
}

/** A user variable's name for pattern variable `v` (z and u swapped, others renamed). */
const userName = (v: string) => VAR_NAMES[v] ?? `${v.toLowerCase()}v`;

/** The fact a rule's guard asks of pattern variable `v`, if any. */
const factOf = (rule: Rule, v: Node): Fact | undefined => rule.when.find(([, x]) => x === v.name)?.[0];

/**
 * Facts only a declaration gives: the target declares its variables with that domain (the
 * sampler draws inside it), and a compound target is a product that keeps the fact.
 */
const DECLARED: Partial<Record<Fact, (s: Shape, map: Record<string, string>) => string>> = {
  diagonal: (s, map) => `diagonal(${dimText(s.rows, map)})`,
  orthogonal: (s, map) => `orthogonal(${dimText(s.rows, map)})`,
  columnsSumToOne: (s, map) => `simplex(${dimText(s.rows, map)}, ${dimText(s.cols, map)})`,
  positiveDefinite: (s, map) => `spd(${dimText(s.rows, map)})`,
};

/** The expression a pattern variable is bound to: plain or compound, with the facts its rule's guard asks for. */
function boundText(rule: Rule, v: Node, compound: boolean): string {
  const name = userName(v.name!);
  const fact = factOf(rule, v);
  if (fact === 'symmetric') return `${name} + ${name}'`;
  if (fact === 'sumsToOne') return `softmax(${name})`;
  if (fact === 'positive') return compound ? `exp(${name}) .* exp(${name}2)` : `exp(${name})`;
  if (fact === 'nonnegative') return compound ? `abs(${name}) + ${name}2 .^ 2` : `abs(${name})`;
  if (fact === 'positiveDefinite' && compound) return `${name} + ${name}2`; // a sum of spd matrices is spd
  // A product of diagonal (orthogonal) matrices is diagonal (orthogonal); S Y with S square and
  // column-stochastic has columns that sum to one.
  if (fact && DECLARED[fact]) return compound ? (fact === 'columnsSumToOne' ? `${name}3 * ${name}` : `${name} * ${name}2`) : name;
  if (!compound) return name;
  return v.shape.rows === v.shape.cols && !isScalar(v.shape) ? `${name}'` : `${name} + ${name}2`;
}

/** The pattern variables of `rule` as user variables (plain or compound), in a fresh program. */
function targetFor(rule: Rule, map: Record<string, string>, compound: boolean): Target {
  const vars = topoOrder([rule.lhs]).filter((n) => n.op === 'var' && rule.vars.has(n.name!));
  const decls = ['t : scalar', 'p0 : matrix(p, p)'];
  for (const v of vars) {
    const name = userName(v.name!);
    const fact = factOf(rule, v);
    const declared = fact && DECLARED[fact];
    const type = declared ? declared(v.shape, map) : shapeText(v.shape, map);
    decls.push(`${name} : ${type}`, `${name}2 : ${type}`);
    if (fact === 'columnsSumToOne') decls.push(`${name}3 : ${declared!({ rows: v.shape.rows, cols: v.shape.rows }, map)}`);
  }
  if (declarable(rule.lhs.shape)) decls.push(`e : ${shapeText(rule.lhs.shape, map)}`);
  const p = parseProgram(decls.join('\n'));
  const bindings: Bindings = new Map();
  for (const [from, to] of Object.entries(map)) bindings.set(`#${from}`, to);
  for (const v of vars) bindings.set(v.name!, parseExpression(boundText(rule, v, compound), p.scope, p.graph));
  const declared = new Set(Object.values(map));
  declared.add('p');
  for (const v of vars) for (const d of dimensionSymbols([v])) declared.add(map[d] ?? d);
  return { g: p.graph, scope: p.scope, bindings, declared };
}

/** Larger expressions with `lhs` inside: n-ary sums, scalings, products and chains. */
function contexts(t: Target, lhs: Node): Node[] {
  // Built through the text of the left side so the contexts go through the elaborator too.
  const L = `(${printText(lhs)})`;
  if (!declarable(lhs.shape)) return [L, `t * ${L}`, `sum(${L} .* ${L}) + t`].map((s) => parseExpression(s, t.scope, t.g));
  const out = [`${L}`, `${L} + e + t*e`, `t * ${L}`, `2*${L} - e`];
  if (isScalar(lhs.shape)) out.push(`${L} * t * e`, `exp(${L}) + t`);
  else out.push(`${L} .* e + e`, `sum(${L} .* e)`);
  return out.map((s) => parseExpression(s, t.scope, t.g));
}

function expectSame(g: Graph, a: Node, b: Node, what: string, seed: number) {
  const rng = makeRng(seed);
  for (let k = 0; k < 3; k++) {
    const env = randomEnv(g, [a, b], rng);
    expect(compareTensors(evaluate(b, env), evaluate(a, env), { rtol: 1e-9, atol: 1e-10 }, what)).toEqual([]);
  }
}

function expectDeclaredDims(n: Node, declared: ReadonlySet<string>) {
  for (const d of dimensionSymbols([n])) expect(declared).toContain(d);
}

const cases = namedRules().flatMap((rule, i) =>
  DIM_MAPS.flatMap((map, j) =>
    [false, true].map((compound) => [`${rule.name} #${i} ${JSON.stringify(map)}${compound ? ' compound' : ''}`, rule, map, compound, i * 10 + j] as const),
  ),
);

describe('named rules on foreign targets', () => {
  test.each(cases)('%s', (_label, rule, map, compound, seed) => {
    const t = targetFor(rule, map, compound);
    const lhs = instantiate(t.g, rule.lhs, t.bindings);
    const rhs = instantiate(t.g, rule.rhs, t.bindings);
    expect(rhs.shape).toEqual(lhs.shape);
    expectDeclaredDims(rhs, t.declared);
    expectSame(t.g, lhs, rhs, rule.name, seed);
    for (const ctx of contexts(t, lhs)) {
      const s = simplify(t.g, ctx);
      expectDeclaredDims(s, t.declared);
      expectSame(t.g, ctx, s, `${rule.name} in ${printText(ctx)}`, seed + 1);
    }
  });

  test('there is a scalar, a vector and a matrix reading of the elementwise rules', () => {
    const readings = namedRules()
      .filter((r) => r.name === 'sigmoid-symmetry')
      .map((r) => r.lhs.shape);
    expect(readings.map((s) => `${s.rows}x${s.cols}`).sort()).toEqual(['1x1', 'kx1', 'kxl']);
  });
});

describe('issue 8 finding 1: rule dimensions never leak into results', () => {
  const gradText = (src: string, wrt: string) => {
    const p = parseProgram(src);
    return printText(simplify(p.graph, grad(p.graph, p.result!, p.scope.declaration(wrt)!.node)));
  };
  test('t * sum(sigmoid(x) + sigmoid(-x)) wrt t is n', () => {
    expect(gradText('x : vector(n); t : scalar; t * sum(sigmoid(x) + sigmoid(-x))', 't')).toBe('n');
    expect(gradText("k : vector(q); x : vector(n); t : scalar; t * sum(sigmoid(x) + sigmoid(-x)) + k'*k", 't')).toBe('n');
  });
  test('sum(softplus(A*x) - softplus(-A*x)) differentiates without an invented shape error', () => {
    expect(gradText('A : matrix(m, n); x : vector(n); sum(softplus(A*x) - softplus(-A*x))', 'x')).toBe("A' * ones(m)");
  });
});
