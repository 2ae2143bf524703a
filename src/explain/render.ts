/**
 * A derivation as text, Unicode, LaTeX (one align* block that KaTeX renders) or Markdown (ready
 * to paste into a note or a math.SE answer). A pending differential d(u) is printed as a
 * placeholder variable and then spelled: `dx` for the variable, `dσ(Ax)` for a function
 * applied, `d(Ax)` otherwise.
 */
import { Node, topoOrder } from '../core/graph';
import { print } from '../print';
import { latexName, unicodeName } from '../print/names';
import type { ExplainStep, Explanation } from './index';

export type ExplainFormat = 'text' | 'unicode' | 'latex' | 'markdown';
export const EXPLAIN_FORMATS: readonly ExplainFormat[] = ['text', 'unicode', 'latex', 'markdown'];

type Notation = 'text' | 'unicode' | 'latex';

/** Is `s` one call `f(…)` whose parentheses close at the end (so `d` may be prefixed as is)? */
function isOneCall(s: string): boolean {
  const open = s.indexOf('(');
  if (open <= 0 || !s.endsWith(')') || /\s/.test(s.slice(0, open))) return false;
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i === s.length - 1;
  }
  return false;
}

const D: Record<Notation, string> = { text: 'd', unicode: 'd', latex: '\\mathrm{d}' };
const PLACEHOLDER: Record<Notation, RegExp> = {
  text: /\bdplh(\d+)\b/g,
  unicode: /\bdplh(\d+)\b/g,
  latex: /\\mathit\{dplh(\d+)\}/g,
};

/** The differential d(u) spelled in a notation. */
function spellDifferential(u: Node, notation: Notation): string {
  if (u.op === 'var') return `${D[notation]}${notation === 'latex' ? latexName(u.name!) : notation === 'unicode' ? unicodeName(u.name!) : u.name!}`;
  const inner = print(u, notation);
  if (notation === 'latex') return `${D.latex}\\left(${inner}\\right)`;
  if (!isOneCall(inner)) return `d(${inner})`;
  // d log(u) and dσ(z): a space after d only before a function name of several letters.
  return /^[A-Za-z]{2}/.test(inner) ? `d ${inner}` : `d${inner}`;
}

/** A step's expression in a notation, its placeholders spelled as differentials. */
function spell(e: Explanation, expr: Node, notation: Notation): string {
  const targets = new Map<string, Node>();
  for (const n of topoOrder([expr])) {
    const u = e.differentialOf(n);
    if (u) targets.set(n.name!.slice('dplh'.length), u);
  }
  return print(expr, notation).replace(PLACEHOLDER[notation], (whole, id: string) => {
    const u = targets.get(id);
    return u ? spellDifferential(u, notation) : whole;
  });
}

/** Why a line holds, in words and the identities it used. */
function reason(step: ExplainStep, notation: Notation): string {
  const names = step.rules.map((r) => r.replace(/-/g, ' ')).join(', ');
  const ids = step.identities.map((i) => i[notation]);
  return ids.length ? `${names}: ${ids.join(', ')}` : names;
}

const nameOf = (e: Explanation, notation: Notation) => (notation === 'latex' ? latexName(e.name) : notation === 'unicode' ? unicodeName(e.name) : e.name);

/** The left side of the first line and of the last: dJ, ∇J. */
function sides(e: Explanation, notation: Notation) {
  const f = nameOf(e, notation);
  const x = e.x.name!;
  if (notation === 'latex') return { d: `\\mathrm{d}${f}`, grad: `\\nabla_{${latexName(x)}} ${f}` };
  if (notation === 'unicode') return { d: `d${f}`, grad: `∇${f} (wrt ${unicodeName(x)})` };
  return { d: `d${f}`, grad: `grad(${f}, ${x})` };
}

function plain(e: Explanation, notation: 'text' | 'unicode'): string {
  const { d, grad } = sides(e, notation);
  const width = String(e.steps.length).length;
  const out: string[] = [];
  e.steps.forEach((step, i) => {
    const num = `${String(i + 1).padStart(width)}. `;
    const lhs = i === 0 ? `${d} = ` : step.kind === 'identify' ? `hence ${grad} = ` : ' '.repeat(d.length) + ' = ';
    out.push(num + lhs + spell(e, step.expr, notation));
    const why = reason(step, notation);
    if (why) out.push(' '.repeat(num.length + 4) + (notation === 'unicode' ? '— ' : '-- ') + why);
  });
  return out.join('\n');
}

/** Words for \\text{…}: TeX's specials escaped, the few symbols in rule names as math. */
const latexText = (s: string) =>
  s
    .replace(/[\\{}$&#^_%~]/g, (c) => `\\${c}`)
    .replace(/σ/g, '$\\sigma$')
    .replace(/\|·\|/g, '$|\\cdot|$')
    .replace(/’/g, "'");

/** The lines of an aligned block: `lhs &= rhs && \text{reason}`. */
/** Each line in LaTeX: its left side (dJ, ∇J, or none), its right side, and why it holds. */
export function latexLines(e: Explanation): { lhs: string; rhs: string; why: string }[] {
  const { d, grad } = sides(e, 'latex');
  return e.steps.map((step, i) => {
    const names = step.rules.map((r) => latexText(r.replace(/-/g, ' '))).join(', ');
    const ids = step.identities.map((id) => id.latex).join(',\\ ');
    return {
      lhs: i === 0 ? d : step.kind === 'identify' ? grad : '',
      rhs: spell(e, step.expr, 'latex'),
      why: `\\text{${names}}${ids ? `\\colon ${ids}` : ''}`,
    };
  });
}

const alignedRows = (e: Explanation): string[] => latexLines(e).map((l) => `${l.lhs} &= ${l.rhs} && ${l.why}`);

export function renderExplanation(e: Explanation, format: ExplainFormat): string {
  switch (format) {
    case 'text':
    case 'unicode':
      return plain(e, format);
    case 'latex':
      return ['\\begin{align*}', alignedRows(e).join(' \\\\\n'), '\\end{align*}'].join('\n');
    case 'markdown': {
      const lines = [
        `The gradient of $${nameOf(e, 'latex')}$ with respect to $${latexName(e.x.name!)}$, from its differential:`,
        '',
        '$$',
        '\\begin{aligned}',
        alignedRows(e).join(' \\\\\n'),
        '\\end{aligned}',
        '$$',
      ];
      return lines.join('\n');
    }
  }
}
