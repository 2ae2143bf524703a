/**
 * The runtime's and the helper kernels' text for emitted modules (src/compile/generated/, written
 * by `npm run grammar` from src/compile/runtime/*.ts and src/compile/kernels.ts) is current, and
 * the runtime's stands alone: no imports or exports of values, and the JavaScript runs with
 * nothing but what an emitted module defines.
 */
import { readFileSync } from 'fs';
import { KERNELS_OUT, OUT, kernelsModule, runtimeModule } from '../../scripts/generate-runtime';
import { RUNTIME_JS, RUNTIME_TS } from '../../src/compile/generated/runtime-source';

test('the generated runtime text is current (run npm run grammar after editing src/compile/runtime/)', () => {
  expect(readFileSync(OUT, 'utf8') === runtimeModule()).toBe(true);
});

test('the generated helper kernels are current (run npm run grammar after editing src/compile/kernels.ts)', () => {
  expect(readFileSync(KERNELS_OUT, 'utf8') === kernelsModule()).toBe(true);
});

test('the runtime text has no imports, requires or value exports', () => {
  for (const t of [RUNTIME_JS, RUNTIME_TS]) {
    expect(t).not.toMatch(/\brequire\(|^\s*import\b/m);
    expect(t).not.toMatch(/^export (function|const|let|class)\b/m);
  }
  expect(RUNTIME_JS).not.toMatch(/^\s*export\b|\binterface\b/m);
  expect(RUNTIME_TS).toMatch(/^export interface Spec \{/m);
});

test('the JavaScript runtime runs standalone: a kernel that doubles its input', () => {
  const spec = {
    inputs: [{ name: 'x', rows: 'n', cols: 1 }],
    dims: ['n'],
    outputs: [{ role: 'value', name: 'value', rows: 'n', cols: 1 }],
    outputBuffers: [0],
    arrays: [
      ['n', 1],
      ['n', 1],
    ],
  };
  const make = new Function(
    'SPEC',
    `'use strict';\n${RUNTIME_JS}\nfunction fail(m, h) { const e = new Error(m); e.hint = h; throw e; }\n` +
      'const allocate = (d) => [new Float64Array(d[0])];\nconst kernel = (d, ins, B) => { for (let i = 0; i < d[0]; i++) B[0][i] = 2 * ins[0][i]; };\n' +
      'return createEvaluator(SPEC, allocate, kernel, fail);',
  );
  const ev = make(spec);
  expect(Array.from(ev.run({ x: [1, 2, 3] }).value.data)).toEqual([2, 4, 6]);
  expect(() => ev.run({ x: [1, 'a'] })).toThrow('x[1] is "a", not a finite number');
  expect(() => ev.run({})).toThrow('no value for x (a vector(n))');
});
