/**
 * A definition too large to print as a tree is saved with its shared subexpressions named
 * (`t1 = …` lines before it), and the file loads back to the same definitions.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Session } from '../../src/repl';
import { run, tempDirPerTest } from './session-helpers';

const tmp = tempDirPerTest('matdiff-saveshared-');

test('a 14-level softmax gradient saves with named subexpressions and loads back as the same node', () => {
  const s = new Session({ cwd: tmp() });
  run(s, 'x : vector(n)');
  run(s, 't1 : scalar'); // a name the helper names must skip
  let e = 'x';
  for (let i = 0; i < 14; i++) e = `softmax(${e})`;
  run(s, `g = grad(sum(log(${e})), x)`);
  run(s, 'h = sum(g)');
  expect(run(s, ':save out.mdf')).toMatch(/^saved 2 declarations and 2 definitions to out\.mdf/);
  const text = fs.readFileSync(path.join(tmp(), 'out.mdf'), 'utf8');
  expect(text.length).toBeLessThan(200_000);
  expect(text).toMatch(/\nt2 = /); // shared subexpressions are named, skipping the declared t1
  const t = new Session({ cwd: tmp() });
  expect(run(t, ':load out.mdf')).toMatch(/^loaded out\.mdf/);
  const same = (name: string) => {
    const a = s.scope.definition(name)!.node;
    const b = t.scope.definition(name)!.node;
    return a.size === b.size && a.shape.rows === b.shape.rows;
  };
  expect(same('g')).toBe(true);
  expect(same('h')).toBe(true);
});
