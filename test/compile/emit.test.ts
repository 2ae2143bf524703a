/**
 * Emitted standalone modules: the JavaScript module is loaded with require and agrees with
 * the in-process evaluator bit for bit; the TypeScript module type-checks under --strict and,
 * transpiled, agrees too; both carry the formula in a header comment and have no imports.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { compileProgram, emitModule } from '../../src/compile';
import { Evaluator } from '../../src/compile/types';

const SEED = `A : matrix(m, n)
x : vector(n)
b : vector(m)
J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))
J`;

const PROGRAMS: Array<[string, string, string[]]> = [
  ['seed', SEED, ['x']],
  [
    'least squares with ridge',
    'A : matrix(m, n)\nx : vector(n)\nb : vector(m)\nlambda : scalar\n1/2 * norm2(A*x - b)^2 + lambda/2 * norm2(x)^2',
    ['x', 'lambda'],
  ],
  ['matrix functions', "X : matrix(n, n)\na : vector(n)\nlogdet(X*X' + eye(n)) + a' * inv(X*X' + eye(n)) * a + tr(X)", ['X', 'a']],
  ['softmax regression piece', 'A : matrix(m, n)\nx : vector(n)\nlogsumexp(A*x)', ['x']],
];

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-emit-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function randomInputs(ev: Evaluator, sizes: Record<string, number>, seed: number) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const size = (d: number | string) => (typeof d === 'number' ? d : sizes[d]);
  return Object.fromEntries(
    ev.spec.inputs.map((i) => {
      const r = size(i.rows);
      const c = size(i.cols);
      if (r === 1 && c === 1) return [i.name, 0.5 + Math.abs(rnd())];
      if (c === 1) return [i.name, Array.from({ length: r }, rnd)];
      return [i.name, Array.from({ length: r }, () => Array.from({ length: c }, rnd))];
    }),
  );
}

const snapshot = (r: ReturnType<Evaluator['run']>) => r.outputs.map((t) => ({ rows: t.rows, cols: t.cols, data: Array.from(t.data) }));

describe('emitted modules', () => {
  for (const [label, source, wrt] of PROGRAMS) {
    // An emitted module is the 'js' backend's code: compared bit for bit with that backend.
    const ev = compileProgram(source, { wrt, backend: 'js' });
    test(`${label}: JavaScript module agrees with compile`, () => {
      const code = emitModule(ev, { target: 'js' });
      expect(code).not.toMatch(/\brequire\(|\bimport\b/);
      expect(code.split('\n').slice(0, 12).join('\n')).toContain(`// value:        ${ev.formulas.value}`);
      for (const w of wrt) expect(code).toContain(`// gradient ${w}: ${ev.formulas.gradients[w]}`);
      const file = path.join(dir, `${label.replace(/\W+/g, '-')}.js`);
      fs.writeFileSync(file, code);
      const mod = require(file);
      for (const [m, n] of [
        [1, 1],
        [7, 3],
        [13, 5],
      ]) {
        const inputs = randomInputs(ev, { m, n }, m * 31 + n);
        expect(snapshot(mod.run(inputs))).toEqual(snapshot(ev.run(inputs)));
      }
      expect(() => mod.run({})).toThrow(/no value for/);
      try {
        mod.run({});
      } catch (e) {
        expect((e as { kind: string }).kind).toBe('data');
      }
    });

    test(`${label}: TypeScript module type-checks (strict) and agrees`, () => {
      const code = emitModule(ev, { target: 'ts' });
      const file = path.join(dir, `${label.replace(/\W+/g, '-')}.ts`);
      fs.writeFileSync(file, code);
      const program = ts.createProgram([file], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        lib: ['lib.es2022.d.ts'],
        types: [],
      });
      const diags = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(diags).toEqual([]);
      const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
      const jsFile = file.replace(/\.ts$/, '.from-ts.js');
      fs.writeFileSync(jsFile, js);
      const mod = require(jsFile);
      const inputs = randomInputs(ev, { m: 6, n: 4 }, 5);
      expect(snapshot(mod.run(inputs))).toEqual(snapshot(ev.run(inputs)));
    });
  }
});

describe('emitted modules with Hessians and Hessian-vector products', () => {
  const ev = compileProgram(SEED, { wrt: 'x', hessian: true, backend: 'js' });
  const inputs = { ...randomInputs(ev, { m: 9, n: 4 }, 7) };

  test('spec.outputs names them by role', () => {
    expect(ev.spec.outputs.map((o) => `${o.role} ${o.name}`)).toEqual(['value value', 'gradient x', 'hessian x', 'hvp x']);
    const r = ev.run(inputs);
    expect(r.hessians.x).toBe(r.outputs[2]);
    expect(r.hvps.x).toBe(r.outputs[3]);
    expect([r.hessians.x.rows, r.hessians.x.cols]).toEqual([4, 4]);
  });

  for (const target of ['js', 'ts'] as const)
    test(`${target}: the header names them and run returns them by name`, () => {
      const code = emitModule(ev, { target });
      expect(code).toContain(`// hessian x: ${ev.formulas.hessians.x}`);
      expect(code).toContain(`// hvp x: ${ev.formulas.hvps.x}`);
      expect(code).toContain('returns { value, gradients, hessians, hvps: {');
      const file = path.join(dir, `hessian-${target}.${target}`);
      fs.writeFileSync(file, code);
      let jsFile = file;
      if (target === 'ts') {
        const program = ts.createProgram([file], {
          strict: true,
          noEmit: true,
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.CommonJS,
          lib: ['lib.es2022.d.ts'],
          types: [],
        });
        expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
        jsFile = file.replace(/\.ts$/, '.from-ts.js');
        fs.writeFileSync(jsFile, ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText);
      }
      const mod = require(jsFile);
      const got = mod.run(inputs);
      const want = ev.run(inputs);
      expect(Array.from(got.hessians.x.data)).toEqual(Array.from(want.hessians.x.data));
      expect(Array.from(got.hvps.x.data)).toEqual(Array.from(want.hvps.x.data));
      expect(Array.from(got.gradients.x.data)).toEqual(Array.from(want.gradients.x.data));
      expect(mod.spec.outputs.map((o: { role: string }) => o.role)).toEqual(['value', 'gradient', 'hessian', 'hvp']);
    });
});
