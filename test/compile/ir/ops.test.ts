/**
 * What the interp backend adds to the compiled suites (which run it among their BACKENDS,
 * test/compile/helpers.ts): bit-for-bit equality with the 'js' backend for weighted Gram
 * products and under every row-blocking and fusion switch.
 */
import { compileInterp } from '../../../src/compile/ir';
import { parseProgram } from '../../../src/parse';
import { makeRng, randomEnv } from '../../support/random';
import { OP_DECLS as DECLS, OP_SIZES as SIZES } from '../helpers';
import { checkInterp } from './helpers';

describe('weighted Gram products Xᵀ diag(v) X run as one kernel (interp)', () => {
  for (const text of ["A'*A", "A'*diag(b)*A", "A' * ((b * ones(n)') .* A)", "A' * (A .* (exp(b) * ones(n)'))"])
    test(text, () => {
      const prog = parseProgram(`${DECLS}\n${text}`);
      const ev = compileInterp(prog.graph, [prog.result!]);
      expect(ev.text).toMatch(/= wgram A( [a-z]+)?\n/);
      const rng = makeRng(text.length);
      const failures: string[] = [];
      for (const [m, n] of SIZES) {
        const env = randomEnv(prog.graph, prog.result!, rng, {
          sizes: new Map([
            ['m', m],
            ['n', n],
          ]),
        });
        failures.push(...checkInterp(prog.graph, [prog.result!], env, {}, `${text} at m=${m}, n=${n}`).failures);
      }
      expect(failures).toEqual([]);
    });
});

describe('row blocking and fusion switches (interp)', () => {
  const seed = "-1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))";
  const grad = "1/m * A' * (sigmoid(A*x) - b)";
  for (const opts of [{}, { rowBlock: 1 }, { rowBlock: 3 }, { rowBlock: 8 }, { rowBlock: 32 }, { rowFusion: false }, { stabilize: false }])
    test(JSON.stringify(opts), () => {
      const prog = parseProgram(`${DECLS}\nJ = ${seed}\nG = ${grad}\nJ`);
      const nodes = [prog.scope.definition('J')!.node, prog.scope.definition('G')!.node];
      const rng = makeRng(99);
      const failures: string[] = [];
      for (const [m, n] of [...SIZES, [300, 3], [517, 2]] as [number, number][]) {
        const env = randomEnv(prog.graph, nodes, rng, {
          sizes: new Map([
            ['m', m],
            ['n', n],
          ]),
        });
        failures.push(...checkInterp(prog.graph, nodes, env, opts, `m=${m}, n=${n}`).failures);
      }
      expect(failures).toEqual([]);
    });

  test('a block of rows is one pass: stats and the printed IR agree', () => {
    const prog = parseProgram(`${DECLS}\nJ = ${seed}\nG = ${grad}\nJ`);
    const ev = compileInterp(prog.graph, [prog.scope.definition('J')!.node, prog.scope.definition('G')!.node], { rowBlock: 3 });
    expect(ev.stats.rowFusedPasses).toBe(1);
    expect(ev.text).toContain('rows[block=3] A x {');
  });
});
