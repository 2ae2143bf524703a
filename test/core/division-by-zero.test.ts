/** Issue 8 finding 8: an identically zero divisor is a located error, never the number 0. */
import { MatdiffError } from '../../src/core/errors';
import { parseProgram } from '../../src/parse';
import { cli } from '../cli/helpers';

test.each([
  '0/0',
  '1/(2-2)',
  'c : scalar; (c-c)/(c-c)',
  'x : vector(n); zeros(n) ./ (x - x)',
  'x : vector(n); x .^ -1 .* zeros(n) ./ zeros(n)',
  't : scalar; (t - t)^(-1/2)',
])('%s', (src) => {
  let err: unknown;
  try {
    parseProgram(src);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(MatdiffError);
  expect((err as MatdiffError).kind).toBe('domain');
  expect((err as MatdiffError).span).toBeDefined();
  expect((err as Error).message).toMatch(/division by zero/);
});

test('a divisor that is only sometimes zero is fine (1/t), and 0 * (1/t) is the usual cancellation', () => {
  expect(() => parseProgram('t : scalar; 1/t + 0 * (1/t)')).not.toThrow();
});

test('matdiff eval -e "0/0" exits 2 with a located message', async () => {
  const r = await cli(['eval', '-e', '0/0']);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/<-e>:1:1: division by zero/);
});
