/**
 * A session as a program file: its declarations, then its definitions in the order they were
 * made, each written in the text notation with earlier definitions referred to by name. The text
 * is checked to parse back to the same state before it is used; a definition whose folded form
 * would not round-trip is written out in full. Writing the file is src/cli/safe-write.ts's job.
 */
import * as build from '../core/build';
import { Graph, Node } from '../core/graph';
import { rebuild } from '../core/rebuild';
import { Scope, parseProgram } from '../parse';
import { printText, printTextDefinitions } from '../print';
import { typeText } from './text';

/**
 * Replace subexpressions equal to an earlier definition by that definition's name. Iterative,
 * and it does not descend into a replaced subexpression, so folding every definition of a
 * session costs about the size of what each one adds, not of its full expansion.
 */
function fold(g: Graph, root: Node, byNode: ReadonlyMap<Node, string>): Node {
  if (byNode.size === 0) return root;
  const done = new Map<Node, Node>();
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const m = stack[stack.length - 1];
    if (done.has(m)) {
      stack.pop();
      continue;
    }
    const name = m === root ? undefined : byNode.get(m);
    if (name !== undefined) {
      done.set(m, build.variable(g, name, m.shape));
      stack.pop();
      continue;
    }
    const pending = m.args.filter((a) => !done.has(a));
    if (pending.length > 0) {
      for (const a of pending) stack.push(a);
      continue;
    }
    stack.pop();
    done.set(
      m,
      rebuild(
        g,
        m,
        m.args.map((a) => done.get(a)!),
      ),
    );
  }
  return done.get(root)!;
}

const declarationLines = (scope: Scope): string[] => [...scope.declarations.values()].map((d) => `${d.name} : ${typeText(d.shape, d.symmetric, d.domain)}`);

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
      return e !== undefined && typeText(e.shape, e.symmetric, e.domain) === typeText(d.shape, d.symmetric, d.domain);
    });
  const sameDefs =
    a.definitions.size === scope.definitions.size &&
    [...scope.definitions.values()].every((d) => {
      const e = a.definition(d.name);
      return e !== undefined && printText(e.node) === printText(d.node);
    });
  return sameDecls && sameDefs;
}

/**
 * The session's declarations and definitions as program text that parses back to the same state.
 * "The program so far" is one scope grown a line at a time (in the session's graph, so a line
 * that means the same definition gives the very same node), which keeps this linear in the
 * session's size: re-parsing the whole prefix for every definition made it quadratic.
 */
export function sessionProgram(graph: Graph, scope: Scope): string {
  const decls = declarationLines(scope);
  const defs: string[] = [];
  const byNode = new Map<Node, string>();
  const soFar = new Scope();
  let checkable = true;
  try {
    parseProgram(decls.join('\n'), { graph, scope: soFar });
  } catch {
    checkable = false;
  }
  // An oversized definition prints as `t1 = …` lines before it (src/print/share.ts); the names
  // skip every name of the session and every one used by an earlier line.
  const taken = new Set(scope.names());
  const defText = (name: string, node: Node): string => {
    const { definitions, expression } = printTextDefinitions(node, { reserved: taken });
    for (const b of definitions) taken.add(b.name);
    return [...definitions.map((b) => `${b.name} = ${b.text}`), `${name} = ${expression}`].join('\n');
  };
  const means = (line: string, d: { name: string; node: Node }): boolean => {
    try {
      const got = parseProgram(line, { graph, scope: soFar, redefine: true }).scope.definition(d.name)?.node;
      return got === d.node || (got !== undefined && printText(got) === printText(d.node));
    } catch {
      return false;
    }
  };
  for (const d of scope.definitions.values()) {
    let line: string | undefined;
    if (checkable) {
      // Keep the folded line only if the program so far still means the same thing with it.
      try {
        const folded = defText(d.name, fold(graph, d.node, byNode));
        if (means(folded, d)) line = folded;
      } catch {
        line = undefined;
      }
    }
    if (line === undefined) {
      line = defText(d.name, d.node);
      if (checkable) means(line, d);
    }
    defs.push(line);
    byNode.set(d.node, d.name);
  }
  return ['# matdiff session', ...decls, ...defs, ''].join('\n');
}
