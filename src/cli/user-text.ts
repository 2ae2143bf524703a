/**
 * Bytes from a user's file (a program, a data file, standard input) to text, for the CLI and
 * the REPL alike. Binary files are refused before anything parses them (a NUL byte, or bytes
 * that are not UTF-8: `:load /bin/ls` used to print the binary back in an error); a leading
 * UTF-8 byte order mark, which editors on Windows write, is dropped.
 */
import { MatdiffError } from '../core/errors';

const BOM = '\ufeff';

/** `text` without a leading byte order mark. */
export const stripBom = (text: string): string => (text.startsWith(BOM) ? text.slice(1) : text);

function binary(what: string, why: string): MatdiffError {
  return new MatdiffError('usage', `${what} is not a text file: ${why}`, undefined, 'give a UTF-8 text file (a program in the matdiff notation, or JSON data)');
}

/** Refuse text that holds a NUL character (a binary file read as text). */
export function requireNoNul(text: string, what: string): string {
  const nul = text.indexOf('\0');
  if (nul >= 0) throw binary(what, `it contains a NUL character (at character ${nul + 1})`);
  return text;
}

/** The UTF-8 text of `bytes` without a BOM; a MatdiffError naming `what` if it is binary. */
export function decodeUserText(bytes: Uint8Array, what: string): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw binary(what, `it contains a NUL byte (at byte ${nul})`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const bad = lenient.indexOf('\ufffd');
    const at = bad < 0 ? '' : ` (at byte ${Buffer.byteLength(lenient.slice(0, bad), 'utf8')})`;
    throw binary(what, `it is not valid UTF-8${at}`);
  }
  return stripBom(text);
}
