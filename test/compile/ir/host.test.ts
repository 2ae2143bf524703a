/**
 * src/compile/ir/host.ts is the evaluator runtime (RUNTIME_SOURCE of src/compile/runtime.ts) as a
 * module, so that the interpreter backend runs it without `new Function`. It is generated: this
 * test fails when the two differ. Regenerate with
 *   MATDIFF_WRITE_HOST=1 npx jest test/compile/ir/host
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { RUNTIME_SOURCE } from '../../../src/compile/runtime';

const FILE = join(__dirname, '../../../src/compile/ir/host.ts');

export function hostModule(): string {
  return [
    '// @ts-nocheck',
    '/* eslint-disable */',
    '/**',
    ' * GENERATED from RUNTIME_SOURCE in src/compile/runtime.ts: do not edit. Regenerate with',
    ' * MATDIFF_WRITE_HOST=1 npx jest test/compile/ir/host (the test fails while the two differ).',
    ' *',
    " * The evaluator's runtime (input conversion and checks, dimension binding, the buffer cache,",
    " * run) as a module, for the 'interp' backend: the same text the generated evaluators run",
    ' * through `new Function`, loaded here without it (for pages whose Content-Security-Policy',
    ' * forbids code generation). Type checking is off: the text carries its types as comments.',
    ' */',
    RUNTIME_SOURCE.trim(),
    '',
    'export { createEvaluator };',
    '',
  ].join('\n');
}

test('src/compile/ir/host.ts is RUNTIME_SOURCE as a module', () => {
  const want = hostModule();
  if (process.env.MATDIFF_WRITE_HOST === '1') writeFileSync(FILE, want);
  expect(readFileSync(FILE, 'utf8') === want).toBe(true);
});
