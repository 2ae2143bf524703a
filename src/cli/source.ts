/** PROGRAM: a file path, `-` for standard input, or inline text with `-e '...'`. */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { MatdiffError } from '../core/errors';
import { Source } from './failure';
import { Io } from './io';
import { decodeUserText, requireNoNul, stripBom } from './user-text';

export interface ProgramArgs {
  readonly program?: string;
  readonly expr?: string;
  /** --of NAME: the definition to work on instead of the program's last expression. */
  readonly of?: string;
}

/** A program to paste into a POSIX shell: double quotes, so the transpose's ' needs no escape. */
export const EXAMPLE_INLINE = `-e "x : vector(n); x' * x"`;

export const INLINE_FILE = '<-e>';
export const STDIN_FILE = '<stdin>';

/** Read a file the user named; a missing, unreadable or binary file is bad input, not a crash. */
export function readUserFile(path: string, io: Io, what: string): Source {
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(io.cwd, path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new MatdiffError('usage', `cannot read ${what} ${path}: ${why}`, undefined, `check the path (relative to ${io.cwd})`);
  }
  return { text: decodeUserText(bytes, `${what} ${path}`), file: path };
}

export async function readProgram(args: ProgramArgs, io: Io): Promise<Source> {
  if (args.expr !== undefined && args.program !== undefined)
    throw new MatdiffError(
      'usage',
      `give the program either as a file (${args.program}) or inline with -e, not both`,
      undefined,
      `e.g. npx matdiff print model.matdiff, or npx matdiff print ${EXAMPLE_INLINE}`,
    );
  if (args.expr !== undefined) return { text: stripBom(args.expr), file: INLINE_FILE };
  if (args.program === undefined)
    throw new MatdiffError(
      'usage',
      'no program given',
      undefined,
      `give a file (model.matdiff), - for standard input, or the program inline: ${EXAMPLE_INLINE}`,
    );
  if (args.program === '-') return { text: requireNoNul(stripBom(await io.readStdin()), 'standard input'), file: STDIN_FILE };
  return readUserFile(args.program, io, 'program file');
}
