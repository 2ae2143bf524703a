/**
 * The value a display Doc denotes, as a core node: the Doc read back the way a person reads it
 * (juxtaposition is `*` from left to right, a fraction is its numerator over its denominator,
 * a transpose transposes), built with the smart constructors. For the text layout this is the
 * very node printed; for the display layout (Unicode, LaTeX) it is a node of the same value,
 * which the tests check on random instances.
 */
import * as b from '../../src/core/build';
import { shape } from '../../src/core/dims';
import { Graph, Node } from '../../src/core/graph';
import { isElementwise } from '../../src/core/ops';
import { CallOp, Doc } from '../../src/print/doc';

type Calls = Record<
  Exclude<CallOp, 'exp' | 'log' | 'sqrt' | 'sin' | 'cos' | 'tan' | 'tanh' | 'sigmoid' | 'softplus' | 'abs' | 'sign' | 'log1p' | 'expm1' | 'relu'>,
  (g: Graph, ...x: Node[]) => Node
>;

const CALLS: Calls = {
  sum: b.sum,
  norm2: b.norm2,
  norm1: b.norm1,
  tr: b.tr,
  det: b.det,
  logdet: b.logdet,
  inv: b.inv,
  diagm: b.diag,
  diagv: b.diag,
  logsumexp: b.logsumexp,
  softmax: b.softmax,
  kron: (g, x, y) => b.kron(g, x, y),
  max: (g, x, y) => b.extremum(g, 'max', x, y),
  min: (g, x, y) => b.extremum(g, 'min', x, y),
  vec: b.vec,
  commutation: (g, m, n) => b.commutation(g, m, n),
};

/** The node `doc` denotes, its names looked up in `vars` (dimension symbols otherwise). */
export function docNode(doc: Doc, g: Graph, vars: Readonly<Record<string, Node>>): Node {
  const r = (d: Doc) => docNode(d, g, vars);
  switch (doc.kind) {
    case 'name':
      return vars[doc.name] ?? b.dimSymbol(g, doc.name);
    case 'ref':
      throw new Error('docNode: named subexpressions are not read back');
    case 'number':
      return b.num(g, doc.value);
    case 'sum':
      return b.add(
        g,
        doc.terms.map((t) => (t.neg ? b.neg(g, r(t.body)) : r(t.body))),
      );
    case 'product': {
      const p = doc.factors.map(r).reduce((acc, f) => b.times(g, acc, f));
      return doc.neg ? b.neg(g, p) : p;
    }
    case 'frac': {
      const over = [b.num(g, doc.num), ...doc.numer.map(r)].reduce((acc, f) => b.times(g, acc, f));
      return doc.den.map(r).reduce((acc, f) => b.div(g, acc, f), over);
    }
    case 'hadamard': {
      const factors = doc.factors.map(r);
      let h = factors.length ? factors.reduce((acc, f) => b.hadamard(g, [acc, f])) : undefined;
      for (const d of doc.divisors) {
        const dv = r(d);
        h = b.ediv(g, h ?? b.ones(g, dv.shape), dv);
      }
      return h!;
    }
    case 'power':
      return doc.elementwise ? b.epow(g, r(doc.base), r(doc.exp)) : b.pow(g, r(doc.base), r(doc.exp));
    case 'transpose':
      return b.transpose(g, r(doc.body));
    case 'call': {
      const args = doc.args.map(r);
      return isElementwise(doc.fn) ? b.elementwise(g, doc.fn, args[0]) : CALLS[doc.fn as keyof Calls](g, ...args);
    }
    case 'matrix': {
      const s = shape(doc.rows, doc.cols);
      if (doc.which === 'eye') return b.eye(g, doc.rows);
      return doc.which === 'ones' ? b.ones(g, s) : b.zeros(g, s);
    }
  }
}
