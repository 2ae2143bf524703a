/**
 * Where the CLI reads and writes. `main` takes an Io so that tests run commands in-process with
 * captured output and a given standard input; the real binary uses the process's streams.
 */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** All of standard input, for PROGRAM `-`. */
  readonly readStdin: () => Promise<string>;
  /** The working directory that relative paths are read from and written to. */
  readonly cwd: string;
}

function readProcessStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

export const processIo = (): Io => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: readProcessStdin,
  cwd: process.cwd(),
});
