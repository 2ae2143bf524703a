/** Functions people reach for that the notation writes otherwise. */
const NOT_FUNCTIONS: Readonly<Record<string, string>> = {
  maximum: 'write max(a, b)',
  minimum: 'write min(a, b)',
  log2: 'write log(x) / log(2)',
  log10: 'write log(x) / log(10)',
  pow: 'write x .^ p (elementwise) or x ^ p (a scalar)',
  transpose: "write X' for the transpose",
};

/**
 * Elaboration: surface syntax to core graph nodes. Names are resolved against a scope,
 * definitions are inlined, shapes are checked by the smart constructors of build.ts,
 * and every error is located at the surface node that caused it.
 *
 * The walk is iterative (an explicit work stack), so 5,000 nested parentheses or a
 * 100,000-term sum elaborate without growing the JS stack. A chain `a + b - c + ...` is
 * built with one n-ary `add`, which keeps long sums linear; runs of `*`, `/`, `.*` and `./`
 * (through parentheses too) are kept as unbuilt runs (runs.ts) and built with one constructor
 * call, which keeps long products linear.
 */
import * as build from '../core/build';
import { isColumn, isScalar, sameShape } from '../core/dims';
import { MatdiffError, ShapeError, Span } from '../core/errors';
import { Graph, Node } from '../core/graph';
import { FUNCTIONS, FunctionSpec, describeArity } from './functions';
import { literalValue } from './literals';
import { HadamardRun, ProductRun, Run } from './runs';
import { Binding, ScopeDraft } from './scope';
import { didYouMean } from './suggest';
import { Expr } from './surface';

/** A function added by a later layer (e.g. `grad(f, x)` from the API), without the parser importing it. */
export interface Extension {
  readonly arity: number;
  /** Usage text for hints: `grad(f, x): gradient of scalar f with respect to variable x`. */
  readonly describe: string;
  apply(graph: Graph, args: Node[], argSpans: Span[]): Node;
}

export interface ElaborationContext {
  readonly graph: Graph;
  readonly scope: ScopeDraft;
  readonly source: string;
  readonly extensions: ReadonlyMap<string, Extension>;
}

type CallExpr = Extract<Expr, { kind: 'call' }>;
type BinaryExpr = Extract<Expr, { kind: 'binary' }>;

type Callee = { readonly kind: 'builtin'; readonly spec: FunctionSpec } | { readonly kind: 'extension'; readonly ext: Extension };

/** Work items: visit an expression, or combine the values of its already-visited parts. */
type Work =
  | { readonly task: 'visit'; readonly e: Expr }
  | { readonly task: 'sum'; readonly links: readonly BinaryExpr[]; readonly terms: readonly Expr[] }
  | { readonly task: 'call'; readonly e: CallExpr; readonly callee: Callee }
  | { readonly task: 'binary'; readonly e: BinaryExpr }
  | { readonly task: 'unary'; readonly e: Extract<Expr, { kind: 'negate' | 'transpose' }> };

/** Run `f`, locating any MatdiffError it throws at `span` (unless it has a location). */
export function located<T>(span: Span, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof MatdiffError) throw err.at(span);
    throw err;
  }
}

const isSumLink = (e: Expr): boolean => e.kind === 'binary' && (e.op === '+' || e.op === '-');

/** `a + b - c` (left-nested) as its terms in order and the operator nodes joining them. */
function sumChain(e: BinaryExpr): { links: BinaryExpr[]; terms: Expr[] } {
  const links: BinaryExpr[] = [];
  const terms: Expr[] = [];
  let cur: Expr = e;
  while (cur.kind === 'binary' && isSumLink(cur)) {
    links.push(cur);
    terms.push(cur.right);
    cur = cur.left;
  }
  terms.push(cur);
  return { links: links.reverse(), terms: terms.reverse() };
}

/** A value on the elaboration stack: a node, or a run of products not built yet. */
type Value = Node | Run;

const nodeOf = (g: Graph, v: Value): Node => (v instanceof ProductRun || v instanceof HadamardRun ? v.node(g) : v);

