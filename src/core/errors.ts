/**
 * Every error a user can cause is a MatdiffError: it carries what is wrong, where
 * (a source range, when the input had one), and what would be right (a hint).
 * Internal invariant violations are plain Errors: they are bugs, not bad input.
 */
export interface Position {
  readonly offset: number; // 0-based character offset into the source
  readonly line: number; // 1-based
  readonly col: number; // 1-based
}

export interface Span {
  readonly start: Position;
  readonly end: Position; // exclusive
}

export type ErrorKind =
  | 'lex' // an unknown character
  | 'syntax' // an unexpected token or end of input
  | 'name' // undeclared, declared twice, unknown function
  | 'declaration' // a malformed declaration
  | 'arity' // a function called with the wrong number of arguments
  | 'shape' // dimensions that do not agree
  | 'data' // numbers given for evaluation that do not fit the declarations
  | 'domain' // no inputs where the expression is defined (or too large to sample)
  | 'unsupported' // something matdiff cannot do (yet), named
  | 'usage'; // a CLI or API call that does not make sense

export class MatdiffError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly span?: Span,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'MatdiffError';
  }

  /** The same error, located at `span` unless it already has a location. */
  at(span: Span | undefined): MatdiffError {
    if (this.span || !span) return this;
    return new MatdiffError(this.kind, this.message, span, this.hint);
  }
}

export class ShapeError extends MatdiffError {
  constructor(message: string, span?: Span, hint?: string) {
    super('shape', message, span, hint);
    this.name = 'ShapeError';
  }
  override at(span: Span | undefined): MatdiffError {
    if (this.span || !span) return this;
    return new ShapeError(this.message, span, this.hint);
  }
}

export class UnsupportedError extends MatdiffError {
  constructor(message: string, span?: Span, hint?: string) {
    super('unsupported', message, span, hint);
    this.name = 'UnsupportedError';
  }
}
