/** Shared setup of the REPL file tests: a fresh temporary directory per test, and running a line. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Session, render } from '../../src/repl';

/** A new empty directory before each test (removed after it); call the result for its path. */
export function tempDirPerTest(prefix: string): () => string {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

/** One line of REPL input, its reply as plain text. */
export const run = (s: Session, input: string): string => render(s.execute(input), false);