export function elaborateExpr(root: Expr, ctx: ElaborationContext): Node {
  const g = ctx.graph;
  const values: Value[] = [];
  const work: Work[] = [{ task: 'visit', e: root }];
  const take = (n: number): Node[] => values.splice(values.length - n, n).map((v) => nodeOf(g, v));

  while (work.length > 0) {
    const w = work.pop()!;
    switch (w.task) {
      case 'visit': {
        const e = w.e;
        switch (e.kind) {
          case 'number':
            values.push(build.num(g, literalValue(e.text, e.span)));
            break;
          case 'name':
            values.push(resolveName(e.name, e.span, ctx));
            break;
          case 'paren':
            work.push({ task: 'visit', e: e.inner });
            break;
          case 'negate':
          case 'transpose':
            work.push({ task: 'unary', e }, { task: 'visit', e: e.arg });
            break;
          case 'call': {
            work.push({ task: 'call', e, callee: resolveCall(e, ctx) });
            for (let i = e.args.length - 1; i >= 0; i--) work.push({ task: 'visit', e: e.args[i] });
            break;
          }
          case 'binary': {
            if (isSumLink(e)) {
              const { links, terms } = sumChain(e);
              work.push({ task: 'sum', links, terms });
              for (let i = terms.length - 1; i >= 0; i--) work.push({ task: 'visit', e: terms[i] });
            } else {
              work.push({ task: 'binary', e }, { task: 'visit', e: e.right }, { task: 'visit', e: e.left });
            }
            break;
          }
        }
        break;
      }
      case 'sum':
        values.push(combineSum(g, w.links, take(w.terms.length)));
        break;
      case 'binary': {
        if (RUN_OPS.has(w.e.op)) {
          const [l, r] = values.splice(values.length - 2, 2);
          values.push(extendRun(w.e, l, r, ctx));
        } else {
          const [l, r] = take(2);
          values.push(combineBinary(w.e, l, r, ctx));
        }
        break;
      }
      case 'unary': {
        const [a] = take(1);
        const e = w.e;
        values.push(located(e.span, () => (e.kind === 'negate' ? build.neg(g, a) : build.transpose(g, a))));
        break;
      }
      case 'call': {
        const args = take(w.e.args.length);
        const spans = w.e.args.map((a) => a.span);
        const callee = w.callee;
        values.push(located(w.e.span, () => (callee.kind === 'builtin' ? callee.spec.build(g, args, spans) : callee.ext.apply(g, args, spans))));
        break;
      }
    }
  }
  if (values.length !== 1) throw new Error(`internal: elaboration left ${values.length} values`);
  return nodeOf(g, values[0]);
}

const RUN_OPS: ReadonlySet<BinaryExpr['op']> = new Set<BinaryExpr['op']>(['*', '/', '.*', './']);

const productRun = (g: Graph, v: Value): ProductRun => (v instanceof ProductRun ? v : ProductRun.of(nodeOf(g, v)));
const hadamardRun = (g: Graph, v: Value): HadamardRun => (v instanceof HadamardRun ? v : HadamardRun.of(nodeOf(g, v)));

/**
 * `l op r` for op in RUN_OPS, as a run. Where the operator-by-operator fold would throw, the
 * fold's own constructor is called on the built operands, so the error is the same.
 */
function extendRun(e: BinaryExpr, l: Value, r: Value, ctx: ElaborationContext): Value {
  const g = ctx.graph;
  switch (e.op) {
    case '*':
    case '/': {
      const left = productRun(g, l);
      let right: ProductRun;
      if (e.op === '/') {
        const divisor = nodeOf(g, r);
        if (!isScalar(divisor.shape)) return combineBinary(e, left.node(g), divisor, ctx);
        right = ProductRun.of(located(e.span, () => build.pow(g, divisor, build.num(g, -1)))); // a / s = a * s^-1, as build.div
      } else right = productRun(g, r);
      if (left.mismatches(right)) return combineBinary(e, left.node(g), right.node(g), ctx);
      return left.times(g, right);
    }
    case '.*':
    case './': {
      const left = hadamardRun(g, l);
      let right: HadamardRun;
      if (e.op === './') {
        const divisor = nodeOf(g, r);
        if (left.mismatches(HadamardRun.of(divisor))) return combineBinary(e, left.node(g), divisor, ctx);
        right = HadamardRun.of(located(e.span, () => build.epow(g, divisor, build.num(g, -1)))); // x ./ y = x .* y.^-1, as build.ediv
      } else right = hadamardRun(g, r);
      if (left.mismatches(right)) return combineBinary(e, left.node(g), right.node(g), ctx);
      return left.times(right);
    }
    default:
      throw new Error(`internal: ${e.op} is not a run operator`);
  }
}

