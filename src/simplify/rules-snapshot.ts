/**
 * The parsed rules as data: loading them means parsing a few hundred small texts with the
 * Earley parser (about 20 ms, paid by every CLI start), so the build writes the result once
 * (scripts/snapshot-rules.ts -> src/simplify/generated/rules.ts) and `namedRules` rebuilds the
 * nodes from it in well under a millisecond. The snapshot carries a fingerprint of the rule
 * texts; a stale or missing one is ignored and the rules are parsed as before.
 */
import { Dim, shape } from '../core/dims';
import { Graph, Node, NodeAttrs, VarDomain, topoOrder } from '../core/graph';
import { Op } from '../core/ops';
import { rat } from '../core/rational';
import { Fact, READINGS, Rule, RuleText } from './rules';

/** One node: op, argument indices, shape, attributes (a rational as its fraction text). */
type NodeRow = [op: Op, args: number[], rows: Dim, cols: Dim, attrs?: { name?: string; value?: string; symmetric?: boolean; domain?: VarDomain }];

export interface RulesSnapshot {
  readonly fingerprint: string;
  readonly nodes: readonly NodeRow[];
  readonly rules: ReadonlyArray<{ name: string; lhs: number; rhs: number; vars: string[]; when: Array<[Fact, string]> }>;
}

/** What the snapshot was made from: the rule texts and the readings. */
export function fingerprint(texts: readonly RuleText[]): string {
  const text = JSON.stringify([texts, READINGS]);
  let h1 = 0x811c9dc5;
  let h2 = 0;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 0x01000193) >>> 0;
    h2 = (Math.imul(h2, 31) + text.charCodeAt(i)) >>> 0;
  }
  return `${text.length}:${h1.toString(16)}:${h2.toString(16)}`;
}

export function snapshotOf(rules: readonly Rule[], texts: readonly RuleText[]): RulesSnapshot {
  const index = new Map<Node, number>();
  const nodes: NodeRow[] = [];
  for (const n of topoOrder(rules.flatMap((r) => [r.lhs, r.rhs]))) {
    const attrs: NonNullable<NodeRow[4]> = {};
    if (n.name !== undefined) attrs.name = n.name;
    if (n.value !== undefined) attrs.value = n.value.toFraction();
    if (n.symmetric) attrs.symmetric = true;
    if (n.domain) attrs.domain = n.domain;
    index.set(n, nodes.length);
    nodes.push([n.op, n.args.map((a) => index.get(a)!), n.shape.rows, n.shape.cols, ...(Object.keys(attrs).length ? [attrs] : [])] as NodeRow);
  }
  return {
    fingerprint: fingerprint(texts),
    nodes,
    rules: rules.map((r) => ({ name: r.name, lhs: index.get(r.lhs)!, rhs: index.get(r.rhs)!, vars: [...r.vars], when: r.when.map(([f, v]) => [f, v]) })),
  };
}

/** The rules of a snapshot, in a graph of their own, or undefined when it was made from other texts. */
export function rulesFromSnapshot(s: RulesSnapshot, texts: readonly RuleText[]): Rule[] | undefined {
  if (s.fingerprint !== fingerprint(texts)) return undefined;
  const g = new Graph();
  const built: Node[] = [];
  for (const [op, args, rows, cols, attrs] of s.nodes) {
    const a: NodeAttrs = attrs ? { ...attrs, value: attrs.value === undefined ? undefined : rat(attrs.value) } : {};
    if (a.value === undefined) delete (a as { value?: unknown }).value;
    built.push(
      g.intern(
        op,
        args.map((i) => built[i]),
        shape(rows, cols),
        a,
      ),
    );
  }
  return s.rules.map((r) => ({ name: r.name, lhs: built[r.lhs], rhs: built[r.rhs], vars: new Set(r.vars), when: r.when }));
}
