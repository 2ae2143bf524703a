/**
 * Drive the REPL in-process through PassThrough streams, as a piped session would, but with
 * prompts (a piped session prints none), so that the transcript splits into one reply per input.
 */
import { PassThrough } from 'stream';
import { ReplOptions, startRepl } from '../../src/repl';

export const PROMPT = 'matdiff> ';

export interface Transcript {
  /** Everything written to the output. */
  readonly raw: string;
  /** The banner, then one reply per prompt (what was printed after each input). */
  readonly replies: string[];
}

/** Feed `lines` (then :quit) and collect the output once the REPL has closed. */
export function drive(lines: readonly string[], opts: Omit<ReplOptions, 'input' | 'output'> = {}): Promise<Transcript> {
  const input = new PassThrough();
  const output = new PassThrough();
  let raw = '';
  output.on('data', (d: Buffer) => (raw += d.toString('utf8')));
  const server = startRepl({ historyFile: null, terminal: false, prompts: true, ...opts, input, output });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`REPL did not finish; output so far:\n${raw}`)), 20000);
    server.on('exit', () => {
      clearTimeout(timer);
      const [banner, ...rest] = raw.split(PROMPT);
      resolve({ raw, replies: [banner, ...rest.map((r) => r.replace(/\n$/, ''))] });
    });
    input.write([...lines, ':quit'].join('\n') + '\n');
  });
}
