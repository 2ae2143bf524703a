/**
 * Declarations: `scalar`, `vector(n)`, `matrix(m, n)`, `symmetric(n)` to a shape, and the types
 * that also declare a domain: `spd(n)` (symmetric positive definite), `diagonal(n)` (zero off
 * the diagonal), `orthogonal(n)` (QᵀQ = QQᵀ = I), `simplex(k)` (a probability vector),
 * `simplex(k, m)` (a k×m matrix whose every column is a probability vector) and `positive` (a
 * positive scalar). `declarationText` writes a declaration back the way it is read here.
 */
import { Dim, Shape, SCALAR, isScalar, shape } from '../core/dims';
import { MatdiffError } from '../core/errors';
import { VarDomain } from '../core/graph';
import { didYouMean } from './suggest';
import { DimArg, TypeSpec } from './surface';

interface TypeRule {
  /** The numbers of dimensions the type takes (simplex takes one or two). */
  readonly dims: readonly number[];
  readonly symmetric: boolean;
  readonly domain?: VarDomain;
  readonly make: (d: readonly Dim[]) => Shape;
  /** How to write it, for hints: `simplex(k) or simplex(k, m)`. */
  readonly form: string;
  /** Why the number of dimensions is what it is, when that is worth saying. */
  readonly why?: string;
}

const TYPES: ReadonlyMap<string, TypeRule> = new Map<string, TypeRule>([
  ['scalar', { dims: [0], symmetric: false, make: () => SCALAR, form: 'scalar' }],
  ['vector', { dims: [1], symmetric: false, make: ([n]) => shape(n, 1), form: 'vector(n)' }],
  ['matrix', { dims: [2], symmetric: false, make: ([m, n]) => shape(m, n), form: 'matrix(m, n)' }],
  ['symmetric', { dims: [1], symmetric: true, make: ([n]) => shape(n, n), form: 'symmetric(n)', why: 'a symmetric matrix is square' }],
  ['spd', { dims: [1], symmetric: true, domain: 'spd', make: ([n]) => shape(n, n), form: 'spd(n)', why: 'a positive definite matrix is square' }],
  // A diagonal matrix is symmetric: everything that knows symmetric variables (transposes,
  // the facts analysis) knows diagonal ones too.
  ['diagonal', { dims: [1], symmetric: true, domain: 'diagonal', make: ([n]) => shape(n, n), form: 'diagonal(n)', why: 'a diagonal matrix is square' }],
  [
    'orthogonal',
    {
      dims: [1],
      symmetric: false,
      domain: 'orthogonal',
      make: ([n]) => shape(n, n),
      form: 'orthogonal(n)',
      why: "an orthogonal matrix is square (Q'Q = QQ' = I); for orthonormal columns of a tall matrix declare matrix(m, n)",
    },
  ],
  [
    'simplex',
    {
      dims: [1, 2],
      symmetric: false,
      domain: 'simplex',
      make: ([k, m]) => shape(k, m ?? 1),
      form: 'simplex(k) or simplex(k, m)',
      why: 'simplex(k) is a probability vector, simplex(k, m) a k×m matrix whose every column is one',
    },
  ],
  ['positive', { dims: [0], symmetric: false, domain: 'positive', make: () => SCALAR, form: 'positive' }],
]);

const FORMS = 'scalar, vector(n), matrix(m, n), symmetric(n), spd(n), diagonal(n), orthogonal(n), simplex(k), simplex(k, m) or positive';
const COUNT = ['no dimensions', 'one dimension', 'two dimensions'];

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
  const noParens = rule.dims.includes(0) && t.args === undefined;
  if (!rule.dims.includes(given) || (rule.dims.includes(0) && !noParens)) {
    const what = rule.dims.map((k) => COUNT[k]).join(' or ');
    throw new MatdiffError(
      'declaration',
      `${t.name} takes ${what}, not ${given}`,
      t.span,
      `write ${rule.form}${rule.why ? ` (${rule.why})` : ''}; a type is ${FORMS}`,
    );
  }
  const dims = (t.args ?? []).map(dimOf);
  return { shape: rule.make(dims), symmetric: rule.symmetric, domain: rule.domain, symbols: (t.args ?? []).filter((d) => !d.isNumber) };
}

/**
 * The type of a declaration as it is written: `scalar`, `vector(n)`, `matrix(m, n)`,
 * `symmetric(n)`, `spd(n)`, `diagonal(n)`, `orthogonal(n)`, `simplex(k)`, `simplex(k, m)`,
 * `positive`. Reading it back gives the same shape, symmetry and domain.
 */
export function declarationText(s: Shape, symmetric = false, domain?: VarDomain): string {
  switch (domain) {
    case 'positive':
      return 'positive';
    case 'simplex':
      return s.cols === 1 ? `simplex(${s.rows})` : `simplex(${s.rows}, ${s.cols})`;
    case 'spd':
    case 'diagonal':
    case 'orthogonal':
      return `${domain}(${s.rows})`;
  }
  if (isScalar(s)) return 'scalar';
  if (symmetric) return `symmetric(${s.rows})`;
  if (s.cols === 1) return `vector(${s.rows})`;
  return `matrix(${s.rows}, ${s.cols})`;
}
