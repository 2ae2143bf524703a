/**
 * The interp backend's runtime (src/compile/ir/generated/host.ts, written by `npm run grammar`)
 * is RUNTIME_SOURCE as a module: the same checks, messages, cache and result ownership as the
 * generated evaluators, with no second copy in the repository to drift.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { hostModule } from '../../../scripts/generate-host';

test('the generated host module is the current RUNTIME_SOURCE (run npm run grammar after editing runtime.ts)', () => {
  expect(readFileSync(join(__dirname, '../../../src/compile/ir/generated/host.ts'), 'utf8') === hostModule()).toBe(true);
});
