/**
 * `:load` is transactional and copes with large files (issue 8, finding 17): a 100,000-line file
 * loads (it used to overflow the stack after committing every line), and a load that fails at any
 * point, even after parsing, changes nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LOAD_ECHO_LIMIT } from '../../src/repl/commands';
import { Session } from '../../src/repl';
import { run, tempDirPerTest } from './session-helpers';

const tmp = tempDirPerTest('matdiff-load-');

test('a 100,000-line file loads in a few seconds, echoing only the first statements', () => {
  const n = 100_000;
  const lines = ['x : vector(n)', ...Array.from({ length: n - 1 }, (_, i) => `d${i} = sum(x) + ${i}`)];
  fs.writeFileSync(path.join(tmp(), 'big.mdf'), lines.join('\n') + '\n');
  const s = new Session({ cwd: tmp() });
  const t0 = Date.now();
  const out = run(s, ':load big.mdf');
  const seconds = (Date.now() - t0) / 1000;
  const shown = out.split('\n');
  expect(shown[0]).toBe(`loaded big.mdf: 1 declaration, ${n - 1} definitions`);
  expect(shown[1]).toBe('x : vector(n)');
  expect(shown[2]).toBe('d0 = sum(x)  : scalar');
  expect(shown).toHaveLength(1 + LOAD_ECHO_LIMIT + 1);
  expect(shown[shown.length - 1]).toBe(`… and ${n - LOAD_ECHO_LIMIT} more statements (:vars lists what is defined)`);
  expect(s.scope.definitions.size).toBe(n - 1);
  expect(run(s, `d${n - 2}`)).toBe(`sum(x) + ${n - 2}  : scalar`);
  expect(seconds).toBeLessThan(20);
}, 60_000);

test('a file with an error on its last line changes nothing', () => {
  const lines = ['y : vector(m)', ...Array.from({ length: 1000 }, (_, i) => `e${i} = sum(y) * ${i}`), 'bad = y * y'];
  fs.writeFileSync(path.join(tmp(), 'bad.mdf'), lines.join('\n') + '\n');
  const s = new Session({ cwd: tmp() });
  run(s, 'x : vector(n)');
  expect(run(s, ':load bad.mdf')).toMatch(/^bad\.mdf:1002:7: /);
  expect([...s.scope.declarations.keys()]).toEqual(['x']);
  expect(s.scope.definitions.size).toBe(0);
  expect([...s.scope.dimensions.keys()]).toEqual(['n']);
});

test('a failure after the file parsed (while echoing it) changes nothing either', () => {
  fs.writeFileSync(path.join(tmp(), 'ok.mdf'), 'y : vector(m)\nJ = sum(y)\n');
  const s = new Session({ cwd: tmp() });
  run(s, 'x : vector(n)');
  const original = s.show.bind(s);
  s.show = () => {
    throw new Error('printer failed');
  };
  expect(run(s, ':load ok.mdf')).toMatch(/^internal error: printer failed\n\(this is a bug in matdiff; the session is unchanged\)/);
  expect([...s.scope.declarations.keys()]).toEqual(['x']);
  expect(s.scope.definitions.size).toBe(0);
  // The same holds for a line typed at the prompt.
  expect(run(s, 'K = sum(x)')).toMatch(/^internal error: printer failed/);
  expect(s.scope.definitions.size).toBe(0);
  s.show = original;
  expect(run(s, ':load ok.mdf')).toBe('loaded ok.mdf: 1 declaration, 1 definition\ny : vector(m)\nJ = sum(y)  : scalar');
  expect([...s.scope.declarations.keys()]).toEqual(['x', 'y']);
});
