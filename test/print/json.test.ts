/** The JSON printer lists each distinct node once, arguments first, and names the root. */
import fc from 'fast-check';
import { topoOrder } from '../../src/core/graph';
import { JsonGraph, printJson, toJson } from '../../src/print';
import { anyExpr, makeContext } from '../support/arbitrary';

test('the graph as a list of distinct nodes, arguments by id', () => {
  const ctx = makeContext();
  fc.assert(
    fc.property(anyExpr(ctx), (e) => {
      const parsed = JSON.parse(printJson(e)) as JsonGraph;
      expect(parsed).toEqual(JSON.parse(JSON.stringify(toJson(e))));
      const nodes = topoOrder([e]);
      expect(parsed.nodes.map((n) => n.id)).toEqual(nodes.map((n) => n.id));
      expect(parsed.root).toBe(e.id);
      const seen = new Set<number>();
      parsed.nodes.forEach((j, i) => {
        const n = nodes[i];
        for (const a of j.args) expect(seen.has(a)).toBe(true);
        seen.add(j.id);
        expect(j.op).toBe(n.op);
        expect(j.shape).toEqual({ rows: n.shape.rows, cols: n.shape.cols });
        expect(j.args).toEqual(n.args.map((a) => a.id));
        expect(j.name).toBe(n.name);
        if (n.op === 'const') expect(j.value).toBe(n.value!.toFraction());
        expect(j.symmetric).toBe(n.symmetric ? true : undefined);
      });
    }),
    { numRuns: 100 },
  );
});
