/** Styled REPL output, free of any terminal: the front end decides whether styles become colours. */
import { escapeControls } from '../core/terminal-text';

export type Style = 'plain' | 'dim' | 'error' | 'good' | 'bad';

export interface Chunk {
  readonly text: string;
  readonly style: Style;
}

/**
 * What an input came to, when not plain success: a check that found the claim different, bad
 * input (a located error), an internal error (a bug), or an input stopped by Ctrl-C.
 */
export type Outcome = 'different' | 'error' | 'internal' | 'interrupted';

export interface Reply {
  readonly chunks: readonly Chunk[];
  /** The user asked to leave. */
  readonly quit?: boolean;
  readonly outcome?: Outcome;
}

/** The exit status an outcome gives a non-interactive session: the CLI's (1 different, 2 bad input, 3 internal), 130 (128 + SIGINT, as shells say) for an input stopped by Ctrl-C. */
export const outcomeCode = (o: Outcome | undefined): number =>
  o === 'different' ? 1 : o === 'error' ? 2 : o === 'internal' ? 3 : o === 'interrupted' ? 130 : 0;

export const chunk = (text: string, style: Style = 'plain'): Chunk => ({ text, style });

export type DisplayFormat = 'unicode' | 'text' | 'latex';
export const DISPLAY_FORMATS: readonly DisplayFormat[] = ['unicode', 'text', 'latex'];

/** How numbers are printed: the first and last entries of large values (NumPy's summary), or everything. */
export type PrintMode = 'short' | 'full';
export const PRINT_MODES: readonly PrintMode[] = ['short', 'full'];

const ANSI: Record<Style, [string, string]> = {
  plain: ['', ''],
  dim: ['\x1b[2m', '\x1b[22m'],
  error: ['\x1b[31m', '\x1b[39m'],
  good: ['\x1b[32m', '\x1b[39m'],
  bad: ['\x1b[1;31m', '\x1b[22;39m'],
};

/**
 * The reply as text, with ANSI colours only when asked. This is the REPL's output boundary:
 * control characters that reached a chunk from user text are escaped here, before any colour.
 */
export const render = (r: Reply, colour: boolean): string =>
  r.chunks
    .map((c) => {
      const text = escapeControls(c.text);
      return colour && text ? ANSI[c.style][0] + text + ANSI[c.style][1] : text;
    })
    .join('');