/** One n-ary sum; a shape mismatch is reported at the `+`/`-` that joins the offending term. */
function combineSum(g: Graph, links: readonly BinaryExpr[], values: Node[]): Node {
  const terms = values.map((v, i) => (i > 0 && links[i - 1].op === '-' ? build.neg(g, v) : v));
  let first: Node | undefined; // the first non-scalar term fixes the shape
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    if (isScalar(t.shape)) continue;
    if (!first) first = t;
    else if (!sameShape(first.shape, t.shape)) located(links[i - 1].span, () => build.add(g, [first!, t]));
  }
  return build.add(g, terms);
}

function combineBinary(e: BinaryExpr, l: Node, r: Node, ctx: ElaborationContext): Node {
  const g = ctx.graph;
  return located(e.span, () => {
    switch (e.op) {
      case '*':
        return timesWithHint(e, l, r, ctx);
      case '/':
        return build.div(g, l, r);
      case '.*':
        return build.hadamard(g, [l, r]);
      case './':
        return build.ediv(g, l, r);
      case '^':
        return build.pow(g, l, r);
      case '.^':
        return build.epow(g, l, r);
      case '+':
      case '-':
        return build.add(g, [l, e.op === '-' ? build.neg(g, r) : r]);
    }
  });
}

/** `x * y` of two same-length vectors is a forgotten transpose: say so in the user's own terms. */
function timesWithHint(e: BinaryExpr, l: Node, r: Node, ctx: ElaborationContext): Node {
  try {
    return build.times(ctx.graph, l, r);
  } catch (err) {
    if (err instanceof ShapeError && isColumn(l.shape) && isColumn(r.shape) && l.shape.rows === r.shape.rows) {
      const a = operandText(e.left, ctx.source);
      const b = operandText(e.right, ctx.source);
      throw new ShapeError(err.message, e.span, `for the inner product (a scalar) write ${a}' * ${b}; for the outer product (a matrix) write ${a} * ${b}'`);
    }
    throw err;
  }
}

const ATOMIC: ReadonlySet<Expr['kind']> = new Set<Expr['kind']>(['name', 'number', 'call', 'paren', 'transpose']);

function operandText(e: Expr, source: string): string {
  const text = source.slice(e.span.start.offset, e.span.end.offset);
  return ATOMIC.has(e.kind) ? text : `(${text})`;
}

function bindingNode(b: Binding, g: Graph): Node {
  switch (b.kind) {
    case 'definition':
    case 'declaration':
      return b.entry.node;
    case 'dimension':
      return build.dimSymbol(g, b.entry.name);
  }
}

function resolveName(name: string, span: Span, ctx: ElaborationContext): Node {
  const b = ctx.scope.lookup(name);
  if (b) return bindingNode(b, ctx.graph);
  if (FUNCTIONS.has(name) || ctx.extensions.has(name))
    throw new MatdiffError('name', `\`${name}\` is a function, not a variable`, span, `call it with arguments: ${name}(...)`);
  const guess = didYouMean(name, ctx.scope.names());
  throw new MatdiffError('name', `undeclared name \`${name}\``, span, guess ?? `declare it before use, e.g. \`${name} : vector(n)\` or \`${name} : scalar\``);
}

function resolveCall(e: CallExpr, ctx: ElaborationContext): Callee {
  const n = e.args.length;
  const spec = FUNCTIONS.get(e.name);
  if (spec) {
    if (!spec.arities.includes(n)) throw new MatdiffError('arity', `${e.name} takes ${describeArity(spec.arities)}, not ${n}`, e.span, spec.usage);
    return { kind: 'builtin', spec };
  }
  const ext = ctx.extensions.get(e.name);
  if (ext) {
    if (ext.arity !== n) throw new MatdiffError('arity', `${e.name} takes ${describeArity([ext.arity])}, not ${n}`, e.span, ext.describe);
    return { kind: 'extension', ext };
  }
  const b = ctx.scope.lookup(e.name);
  if (b)
    throw new MatdiffError(
      'name',
      `\`${e.name}\` is a ${b.kind === 'dimension' ? 'dimension symbol' : 'variable'}, not a function`,
      e.nameSpan,
      `write a product with an explicit operator: ${e.name}*(...)`,
    );
  // A near spelling is a poor guess for these (min is not a misspelt sin): say what exists instead.
  const instead = NOT_FUNCTIONS[e.name];
  const guess = instead ?? didYouMean(e.name, [...FUNCTIONS.keys(), ...ctx.extensions.keys()]);
  throw new MatdiffError(
    'name',
    `unknown function \`${e.name}\``,
    e.nameSpan,
    guess ?? `the functions are ${[...FUNCTIONS.keys(), ...ctx.extensions.keys()].join(', ')}`,
  );
}
