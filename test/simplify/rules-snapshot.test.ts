/**
 * The build's rule snapshot (rules-snapshot.ts) is the parsed rules exactly: same names, sides,
 * variables and guards, in the same order; a snapshot of other texts is refused.
 */
import { Node } from '../../src/core/graph';
import { printText } from '../../src/print';
import { RULES, Rule, loadRules, namedRules } from '../../src/simplify/rules';
import { rulesFromSnapshot, snapshotOf } from '../../src/simplify/rules-snapshot';

const shapeText = (n: Node) => `${n.shape.rows}x${n.shape.cols}`;
const describe_ = (r: Rule) => [r.name, printText(r.lhs), shapeText(r.lhs), printText(r.rhs), [...r.vars].sort().join(','), JSON.stringify(r.when)].join(' | ');

test('rebuilt from a snapshot, the rules are the parsed rules', () => {
  const parsed = loadRules();
  const rebuilt = rulesFromSnapshot(snapshotOf(parsed, RULES), RULES)!;
  expect(rebuilt.map(describe_)).toEqual(parsed.map(describe_));
  // Declared domains and symmetry survive on the variables.
  const leaves = (rs: readonly Rule[]) =>
    rs
      .flatMap((r) => [r.lhs, r.rhs])
      .filter((n) => n.op === 'var')
      .map((n) => `${n.name}:${n.symmetric ?? false}:${n.domain ?? ''}:${shapeText(n)}`)
      .sort();
  expect(leaves(rebuilt)).toEqual(leaves(parsed));
});

test('a snapshot made from other rule texts is refused', () => {
  const parsed = loadRules();
  const other = [...RULES, { name: 'extra', lhs: 'z + z', rhs: '2 * z', why: 'test' }];
  expect(rulesFromSnapshot(snapshotOf(parsed, RULES), other)).toBeUndefined();
});

test('namedRules gives the same rules whether or not a generated snapshot is present', () => {
  expect(namedRules().map(describe_)).toEqual(loadRules().map(describe_));
});
