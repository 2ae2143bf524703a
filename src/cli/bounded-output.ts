/**
 * Numbers for a terminal, bounded: a tensor prints in full when it is small, else its first
 * rows and columns with ⋯ / ⋮ where it was cut and its shape (`check` with a 3000×3000
 * counterexample printed 106 MB). Used by the CLI's `check` and the REPL's `check` and `:eval`.
 */
import { Verdict, formatTensor, formatVerdict } from '../check';
import type { Format } from '../print';
import { Tensor, tensor } from '../eval/tensor';

/** Entries of a vector shown in full; a longer one shows its first VECTOR_HEAD. */
export const VECTOR_MAX = 50;
export const VECTOR_HEAD = 20;
/** Rows (and columns) of a matrix shown in full; a larger one shows its first MATRIX_HEAD. */
export const MATRIX_MAX = 12;
export const MATRIX_HEAD = 8;

const isSmall = (t: Tensor) =>
  t.rows === 1 || t.cols === 1 ? t.rows * t.cols <= VECTOR_MAX : t.rows <= MATRIX_MAX && t.cols <= MATRIX_MAX;

/** The top-left r×c block of `t`. */
function head(t: Tensor, r: number, c: number): Tensor {
  const out = tensor(r, c);
  for (let i = 0; i < r; i++) out.data.set(t.data.subarray(i * t.cols, i * t.cols + c), i * c);
  return out;
}

/** formatTensor (src/check/format.ts) for a terminal: the same when small, the first entries and the shape when not. */
export function formatTensorBounded(t: Tensor, indent = 0): string {
  if (isSmall(t)) return formatTensor(t, indent);
  if (t.cols === 1 || t.rows === 1) {
    const k = VECTOR_HEAD;
    const shown = formatTensor(t.cols === 1 ? head(t, k, 1) : head(t, 1, k), indent);
    const sep = t.cols === 1 ? ';' : ',';
    return `${shown.slice(0, -1)}${sep} …]  (${t.rows}×${t.cols}: the first ${k} of ${t.rows * t.cols} entries)`;
  }
  const r = Math.min(t.rows, MATRIX_HEAD);
  const c = Math.min(t.cols, MATRIX_HEAD);
  const lines = formatTensor(head(t, r, c), indent).split('\n');
  const moreCols = c < t.cols;
  const moreRows = r < t.rows;
  const out = lines.map((l, i) => {
    const last = i === lines.length - 1;
    const body = last ? l.slice(0, -1) : l;
    return body + (moreCols ? '  ⋯' : '') + (last && !moreRows ? ']' : '');
  });
  if (moreRows) out.push(' '.repeat(indent) + ' ⋮]');
  out[out.length - 1] += `  (${t.rows}×${t.cols}: the first ${r} rows and ${c} columns)`;
  return out.join('\n');
}

const sizesText = (sizes: ReadonlyMap<string, number>) =>
  [...sizes].sort(([a], [b]) => a.localeCompare(b)).map(([d, v]) => `${d} = ${v}`).join(', ');

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
