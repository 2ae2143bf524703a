/**
 * Numbers for a terminal, bounded: a tensor prints in full when it is small, else its first
 * and last rows and columns with … / ⋮ where it was cut, and its shape (`check` with a 3000×3000
 * counterexample printed 106 MB). Used by the CLI's `check` and the REPL's `check` and `:eval`.
 */
import { Verdict, formatNumber, formatTensor, formatVerdict } from '../check';
import type { Format } from '../print';
import { Tensor } from '../eval/tensor';

/** Entries of a vector shown in full; a longer one shows its first and last EDGE_ITEMS (NumPy's summary). */
export const VECTOR_MAX = 20;
/** Rows (and columns) of a matrix shown in full; past that, the first and last EDGE_ITEMS of them. */
export const MATRIX_MAX = 12;
/** Entries shown at each end of a summarized axis (NumPy's edgeitems). */
export const EDGE_ITEMS = 3;

const isSmall = (t: Tensor) => (t.rows === 1 || t.cols === 1 ? t.rows * t.cols <= VECTOR_MAX : t.rows <= MATRIX_MAX && t.cols <= MATRIX_MAX);

/** The indices shown along an axis of length n (-1 where the ones left out go), all of them when n <= max. */
function shownIndices(n: number, max: number): number[] {
  if (n <= max || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i);
  return [...head, -1, ...tail];
}

/**
 * formatTensor (src/check/format.ts) for a terminal: the same when small or when `full`; else,
 * as NumPy prints a large array, the first and last EDGE_ITEMS entries of each long axis with `…`
 * (and `⋮` for rows) where the rest was left out, then the shape.
 */
export function formatTensorBounded(t: Tensor, indent = 0, full = false): string {
  if (isSmall(t)) return formatTensor(t, indent);
  // In full, everything; no spread of a row count into arguments (a 200,000-row matrix would overflow it).
  const [vmax, mmax, shape] = full ? [Infinity, Infinity, ''] : [VECTOR_MAX, MATRIX_MAX, `  (${t.rows}×${t.cols})`];
  if (t.cols === 1 || t.rows === 1) {
    const cells = shownIndices(t.rows * t.cols, vmax).map((k) => (k < 0 ? '…' : formatNumber(t.data[k])));
    return `[${cells.join(t.cols === 1 ? '; ' : ', ')}]${shape}`;
  }
  const rows = shownIndices(t.rows, mmax);
  const cols = shownIndices(t.cols, mmax);
  const cell = (i: number, j: number) => (j < 0 ? '…' : i < 0 ? '⋮' : formatNumber(t.data[i * t.cols + j]));
  const widths = cols.map((j) => rows.reduce((w, i) => Math.max(w, cell(i, j).length), 0));
  const lines = rows.map((i, r) => {
    const row = cols.map((j, c) => cell(i, j).padStart(widths[c])).join('  ');
    return (r === 0 ? '[' : ' '.repeat(indent) + ' ') + row + (r === rows.length - 1 ? ']' : '');
  });
  return lines.join('\n') + shape;
}

const sizesText = (sizes: ReadonlyMap<string, number>) =>
  [...sizes]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([d, v]) => `${d} = ${v}`)
    .join(', ');

/**
 * formatVerdict (src/check/format.ts) for a terminal: the same text, except that the
 * counterexample's tensors are bounded (the lines are laid out as formatVerdict lays them out).
 */
export function formatVerdictBounded(v: Verdict, format: Format = 'unicode'): string {
  const c = v.counterexample;
  if (format === 'json' || !c || [...c.inputs.values(), c.truth, c.claim].every(isSmall)) return formatVerdict(v, format);
  const label = v.truthLabel.replace(/^the /, '');
  const names = [...c.inputs.keys()];
  const width = Math.max(label.length, 'claim'.length, ...names.map((n) => n.length));
  const line = (name: string, t: Tensor) => `  ${name.padEnd(width)} = ${formatTensorBounded(t, 2 + width + 3)}`;
  const sizes = c.sizes.size ? ` (${sizesText(c.sizes)})` : '';
  return [
    formatVerdict({ ...v, counterexample: undefined }, format),
    `counterexample${sizes}:`,
    ...names.map((n) => line(n, c.inputs.get(n)!)),
    line(label, c.truth),
    line('claim', c.claim),
  ].join('\n');
}
