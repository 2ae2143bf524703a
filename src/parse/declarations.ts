/**
 * Declarations: `scalar`, `vector(n)`, `matrix(m, n)`, `symmetric(n)` to a shape, and the types
 * that also declare a domain: `spd(n)` (symmetric positive definite), `simplex(k)` (a
 * probability vector) and `positive` (a positive scalar).
 */
import { Dim, Shape, SCALAR, shape } from '../core/dims';
import { MatdiffError } from '../core/errors';
import { VarDomain } from '../core/graph';
import { didYouMean } from './suggest';
import { DimArg, TypeSpec } from './surface';

interface TypeRule {
  readonly dims: number;
  readonly symmetric: boolean;
  readonly domain?: VarDomain;
  readonly make: (d: readonly Dim[]) => Shape;
}

const TYPES: ReadonlyMap<string, TypeRule> = new Map<string, TypeRule>([
  ['scalar', { dims: 0, symmetric: false, make: () => SCALAR }],
  ['vector', { dims: 1, symmetric: false, make: ([n]) => shape(n, 1) }],
  ['matrix', { dims: 2, symmetric: false, make: ([m, n]) => shape(m, n) }],
  ['symmetric', { dims: 1, symmetric: true, make: ([n]) => shape(n, n) }],
  ['spd', { dims: 1, symmetric: true, domain: 'spd', make: ([n]) => shape(n, n) }],
  ['simplex', { dims: 1, symmetric: false, domain: 'simplex', make: ([n]) => shape(n, 1) }],
  ['positive', { dims: 0, symmetric: false, domain: 'positive', make: () => SCALAR }],
]);

const FORMS = 'scalar, vector(n), matrix(m, n), symmetric(n), spd(n), simplex(k) or positive';
const formOf = (type: string, rule: TypeRule) =>
  rule.dims === 0 ? type : `${type}(${['m', 'n'].slice(2 - rule.dims).join(', ')})`;

export interface DeclaredType {
  readonly shape: Shape;
  readonly symmetric: boolean;
  readonly domain?: VarDomain;
  /** The dimension symbols the type mentions, with where. */
  readonly symbols: readonly DimArg[];
}

function dimOf(d: DimArg): Dim {
  if (!d.isNumber) return d.text;
  const v = /^\d+$/.test(d.text) ? Number(d.text) : NaN;
  if (!(Number.isSafeInteger(v) && v > 0))
    throw new MatdiffError(
      'declaration',
      `a dimension must be a positive integer or a symbol, not ${d.text}`,
      d.span,
      'write a size such as 3, or a symbol such as n that stands for a size',
    );
  return v;
}

export function declaredType(t: TypeSpec): DeclaredType {
  const rule = TYPES.get(t.name);
  if (!rule) {
    const guess = didYouMean(t.name, TYPES.keys());
    throw new MatdiffError('declaration', `unknown type \`${t.name}\``, t.span, `${guess ? guess + ' ' : ''}a type is ${FORMS}`);
  }
  const given = t.args?.length ?? 0;
  if (given !== rule.dims || (rule.dims === 0 && t.args !== undefined)) {
    const what = rule.dims === 0 ? 'no dimensions' : rule.dims === 1 ? 'one dimension' : 'two dimensions';
    throw new MatdiffError(
      'declaration',
      `${t.name} takes ${what}, not ${given}`,
      t.span,
      `write ${formOf(t.name, rule)}; a type is ${FORMS}`,
    );
  }
  const dims = (t.args ?? []).map(dimOf);
  return { shape: rule.make(dims), symmetric: rule.symmetric, domain: rule.domain, symbols: (t.args ?? []).filter((d) => !d.isNumber) };
}
