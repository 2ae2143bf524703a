/**
 * Dimensions and shapes. A dimension is a positive integer or a symbol (`m`, `n`).
 * Every node has a shape {rows, cols}; a scalar is 1×1, a column vector is n×1.
 * Symbols are compared by name only: `m` and `n` are different dimensions even if
 * they happen to be equal at run time, which is what lets `A*b` fail before any number is seen.
 */
export type Dim = number | string;

export interface Shape {
  readonly rows: Dim;
  readonly cols: Dim;
}

export const SCALAR: Shape = Object.freeze({ rows: 1, cols: 1 });

export function shape(rows: Dim, cols: Dim): Shape {
  return rows === 1 && cols === 1 ? SCALAR : Object.freeze({ rows, cols });
}

export const isScalar = (s: Shape): boolean => s.rows === 1 && s.cols === 1;
export const isColumn = (s: Shape): boolean => s.cols === 1 && s.rows !== 1;
export const isRow = (s: Shape): boolean => s.rows === 1 && s.cols !== 1;
export const isSquare = (s: Shape): boolean => s.rows === s.cols;
export const sameShape = (a: Shape, b: Shape): boolean => a.rows === b.rows && a.cols === b.cols;
export const transposed = (s: Shape): Shape => shape(s.cols, s.rows);

/** `m×n`, `n` for a column vector, `scalar` for 1×1: the way error messages name a shape. */
export function describeShape(s: Shape): string {
  if (isScalar(s)) return 'scalar';
  if (isColumn(s)) return `vector(${s.rows})`;
  if (isRow(s)) return `row vector(${s.cols}) (1×${s.cols})`;
  return `matrix(${s.rows}, ${s.cols}) (${s.rows}×${s.cols})`;
}

export const shapeKey = (s: Shape): string => `${s.rows}x${s.cols}`;

/** The symbols a shape mentions, for binding them to sizes at evaluation time. */
export function dimSymbols(s: Shape): string[] {
  return [s.rows, s.cols].filter((d): d is string => typeof d === 'string');
}
