/**
 * Argument checks for the library's public functions. JavaScript callers (and TypeScript ones
 * with `any`) can pass anything; a wrong argument must be a MatdiffError of kind 'usage' that
 * names the argument and says what would be right, never a TypeError from deep inside.
 */
import { MatdiffError } from './errors';
import { Graph, Node } from './graph';
import { OPS } from './ops';

const OP_SET: ReadonlySet<string> = new Set(OPS);

/** A short description of a value for messages: its type, and a clipped spelling of strings. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v === 'undefined' ? 'undefined' : `the ${typeof v} ${String(v)}`}`;
}

function usage(what: string, wanted: string, v: unknown, hint: string): never {
  throw new MatdiffError('usage', `${what} must be ${wanted}, not ${describeValue(v)}`, undefined, hint);
}

export function requireString(v: unknown, what: string, hint: string): asserts v is string {
  if (typeof v !== 'string') usage(what, 'a string', v, hint);
}

export function requireGraph(v: unknown, what: string): asserts v is Graph {
  if (!(v instanceof Graph)) usage(what, 'a Graph', v, 'pass program.graph, the graph of the program the expression came from');
}

/** A node of the core graph (an object made by the constructors, not a look-alike). */
export function requireNode(v: unknown, what: string): asserts v is Node {
  const n = v as Node;
  const ok =
    v !== null &&
    typeof v === 'object' &&
    Object.isFrozen(v) &&
    typeof n.id === 'number' &&
    OP_SET.has(n.op) &&
    Array.isArray(n.args) &&
    typeof n.shape === 'object';
  if (!ok) usage(what, 'an expression node', v, 'pass a node from a parsed program (program.result, or parseExpression(...))');
}

/** One of `options` (exactly as spelled), with a suggestion when only the case differs. */
export function requireOneOf<T extends string>(v: unknown, options: readonly T[], what: string): asserts v is T {
  if (typeof v === 'string' && (options as readonly string[]).includes(v)) return;
  const close = typeof v === 'string' ? options.find((o) => o.toLowerCase() === v.toLowerCase()) : undefined;
  usage(what, `one of ${options.join(', ')}`, v, close ? `did you mean '${close}'?` : `write one of ${options.map((o) => `'${o}'`).join(', ')}`);
}

/** A variable name, or a list of them. */
export function requireNames(v: unknown, what: string): asserts v is string | readonly string[] {
  if (typeof v === 'string') return;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return;
  usage(what, 'a variable name or a list of names', v, "write e.g. 'x' or ['x', 'b']");
}

/** An options object (or undefined). */
export function requireOptions(v: unknown, what: string): void {
  if (v !== undefined && (v === null || typeof v !== 'object' || Array.isArray(v)))
    usage(what, 'an options object', v, 'pass an object such as { wrt: "x" }, or leave it out');
}

/**
 * An options object (or undefined) with only the keys in `allowed`: a misspelled or misplaced
 * option (`{ wrt: 'x' }` given to print) is an error that lists the right ones, not ignored.
 */
export function requireKeys(v: unknown, allowed: readonly string[], what: string): void {
  requireOptions(v, what);
  if (v === undefined) return;
  for (const k of Object.keys(v as object))
    if (!allowed.includes(k)) {
      const close = allowed.find((a) => a.toLowerCase() === k.toLowerCase());
      throw new MatdiffError(
        'usage',
        `${what}: unknown option ${k}`,
        undefined,
        close ? `did you mean ${close}?` : allowed.length ? `the options are ${allowed.join(', ')}` : 'it takes no options',
      );
    }
}

/** A parsed program (the result of parseProgram). */
export function requireProgram(v: unknown, what: string): void {
  const p = v as { graph?: unknown; scope?: unknown; statements?: unknown };
  if (v === null || typeof v !== 'object' || !(p.graph instanceof Graph) || typeof p.scope !== 'object' || !Array.isArray(p.statements))
    usage(
      what,
      'a program from parseProgram',
      v,
      typeof v === 'string' ? 'parse the source first: parseProgram(source)' : 'pass the result of parseProgram(source)',
    );
}

/** A node of graph `g`: one from another program's graph would silently mean something else. */
export function requireOwned(g: Graph, n: Node, what: string): void {
  if (!g.owns(n))
    throw new MatdiffError(
      'usage',
      `${what} belongs to another program's graph`,
      undefined,
      'use the graph of the program the expression came from: grad(program.graph, program.result, x), with x from the same program',
    );
}
