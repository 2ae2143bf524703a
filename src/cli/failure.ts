/**
 * Errors to exit codes. A MatdiffError is bad input: it is printed with formatError (user text
 * escaped and capped) against the text it points into (the program, the data file, the --expect
 * claim) and the CLI exits 2.
 * Anything else is a bug in matdiff: "internal error" with its message (the stack only with
 * MATDIFF_DEBUG=1), exit 3.
 */
import { MatdiffError } from '../core/errors';
import { formatError } from '../core/report';
import { VerificationError } from '../derive';

export const EXIT_OK = 0;
export const EXIT_DIFFERENT = 1; // `check`: the claim is not equal
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 3;

/** A text the user gave and the name it is reported under (a file path, `<stdin>`, `<-e>`). */
export interface Source {
  readonly text: string;
  readonly file: string;
}

/** A MatdiffError together with the text its span points into. */
export class LocatedFailure extends Error {
  constructor(
    readonly error: MatdiffError,
    readonly source: Source | undefined,
  ) {
    super(error.message);
  }
}

/** Run `f`; a MatdiffError it throws is reported against `source`. */
export function within<T>(source: Source, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof MatdiffError) throw new LocatedFailure(e, source);
    throw e;
  }
}

/** The message for an error and the exit code it gives. */
export function report(e: unknown): { text: string; code: number } {
  if (e instanceof LocatedFailure) return { text: formatError(e.error, e.source?.text, e.source?.file ?? 'matdiff'), code: EXIT_BAD_INPUT };
  if (e instanceof MatdiffError) return { text: formatError(e, undefined, 'matdiff'), code: EXIT_BAD_INPUT };
  // A bug in matdiff: named, with what to report, and no stack trace (MATDIFF_DEBUG=1 shows it).
  const detail = e instanceof VerificationError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const stack = process.env.MATDIFF_DEBUG && e instanceof Error && e.stack ? `\n${e.stack}` : '';
  return { text: `matdiff: internal error (a bug in matdiff; please report it with the command you ran)\n${detail}${stack}`, code: EXIT_INTERNAL };
}
