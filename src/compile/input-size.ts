/**
 * The length of a resident input's buffer, `ev.input(name, dims)` on every backend: the input's
 * shape under the sizes given for its symbolic dimensions, with errors that say which size is
 * missing.
 */
import { MatdiffError } from '../core/errors';
import { EvaluatorSpec } from './types';

export function inputLength(spec: EvaluatorSpec, name: string, dims?: Readonly<Record<string, number>>): number {
  const s = spec.inputs.find((i) => i.name === name);
  if (!s) throw new MatdiffError('usage', `${name} is not an input of this evaluator`, undefined, `inputs: ${spec.inputs.map((i) => i.name).join(', ')}`);
  const size = (d: string | number) => {
    if (typeof d === 'number') return d;
    const v = dims?.[d];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
      throw new MatdiffError(
        'usage',
        `input(${JSON.stringify(name)}) needs the size of ${d}`,
        undefined,
        `e.g. ev.input(${JSON.stringify(name)}, { ${d}: 1000 })`,
      );
    return v;
  };
  return size(s.rows) * size(s.cols);
}
