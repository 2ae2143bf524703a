/**
 * The algebra of a derivation as lines: the simplifier's named steps (its provenance) applied
 * one after another to the whole line, consecutive steps of one rule merged into one line. A
 * step whose left side no longer occurs (the e-graph proved it in another context) is folded
 * into the next line that can show it; the last line is always the simplifier's result.
 */
import { Graph, Node, mapBottomUp, topoOrder } from '../core/graph';
import { isZero } from '../core/build';
import { rebuild } from '../core/rebuild';
import { Step, simplifyTraced } from '../simplify';

export interface AlgebraLine {
  /** The simplifier's rule names, in order, that made this line from the one before. */
  readonly rules: readonly string[];
  readonly expr: Node;
}

/** The factors u whose reciprocal stands beside them in a product of `n` (u ⊙ (1 ⊘ u), u · u⁻¹). */
function cancellingPairs(n: Node): Node[] {
  const out: Node[] = [];
  for (const m of topoOrder([n])) {
    if (m.op !== 'hadamard' && m.op !== 'mul') continue;
    const inverses = new Set(
      m.args.filter((a) => (a.op === 'epow' || a.op === 'pow') && a.args[1].op === 'const' && a.args[1].value!.equals(-1)).map((a) => a.args[0]),
    );
    for (const a of m.args) if (inverses.has(a)) out.push(a);
  }
  return out;
}

const termCount = (n: Node): number =>
  topoOrder([n])
    .filter((m) => m.op === 'add')
    .reduce((k, m) => k + m.args.length, 0);

/**
 * The simplifier's elementwise normal form is one procedure ('algebra'); a person names what it
 * did: a factor cancelled against its reciprocal, products multiplied out, like terms collected.
 */
export function algebraName(before: Node, after: Node): string {
  const cancelled = cancellingPairs(before).filter((u) => !cancellingPairs(after).includes(u));
  if (cancelled.length) return 'cancel common factors';
  if (isZero(after)) return 'the terms cancel';
  const [b, a] = [termCount(before), termCount(after)];
  if (a > b) return 'expand';
  if (a < b) return 'collect like terms';
  return 'rearrange';
}

/** `expr` with every occurrence of `before` replaced by `after`. */
function replaceAll(g: Graph, expr: Node, before: Node, after: Node): Node {
  return mapBottomUp(expr, (n, args) => (n === before ? after : rebuild(g, n, args)));
}

/** The lines from `expr` to its simplified form (none when it is already simplest), and that form. */
export function algebraLines(g: Graph, expr: Node, wrap: (inner: Node) => Node = (n) => n): { lines: AlgebraLine[]; result: Node } {
  const { node: result, steps } = simplifyTraced(g, expr);
  const lines: AlgebraLine[] = [];
  let current = expr;
  let rules: string[] = [];
  const emit = (next: Node) => {
    if (next === current) return;
    const last = lines[lines.length - 1];
    // Consecutive lines of one rule read as one step.
    if (last && rules.length === 1 && last.rules.length === 1 && last.rules[0] === rules[0]) lines[lines.length - 1] = { rules: last.rules, expr: wrap(next) };
    else lines.push({ rules: [...new Set(rules)], expr: wrap(next) });
    current = next;
    rules = [];
  };
  for (const step of steps as readonly Step[]) {
    rules.push(step.rule === 'algebra' ? algebraName(step.before, step.after) : step.rule);
    if (!topoOrder([current]).includes(step.before)) continue;
    emit(replaceAll(g, current, step.before, step.after));
  }
  if (current !== result) {
    if (rules.length === 0) rules.push(algebraName(current, result));
    emit(result);
  }
  return { lines, result };
}
