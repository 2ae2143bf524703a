/** Run the CLI in-process with captured output, in a scratch directory of fixture files. */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { main } from '../../src/cli/main';

export const SEED = `# logistic regression (examples/seed.matdiff)
A : matrix(m, n)
x : vector(n)
b : vector(m)
J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))
J
`;

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A scratch directory holding `files`; commands run with it as their working directory. */
export function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'matdiff-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** `isTTY`: run as if standard output were a terminal (the default format is then unicode). */
export async function cli(argv: readonly string[], opts: { cwd?: string; stdin?: string; isTTY?: boolean } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => {
      if (opts.stdin === undefined) throw new Error('test: the command read standard input unexpectedly');
      return opts.stdin;
    },
    cwd: opts.cwd ?? process.cwd(),
    isTTY: opts.isTTY ?? false,
  });
  return { code, stdout, stderr };
}
