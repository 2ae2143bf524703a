/**
 * JSON for people and programs at once: objects one key per line, vectors on one line,
 * matrices one row per line. Numbers print in full precision (shortest round-trip form);
 * a non-finite number prints as null (JSON has no NaN), and the caller is told so.
 */
export type JsonOut = number | readonly number[] | readonly (readonly number[])[] | { readonly [key: string]: JsonOut };

const num = (v: number) => (Number.isFinite(v) ? JSON.stringify(v) : 'null');
const isRows = (v: readonly unknown[]): v is readonly (readonly number[])[] => v.length > 0 && Array.isArray(v[0]);

export function formatJson(v: JsonOut, indent = ''): string {
  if (typeof v === 'number') return num(v);
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (isRows(v)) return `[\n${v.map((r) => inner + '[' + r.map(num).join(', ') + ']').join(',\n')}\n${indent}]`;
    return '[' + (v as readonly number[]).map(num).join(', ') + ']';
  }
  const entries = Object.entries(v as { [key: string]: JsonOut });
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${formatJson(x, inner)}`).join(',\n')}\n${indent}}`;
}

/** Whether any number in `v` is NaN or infinite. */
export function hasNonFinite(v: JsonOut): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (Array.isArray(v)) return (v as readonly JsonOut[]).some(hasNonFinite);
  return Object.values(v as { [key: string]: JsonOut }).some(hasNonFinite);
}
