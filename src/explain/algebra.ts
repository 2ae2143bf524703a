/**
 * The algebra of a derivation as lines: the simplifier's named steps (its provenance) applied
 * one after another to the whole line, consecutive steps of one rule merged into one line. A
 * step whose left side no longer occurs (the e-graph proved it in another context) is folded
 * into the next line that can show it; the last line is always the simplifier's result.
 */
import { Graph, Node, mapBottomUp, topoOrder } from '../core/graph';
import { rebuild } from '../core/rebuild';
import { Step, simplifyTraced } from '../simplify';

export interface AlgebraLine {
  /** The simplifier's rule names, in order, that made this line from the one before. */
  readonly rules: readonly string[];
  readonly expr: Node;
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
    rules.push(step.rule);
    if (!topoOrder([current]).includes(step.before)) continue;
    emit(replaceAll(g, current, step.before, step.after));
  }
  if (current !== result) {
    if (rules.length === 0) rules.push('algebra');
    emit(result);
  }
  return { lines, result };
}
