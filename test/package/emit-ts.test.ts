/**
 * `matdiff compile --target ts` modules type-check under the settings of `tsc --init` (strict,
 * nodenext, noUncheckedIndexedAccess, exactOptionalPropertyTypes, verbatimModuleSyntax,
 * skipLibCheck off, no @types/node), and still compute what the in-process evaluator does.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { runInNewContext } from 'vm';
import { compile, emitModule } from '../../src';
import type { Inputs } from '../../src';
import { assertIndices } from '../../src/compile/emit';

const PROGRAMS: Array<[string, string, Parameters<typeof compile>[1], Inputs]> = [
  [
    'logistic regression with its Hessian',
    "A : matrix(m, n); x : vector(n); b : vector(m)\n-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))",
    { wrt: 'x', outputs: ['value', 'gradient', 'hessian'] },
    {
      A: [
        [1, 2],
        [3, -1],
        [0.5, 0.25],
      ],
      x: [0.1, -0.2],
      b: [1, 0, 1],
    },
  ],
  [
    'least squares wrt x and A',
    'A : matrix(m, n); x : vector(n); b : vector(m)\nnorm2(A*x - b)^2',
    { wrt: ['x', 'A'] },
    {
      A: [
        [1, 2],
        [3, 4],
      ],
      x: [1, 1],
      b: [0, 1],
    },
  ],
  [
    'log det and an inverse',
    'X : matrix(n, n)\nlog(det(X)) + tr(inv(X))',
    { wrt: 'X' },
    {
      X: [
        [2, 0.5],
        [0.25, 3],
      ],
    },
  ],
];

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  types: [],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: false,
  declaration: true,
  noEmit: true,
};

describe('emitted TypeScript modules under strict settings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-emit-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each(PROGRAMS)('%s', (_name, src, opts, inputs) => {
    const f = compile(src, opts);
    const text = emitModule(f, { target: 'ts' });
    const file = path.join(dir, 'module.ts');
    fs.writeFileSync(file, text);
    const program = ts.createProgram([file], OPTIONS);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => `${d.start ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
    // and it runs: the same numbers as in-process
    const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const mod: {
      exports: {
        run?: (i: unknown) => {
          value?: { data: Float64Array };
          gradients: Record<string, { data: Float64Array }>;
          hessians: Record<string, { data: Float64Array }>;
        };
      };
    } = { exports: {} };
    runInNewContext(js, { module: mod, exports: mod.exports, Float64Array, Int8Array, Math, Number, Object, Array, Map, Set, Error, RangeError, String, JSON });
    const mine = f.run(inputs);
    const theirs = mod.exports.run!(inputs);
    expect(Array.from(theirs.value!.data)).toEqual(Array.from(mine.value!.data));
    for (const [k, t] of Object.entries(mine.gradients)) expect(Array.from(theirs.gradients[k]!.data)).toEqual(Array.from(t.data));
    for (const [k, t] of Object.entries(mine.hessians)) expect(Array.from(theirs.hessians[k]!.data)).toEqual(Array.from(t.data));
  });
});

describe('assertIndices', () => {
  test.each([
    ['a[i] + b[j][k]', 'a[i]! + b[j]![k]!'],
    ['a[i] = v; a[i] += v; a[i] == v', 'a[i] = v; a[i]! += v; a[i]! == v'],
    ['B[spec.outputBuffers[i]]', 'B[spec.outputBuffers[i]!]!'],
    ['return [a, b]; const [c, d] = e; x: readonly [number, number]', 'return [a, b]; const [c, d] = e; x: readonly [number, number]'],
    ["T['run'] ; U[number]; V[]; (number[])[]", "T['run'] ; U[number]; V[]; (number[])[]"],
    ["f(x)[0]; s = 'a[i]'; // b[j]\n/* c[k] */", "f(x)[0]!; s = 'a[i]'; // b[j]\n/* c[k] */"],
    ['x.in[0]', 'x.in[0]!'],
  ])('%s', (src, out) => expect(assertIndices(src)).toBe(out));
});
