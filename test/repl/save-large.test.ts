/**
 * `:save` is linear in the session's size (issue 8, finding 21): 10,000 definitions used to take
 * more than 5 minutes (every definition re-parsed the whole program before it); now seconds.
 * The file still parses back to the same state and still refers to earlier definitions by name.
 */
import * as fs from 'fs';
import * as path from 'path';
import { printText } from '../../src/print';
import { Session } from '../../src/repl';
import { run, tempDirPerTest } from './session-helpers';

const tmp = tempDirPerTest('matdiff-savebig-');

test('10,000 definitions save in a few seconds and load back the same', () => {
  const n = 10_000;
  // Each definition builds on the one before (the fold has to find it) or stands alone.
  const lines = ['x : vector(n)', 'A : matrix(n, n)', 'd0 = sum(x)'];
  for (let i = 1; i < n; i++) lines.push(i % 2 ? `d${i} = d${i - 1} * 2 + sum(exp(x))` : `d${i} = sum(A*x) + ${i}`);
  fs.writeFileSync(path.join(tmp(), 'in.matdiff'), lines.join('\n') + '\n');
  const s = new Session({ cwd: tmp() });
  expect(run(s, ':load in.matdiff')).toMatch(/^loaded in\.matdiff: 2 declarations, 10000 definitions/);

  const t0 = Date.now();
  expect(run(s, ':save out.matdiff')).toBe('saved 2 declarations and 10000 definitions to out.matdiff');
  const seconds = (Date.now() - t0) / 1000;
  expect(seconds).toBeLessThan(10);

  const text = fs.readFileSync(path.join(tmp(), 'out.matdiff'), 'utf8');
  expect(text).toContain('\nd1 = sum(exp(x)) + 2 * d0\n');
  expect(text).toContain(`\nd${n - 1} = sum(exp(x)) + 2 * d${n - 2}\n`);
  const t = new Session({ cwd: tmp() });
  expect(run(t, ':load out.matdiff')).toMatch(/^loaded out\.matdiff: 2 declarations, 10000 definitions/);
  for (const name of ['d0', 'd1', 'd2', 'd501', 'd5000', `d${n - 1}`])
    expect(printText(t.scope.definition(name)!.node)).toBe(printText(s.scope.definition(name)!.node));
}, 120_000);

test('a definition whose folded form would change its meaning is written in full', () => {
  const s = new Session({ cwd: tmp() });
  // r is redefined after J used it: folding J's A*x into r would now mean the new r.
  run(s, 'A : matrix(m, n)');
  run(s, 'x : vector(n)');
  run(s, 'r = A*x');
  run(s, 'J = sum(exp(A*x))');
  run(s, 'r = 2*A*x');
  expect(run(s, ':save s.matdiff')).toBe('saved 2 declarations and 2 definitions to s.matdiff');
  const t = new Session({ cwd: tmp() });
  run(t, ':load s.matdiff');
  expect(run(t, ':vars')).toBe(run(s, ':vars'));
});
