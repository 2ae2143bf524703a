/**
 * Where the CLI reads and writes. `main` takes an Io so that tests run commands in-process with
 * captured output and a given standard input; the real binary uses the process's streams.
 */
import { decodeUserText } from './user-text';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** All of standard input as text, for PROGRAM `-` (binary input is refused). */
  readonly readStdin: () => Promise<string>;
  /** The working directory that relative paths are read from and written to. */
  readonly cwd: string;
  /** Standard output is a terminal: expressions print in Unicode by default (else in text). */
  readonly isTTY?: boolean;
}

function readProcessStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => {
      try {
        resolve(decodeUserText(Buffer.concat(chunks), 'standard input'));
      } catch (e) {
        reject(e);
      }
    });
    process.stdin.on('error', reject);
  });
}

export const processIo = (): Io => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: readProcessStdin,
  cwd: process.cwd(),
  isTTY: process.stdout.isTTY === true,
});
