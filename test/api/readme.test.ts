/**
 * The library API: the README's TypeScript example (kept as examples/library.ts) is the same
 * text, type-checks, and runs with the output it promises in its comments; the facade works.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as api from '../../src';

const ROOT = path.join(__dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples/library.ts');

/** The ```ts block of the README's "## Library" section, if the README has one. */
function readmeExample(): string | undefined {
  const file = path.join(ROOT, 'README.md');
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith('Library'));
  const block = section && /```ts\n([\s\S]*?)```/.exec(section);
  return block?.[1];
}

test('the README example is examples/library.ts, importing from the package', () => {
  const readme = readmeExample();
  expect(readme).toBeDefined();
  const example = fs.readFileSync(EXAMPLE, 'utf8');
  // The file starts with two comment lines and imports from ../src; the README imports 'matdiff'.
  const body = example.split('\n').slice(2).join('\n').replace("from '../src'", "from 'matdiff'");
  expect(readme!.trim()).toBe(body.trim());
});

test('examples/library.ts type-checks', () => {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const program = ts.createProgram([EXAMPLE], { ...options, noEmit: true });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(diagnostics).toEqual([]);
}, 120000);

test('examples/library.ts runs and prints what its comments say', () => {
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', EXAMPLE], { cwd: ROOT, encoding: 'utf8' });
  const lines = out.split('\n');
  expect(lines.slice(0, 4)).toEqual([
    '(1/m) Aᵀ(σ(Ax) − b)',
    "1/m * A' * (sigmoid(A*x) - b)",
    '\\frac{1}{m} A^{\\top} \\left(\\sigma(A x) - b\\right)',
    'false missing 1/m: the claim is m times the gradient',
  ]);
  expect(out).toContain('diagnosis: missing 1/m');
  // J at x = (0.1, -0.2) with z = Ax = (-0.3, -0.5, -0.7), b = (1, 0, 1), by hand:
  const sig = (z: number) => 1 / (1 + Math.exp(-z));
  const z = [-0.3, -0.5, -0.7];
  const J = -(Math.log(sig(z[0])) + Math.log(1 - sig(z[1])) + Math.log(sig(z[2]))) / 3;
  const valueLine = lines.find((l) => /^0\.\d+ \[/.test(l))!;
  expect(Number(valueLine.split(' ')[0])).toBeCloseTo(J, 12);
  // ∇J = (1/m) Aᵀ(σ(z) − b)
  const A = [
    [1, 2],
    [3, 4],
    [5, 6],
  ];
  const r = [sig(z[0]) - 1, sig(z[1]), sig(z[2]) - 1];
  const g = [0, 1].map((j) => (A[0][j] * r[0] + A[1][j] * r[1] + A[2][j] * r[2]) / 3);
  const printed = valueLine
    .slice(valueLine.indexOf('[') + 1, valueLine.indexOf(']'))
    .split(',')
    .map(Number);
  printed.forEach((v, j) => expect(v).toBeCloseTo(g[j], 12));
  expect(out).toContain('shape { offset: 14, line: 2, col: 1 }');
  expect(out).toContain('example.mdf:2:1: cannot multiply vector(n) by vector(n)');
}, 60000);

describe('the facade', () => {
  test('gradient(source, wrt) prints in every format', () => {
    const src = 'A : matrix(m, n); x : vector(n); b : vector(m)\nnorm2(A*x - b)^2';
    expect(api.gradient(src, 'x')).toBe('2Aᵀ(Ax − b)');
    expect(api.gradient(src, 'x', { format: 'text' })).toBe("2 * A' * (A*x - b)");
    expect(api.gradient(src, 'x', { format: 'latex' })).toContain('A^{\\top}');
    expect(JSON.parse(api.gradient(src, 'x', { format: 'json' }))).toHaveProperty('root');
  });

  test('gradientOf / hessianOf / jacobianOf, raw or simplified', () => {
    const p = api.parseProgram("x : vector(n); A : matrix(n, n)\nx' * A * x");
    expect(api.print(api.gradientOf(p, 'x'), 'text')).toBe("(A + A') * x");
    const raw = api.gradientOf(p, 'x', { simplify: false });
    expect(raw.size).toBeGreaterThanOrEqual(api.gradientOf(p, 'x').size);
    expect(api.print(api.hessianOf(p, 'x'), 'text')).toBe("A + A'");
    const q = api.parseProgram('x : vector(n); A : matrix(m, n)\nA*x');
    expect(api.print(api.jacobianOf(q, 'x'), 'text')).toBe('A');
  });

  test('errors are typed classes with source ranges', () => {
    expect(() => api.gradient('x : vector(n)\nx', 'x')).toThrow(api.ShapeError);
    expect(() => api.gradient("x : vector(n)\nx' * x", 'y')).toThrow(expect.objectContaining({ kind: 'usage', hint: 'declared variables: x' }));
    try {
      api.parseProgram('x : vector(n)\nfoo(x)');
    } catch (e) {
      expect(e).toBeInstanceOf(api.MatdiffError);
      expect((e as api.MatdiffError).span).toMatchObject({ start: { line: 2, col: 1 } });
    }
    expect.assertions(4);
  });
});

test('the Quick start of docs/api.md is examples/quick-start.ts, importing from the package', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/api.md'), 'utf8');
  const block = /## Quick start\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(doc)?.[1];
  const example = fs.readFileSync(path.join(ROOT, 'examples/quick-start.ts'), 'utf8');
  expect(example.split('\n').slice(2).join('\n').replace("from '../src'", "from 'matdiff'")).toBe(block);
});
