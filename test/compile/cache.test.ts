/**
 * Buffers per dimension signature are a small LRU cache (issue 8, finding 21): an evaluator
 * called with thousands of sizes keeps buffers for the 8 most recently used, not for all of them.
 */
import { compileProgram } from '../../src/compile';
import { evaluateAll } from '../../src/eval/reference';
import { parseProgram } from '../../src/parse';
import { grad } from '../../src/ad';
import { envOf } from '../support/random';
import { mismatches } from './helpers';

const SRC = 'A : matrix(m, n); x : vector(n); sum(exp(A*x)) + norm2(x)';

const matrix = (m: number, n: number) => Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => Math.sin(i * n + j) / 4));
const vector = (n: number) => Array.from({ length: n }, (_, i) => Math.cos(i) / 3);

describe('the buffer cache is bounded', () => {
  test('the 8 most recent signatures keep their buffers; older ones are dropped and rebuilt', () => {
    const ev = compileProgram(SRC, { wrt: 'x' });
    const results = new Map<number, unknown>();
    for (let m = 1; m <= 12; m++) results.set(m, ev.run({ A: matrix(m, 2), x: vector(2) }));
    // m = 5..12 are the 8 most recent: the same result objects come back (no new buffers)
    for (let m = 12; m >= 5; m--) expect(ev.run({ A: matrix(m, 2), x: vector(2) })).toBe(results.get(m));
    // m = 1 was dropped: a new state, and it evicts the least recently used (m = 12 was used first above)
    const again = ev.run({ A: matrix(1, 2), x: vector(2) });
    expect(again).not.toBe(results.get(1));
    expect(ev.run({ A: matrix(5, 2), x: vector(2) })).toBe(results.get(5));
    expect(ev.run({ A: matrix(12, 2), x: vector(2) })).not.toBe(results.get(12));
  });

  test('numbers stay right across evictions (against the reference)', () => {
    const ev = compileProgram(SRC, { wrt: 'x' });
    const p = parseProgram(SRC);
    const g = grad(p.graph, p.result!, p.scope.declaration('x')!.node);
    for (let round = 0; round < 2; round++)
      for (let m = 1; m <= 20; m++) {
        const data = { A: matrix(m, 3), x: vector(3) };
        const [value, gradient] = evaluateAll([p.result!, g], envOf(data, { m, n: 3 }));
        const r = ev.run(data);
        expect([...mismatches(r.value!, value, `m=${m} value`), ...mismatches(r.gradients.x, gradient, `m=${m} gradient`)]).toEqual([]);
      }
  });
});
