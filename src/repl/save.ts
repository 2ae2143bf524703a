/**
 * A session as a program file: its declarations, then its definitions in the order they were
 * made, each written in the text notation with earlier definitions referred to by name. The text
 * is checked to parse back to the same state before it is used; a definition whose folded form
 * would not round-trip is written out in full. Writing the file is src/cli/safe-write.ts's job.
 */
import * as build from '../core/build';
import { Graph, Node, mapBottomUp } from '../core/graph';
import { rebuild } from '../core/rebuild';
import { Scope, parseProgram } from '../parse';
import { printText } from '../print';
import { typeText } from './text';

/** Replace subexpressions equal to an earlier definition by that definition's name. */
function fold(g: Graph, n: Node, earlier: ReadonlyArray<readonly [string, Node]>): Node {
  const byNode = new Map(earlier.map(([name, node]) => [node, name]));
  if (byNode.size === 0) return n;
  return mapBottomUp(n, (m, args) => {
    const name = byNode.get(m);
    if (name !== undefined && m !== n) return build.variable(g, name, m.shape);
    return rebuild(g, m, args);
  });
}

const declarationLines = (scope: Scope): string[] =>
  [...scope.declarations.values()].map((d) => `${d.name} : ${typeText(d.shape, d.symmetric)}`);

/** Does `text` define exactly the state of `scope`? (Compared by the text form, which is structural.) */
export function sameState(text: string, scope: Scope): boolean {
  let p;
  try {
    p = parseProgram(text);
  } catch {
    return false;
  }
  const a = p.scope;
  const sameDecls =
    a.declarations.size === scope.declarations.size &&
    [...scope.declarations.values()].every((d) => {
      const e = a.declaration(d.name);
      return e !== undefined && typeText(e.shape, e.symmetric) === typeText(d.shape, d.symmetric);
    });
  const sameDefs =
    a.definitions.size === scope.definitions.size &&
    [...scope.definitions.values()].every((d) => {
      const e = a.definition(d.name);
      return e !== undefined && printText(e.node) === printText(d.node);
    });
  return sameDecls && sameDefs;
}

/** The session's declarations and definitions as program text that parses back to the same state. */
export function sessionProgram(graph: Graph, scope: Scope): string {
  const decls = declarationLines(scope);
  const defs: string[] = [];
  const earlier: Array<[string, Node]> = [];
  for (const d of scope.definitions.values()) {
    const full = `${d.name} = ${printText(d.node)}`;
    // Keep the folded line only if the program so far still means the same thing with it.
    let folded = full;
    let ok = false;
    try {
      folded = `${d.name} = ${printText(fold(graph, d.node, earlier))}`;
      const p = parseProgram([...decls, ...defs, folded].join('\n'), { scope: new Scope() });
      ok = printText(p.scope.definition(d.name)!.node) === printText(d.node);
    } catch {
      ok = false;
    }
    defs.push(ok ? folded : full);
    earlier.push([d.name, d.node]);
  }
  return ['# matdiff session', ...decls, ...defs, ''].join('\n');
}
