/**
 * Issue 3's figures: warm in-process time of grad + simplify for the seed and every textbook row,
 * every row of issue 9's matrix table (grad, Hessian or Jacobian) with its e-nodes and rounds,
 * how many rows of both tables print the textbook form and the list of those that do not,
 * the scaling from K = 100 to K = 1,000 logistic-type terms, and SymPy side by side on the rows it
 * can do (bench/sympy_gradients.py, run as a subprocess; skipped with a message without python3).
 *
 *     npx ts-node --transpile-only bench/simplify.ts
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { grad } from '../src/ad';
import { Node } from '../src/core/graph';
import { DERIVATIVES } from '../src/derive';
import { parseProgram } from '../src/parse';
import { printText, printUnicode } from '../src/print';
import { simplify, simplifyTraced } from '../src/simplify';
import { MATRIX_TABLE } from '../test/simplify/matrix-table';
import { TABLE } from '../test/simplify/textbook-table';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median ms of `f` over `reps` runs after `warm` warm-up runs. */
function time(f: () => unknown, reps: number, warm = Math.min(reps, 20)): number {
  for (let i = 0; i < warm; i++) f();
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    f();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(out);
}

function gradSimplify(decls: string, f: string, wrt: string): { run: () => Node } {
  const p = parseProgram(`${decls}\n${f}`);
  const x = p.scope.declarations.get(wrt)!.node;
  return { run: () => simplify(p.graph, grad(p.graph, p.result!, x)) };
}

console.log('grad + simplify, warm, in process (median of 200 runs)');
const ours = new Map<string, { ms: number; text: string }>();
let issue3Reached = 0;
for (const row of TABLE) {
  const { run } = gradSimplify(row.decls, row.f, row.wrt);
  const ms = time(run, 200);
  const text = printText(run());
  ours.set(row.name, { ms, text });
  if (text === row.textbook) issue3Reached++;
  const mark = text === row.textbook ? 'textbook' : `textbook: ${row.textbook}`;
  console.log(`  ${row.name.padEnd(20)} ${ms.toFixed(3).padStart(8)} ms   ${text}   (${mark})`);
}
console.log(`  ${issue3Reached} of ${TABLE.length} rows print the textbook form`);

console.log('\nissue 9 matrix table: grad/hessian/jacobian + simplify, warm (median of 50), e-nodes and rounds of saturation');
let matrixReached = 0;
const gaps: { name: string; kind: string; text: string; textbook: string; pinned: boolean }[] = [];
for (const row of MATRIX_TABLE) {
  const p = parseProgram(row.program);
  const x = p.scope.declaration(row.wrt)!.node;
  const derivative = () => DERIVATIVES[row.kind](p.graph, p.result!, x);
  const ms = time(() => simplifyTraced(p.graph, derivative()), 50);
  const r = simplifyTraced(p.graph, derivative());
  const text = printUnicode(r.node);
  const mark = text === row.textbook ? 'textbook' : `textbook: ${row.textbook}`;
  if (text === row.textbook) matrixReached++;
  else gaps.push({ name: row.name, kind: row.kind, text, textbook: row.textbook, pinned: row.reached });
  const stats = `${r.stats?.enodes} e-nodes, ${r.stats?.rounds} rounds${r.stats?.stoppedBy ? `, stopped by ${r.stats.stoppedBy}` : ''}`;
  console.log(`  ${row.name.padEnd(24)} ${ms.toFixed(3).padStart(8)} ms  ${stats.padEnd(34)} ${text}   (${mark})`);
}

console.log(`  ${matrixReached} of ${MATRIX_TABLE.length} rows print the textbook form`);
console.log(
  `\n${matrixReached + issue3Reached} of ${MATRIX_TABLE.length + TABLE.length} rows print the textbook form (issue 9's matrix table and issue 3's table)`,
);
console.log(`\nnot textbook yet (${gaps.length}):`);
for (const g of gaps) {
  // A pinned row off its textbook form means the golden test fails too: the simplifier moved.
  const note = g.pinned ? '   PINNED: the golden test fails' : '';
  console.log(`  ${g.name} (${g.kind})${note}\n      matdiff:  ${g.text}\n      textbook: ${g.textbook}`);
}

console.log('\nscaling: sum of K logistic terms over different matrices A_k, b_k (grad + simplify, fresh graph)');
function logisticSum(K: number): () => Node {
  const decls = ['x : vector(n)'];
  const terms: string[] = [];
  for (let k = 1; k <= K; k++) {
    decls.push(`A${k} : matrix(m, n); b${k} : vector(m)`);
    terms.push(`-1/m * (b${k}' * log(sigmoid(A${k}*x)) + (1 - b${k})' * log(1 - sigmoid(A${k}*x)))`);
  }
  const source = `${decls.join('\n')}\n${terms.join(' + ')}`;
  return () => {
    const p = parseProgram(source);
    return simplify(p.graph, grad(p.graph, p.result!, p.scope.declarations.get('x')!.node));
  };
}
const k100 = time(logisticSum(100), 5, 2);
const k1000 = time(logisticSum(1000), 3, 1);
console.log(`  K = 100:   ${k100.toFixed(1)} ms (parse + grad + simplify)`);
console.log(`  K = 1000:  ${k1000.toFixed(1)} ms`);
console.log(`  ratio 1000/100: ${(k1000 / k100).toFixed(2)} (target <= 15)`);

console.log('\nSymPy side by side (sympy.simplify(f.diff(x)), median of 7)');
try {
  const out = execFileSync('python3', [path.join(__dirname, 'sympy_gradients.py')], { encoding: 'utf8', timeout: 600_000 });
  for (const line of out.trim().split('\n')) {
    const r = JSON.parse(line);
    if (r.skip) {
      console.log(`  skipped: ${r.skip}`);
      break;
    }
    const mine = ours.get(r.name);
    const mineText = mine ? mine.text : '(not in table)';
    if (r.error) console.log(`  ${r.name.padEnd(18)} SymPy FAILS: ${r.error}\n  ${''.padEnd(18)} matdiff: ${mineText}`);
    else {
      const ratio = mine ? (r.seconds * 1000) / mine.ms : NaN;
      console.log(
        `  ${r.name.padEnd(18)} SymPy ${(r.seconds * 1000).toFixed(2)} ms: ${r.result}\n  ${''.padEnd(18)} matdiff ${mine?.ms.toFixed(3)} ms: ${mineText}   (matdiff ${ratio.toFixed(0)}x faster)`,
      );
    }
  }
} catch (e) {
  console.log(`  skipped: python3 could not run bench/sympy_gradients.py (${(e as Error).message.split('\n')[0]})`);
}
