/**
 * Verdicts for people (`formatVerdict`) and for programs (`verdictToJSON`). Expressions are
 * printed in the format asked for; diagnoses name terms and factors in the text notation, which
 * can be pasted back into a program.
 */
import { describeShape } from '../core/dims';
import { Format, print, printText } from '../print';
import { Tensor } from '../eval/tensor';
import { Counterexample, Verdict } from './verdict';

/** Four significant digits, no trailing zeros: 0.1235, -2, 1.5e-7. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  return String(Number(v.toPrecision(4)));
}

/**
 * A tensor as a person reads it: a number, `[a; b; c]` for a column vector, `[a, b]` for a row,
 * and an aligned block of rows for a matrix (continuation lines indented by `indent`).
 */
export function formatTensor(t: Tensor, indent = 0): string {
  const cells = Array.from(t.data, formatNumber);
  if (t.rows === 1 && t.cols === 1) return cells[0];
  if (t.cols === 1) return `[${cells.join('; ')}]`;
  if (t.rows === 1) return `[${cells.join(', ')}]`;
  const widths = Array.from({ length: t.cols }, (_, j) => Math.max(...Array.from({ length: t.rows }, (_, i) => cells[i * t.cols + j].length)));
  const lines: string[] = [];
  for (let i = 0; i < t.rows; i++) {
    const row = widths.map((w, j) => cells[i * t.cols + j].padStart(w)).join('  ');
    const open = i === 0 ? '[' : ' ';
    const close = i === t.rows - 1 ? ']' : '';
    lines.push((i === 0 ? '' : ' '.repeat(indent)) + open + row + close);
  }
  return lines.join('\n');
}

const sizesText = (sizes: ReadonlyMap<string, number>) =>
  [...sizes]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([d, v]) => `${d} = ${v}`)
    .join(', ');

function counterexampleLines(c: Counterexample, truthLabel: string): string[] {
  const label = truthLabel.replace(/^the /, '');
  const names = [...c.inputs.keys()];
  const width = Math.max(label.length, 'claim'.length, ...names.map((n) => n.length));
  const line = (name: string, t: Tensor) => `  ${name.padEnd(width)} = ${formatTensor(t, 2 + width + 3)}`;
  const sizes = c.sizes.size ? ` (${sizesText(c.sizes)})` : '';
  return [`counterexample${sizes}:`, ...names.map((n) => line(n, c.inputs.get(n)!)), line(label, c.truth), line('claim', c.claim)];
}

export function formatVerdict(v: Verdict, format: Format = 'unicode'): string {
  if (format === 'json') return JSON.stringify(verdictToJSON(v), null, 2);
  if (v.equal)
    return v.method === 'symbolic'
      ? 'equal, symbolically'
      : `equal numerically on ${v.instances} random instances (max relative difference ${v.maxRelDiff.toExponential(1)})`;
  const out = [`different (relative difference up to ${formatNumber(v.maxRelDiff)} on ${v.instances} random instances)`];
  if (v.diagnosis) out.push(`diagnosis: ${v.diagnosis.summary}`);
  out.push(`${v.truthLabel} is ${print(v.truth, format)}`);
  if (v.counterexample) out.push(...counterexampleLines(v.counterexample, v.truthLabel));
  return out.join('\n');
}

type Json = number | number[] | number[][];
const tensorJSON = (t: Tensor): Json => {
  if (t.rows === 1 && t.cols === 1) return t.data[0];
  if (t.cols === 1 || t.rows === 1) return Array.from(t.data);
  return Array.from({ length: t.rows }, (_, i) => Array.from(t.data.subarray(i * t.cols, (i + 1) * t.cols)));
};

/** The verdict as plain JSON (expressions in the text notation). */
export function verdictToJSON(v: Verdict) {
  const d = v.diagnosis;
  const c = v.counterexample;
  return {
    equal: v.equal,
    method: v.method,
    instances: v.instances,
    maxRelDiff: v.maxRelDiff,
    truth: printText(v.truth),
    claim: printText(v.claim),
    shape: describeShape(v.truth.shape),
    diagnosis: d && {
      kind: d.kind,
      summary: d.summary,
      ...(d.kind === 'factor' ? { factor: printText(d.factor), label: d.label } : {}),
      ...(d.kind === 'missing-term' || d.kind === 'extra-term' || d.kind === 'term-sign' ? { term: printText(d.term) } : {}),
    },
    counterexample: c && {
      sizes: Object.fromEntries(c.sizes),
      inputs: Object.fromEntries([...c.inputs].map(([k, t]) => [k, tensorJSON(t)])),
      truth: tensorJSON(c.truth),
      claim: tensorJSON(c.claim),
      relDiff: c.relDiff,
    },
  };
}
