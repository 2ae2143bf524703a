/**
 * Backends chosen by environment (issue 10 item 5): where code may not be generated (a page's
 * Content-Security-Policy; here Node's --disallow-code-generation-from-strings), 'auto' runs the
 * interpreter and gives the same numbers, and asking for 'js' says why it cannot.
 */
import { execFileSync } from 'child_process';
import { join } from 'path';
import { compileProgram } from '../../src/compile';

const ROOT = join(__dirname, '..', '..');
const SEED = "A : matrix(m, n); x : vector(n); b : vector(m)\nJ = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))\nJ";
const DATA = {
  A: [
    [1, 2],
    [3, 4],
    [5, 6],
  ],
  x: [0.1, -0.2],
  b: [1, 0, 1],
};

test('without code generation, auto is interp, with the numbers of the js backend; js is refused by name', () => {
  const script = `
    const { compileProgram } = require('./src/compile');
    const ev = compileProgram(${JSON.stringify(SEED)}, { wrt: 'x' });
    const r = ev.run(${JSON.stringify(DATA)});
    let refusal = '';
    try { compileProgram('x : vector(n)\\nsum(x)', { backend: 'js' }); } catch (e) { refusal = e.message; }
    process.stdout.write(JSON.stringify({ backend: ev.backend, value: r.value.data[0], grad: Array.from(r.gradients.x.data), refusal }));`;
  const out = JSON.parse(
    execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    }),
  );
  const js = compileProgram(SEED, { wrt: 'x', backend: 'js' }).run(DATA);
  expect(out.backend).toBe('interp');
  expect(out.value).toBe(js.value!.data[0]);
  expect(out.grad).toEqual(Array.from(js.gradients.x.data));
  expect(out.refusal).toMatch(/new Function.*forbids/);
});

test('where code may be generated, auto is wasm (or js without WebAssembly SIMD) and interp is there on request', () => {
  expect(['wasm', 'js']).toContain(compileProgram(SEED, { wrt: 'x' }).backend);
  expect(compileProgram(SEED, { wrt: 'x', backend: 'interp' }).backend).toBe('interp');
});
