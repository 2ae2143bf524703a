/**
 * Dimensions and shapes. A dimension is a positive integer, a symbol (`m`, `n`), or a product
 * of symbols and an integer (`m*n`, `2*n`: the length of vec(X), the rows of kron(A, B)),
 * written with its factors sorted so that equal products are equal strings.
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

/** The integer coefficient and the symbol factors of a dimension: `2*m*n` → [2, ['m', 'n']]. */
export function dimFactors(d: Dim): [number, string[]] {
  if (typeof d === 'number') return [d, []];
  let k = 1;
  const symbols: string[] = [];
  for (const f of d.split('*')) {
    if (/^\d+$/.test(f)) k *= Number(f);
    else symbols.push(f);
  }
  return [k, symbols];
}

/** The product of two dimensions, in canonical form. */
export function dimProduct(a: Dim, b: Dim): Dim {
  const [ka, sa] = dimFactors(a);
  const [kb, sb] = dimFactors(b);
  const k = ka * kb;
  const symbols = [...sa, ...sb].sort();
  if (symbols.length === 0) return k;
  return [...(k === 1 ? [] : [String(k)]), ...symbols].join('*');
}

/** The size of a dimension, given the sizes of its symbols (undefined when one is unknown). */
export function dimSizeWith(d: Dim, sizeOf: (symbol: string) => number | undefined): number | undefined {
  const [k, symbols] = dimFactors(d);
  let n = k;
  for (const s of symbols) {
    const v = sizeOf(s);
    if (v === undefined) return undefined;
    n *= v;
  }
  return n;
}

/** The symbols a shape mentions (the factors of products), for binding them to sizes at evaluation time. */
export function dimSymbols(s: Shape): string[] {
  return [s.rows, s.cols].flatMap((d) => dimFactors(d)[1]);
}
