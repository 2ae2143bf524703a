/**
 * Colours for the editor: the program as HTML, drawn under the (transparent) textarea, with the
 * error's span underlined. A regular-expression scan, no parser: it only colours; the engine
 * decides what the program means. test/web/examples.test.ts keeps FUNCTION_NAMES in step with
 * the notation's functions.
 */

/** Declaration types (src/parse/declarations.ts). */
export const TYPE_NAMES = ['scalar', 'vector', 'matrix', 'symmetric', 'spd', 'diagonal', 'orthogonal', 'simplex', 'positive'];

/** The notation's functions (src/parse/functions.ts) and the calculus ones (src/derive/extensions.ts). */
export const FUNCTION_NAMES = [
  'exp',
  'log',
  'sqrt',
  'sin',
  'cos',
  'tan',
  'tanh',
  'sigmoid',
  'softplus',
  'abs',
  'sign',
  'log1p',
  'expm1',
  'relu',
  'max',
  'min',
  'sum',
  'mean',
  'norm2',
  'norm1',
  'tr',
  'trace',
  'det',
  'logdet',
  'inv',
  'diag',
  'dot',
  'logsumexp',
  'softmax',
  'ones',
  'zeros',
  'eye',
  'kron',
  'vec',
  'commutation',
  'grad',
  'hessian',
  'jacobian',
  'hvp',
];

const NAME = '[A-Za-z_\\u0370-\\u03ff][A-Za-z0-9_\\u0370-\\u03ff]*';
const TOKEN = new RegExp(
  [
    '(#[^\\n]*)', // 1 comment
    '(\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?)', // 2 number
    `(${NAME})(?=\\s*\\()`, // 3 a call (function or declaration type)
    `(${NAME})(?=\\s*=(?!=))`, // 4 a definition's name
    `(${NAME})`, // 5 another name
    "(\\.\\*|\\./|\\.\\^|[-+*/^'=:;(),]|[ᵀ⊙σ−·])", // 6 operator
  ].join('|'),
  'gu',
);

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const FUNCTIONS = new Set(FUNCTION_NAMES);
const TYPES = new Set(TYPE_NAMES);

/** [start, end, class] for every token of `text`, in order. */
export function tokens(text: string): [number, number, string][] {
  const out: [number, number, string][] = [];
  for (const m of text.matchAll(TOKEN)) {
    const s = m.index!,
      e = s + m[0].length;
    const cls = m[1]
      ? 'c'
      : m[2]
        ? 'n'
        : m[3]
          ? FUNCTIONS.has(m[3])
            ? 'f'
            : TYPES.has(m[3])
              ? 't'
              : 'v'
          : m[4]
            ? 'd'
            : m[5]
              ? TYPES.has(m[5])
                ? 't'
                : 'v'
              : 'o';
    out.push([s, e, cls]);
  }
  return out;
}

/** `text` as HTML with token classes; characters in [err[0], err[1]) also get class `err`. */
export function highlight(text: string, err?: readonly [number, number]): string {
  // Boundaries: every token edge and the error's, so no piece is half in the error.
  const cls = new Array<string>(text.length).fill('');
  for (const [s, e, c] of tokens(text)) for (let i = s; i < e; i++) cls[i] = c;
  const [es, ee] = err ? [err[0], Math.max(err[1], err[0] + 1)] : [-1, -1];
  let html = '';
  let i = 0;
  while (i < text.length) {
    const inErr = i >= es && i < ee;
    let j = i + 1;
    while (j < text.length && cls[j] === cls[i] && (j >= es && j < ee) === inErr) j++;
    const piece = escape(text.slice(i, j));
    const c = [cls[i], inErr ? 'err' : ''].filter(Boolean).join(' ');
    html += c ? `<span class="${c}">${piece}</span>` : piece;
    i = j;
  }
  // An error at the very end (a missing closing parenthesis, say) still shows.
  if (es >= text.length) html += '<span class="err"> </span>';
  // A final newline needs a character after it, or the pre is a line shorter than the textarea.
  return html + '\n';
}
