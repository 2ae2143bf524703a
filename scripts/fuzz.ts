/**
 * The fuzz wall, long run: `npm run fuzz -- [cases=100000] [seed=1]`, or
 * `npx ts-node --transpile-only scripts/fuzz.ts 100000 1`. Runs random programs through
 * grad, hessian, jacobian, simplify, compile and check (test/support/fuzz.ts) and prints a
 * summary: how many cases reached a derivative, were skipped (and why), were refused by name,
 * and every distinct finding with the first case that shows it. Exit status 1 on any finding.
 */
import fc from 'fast-check';
import * as simplifier from '../src/simplify';
import { describeCase, fuzzCases, runCase } from '../test/support/fuzz';

const total = Number(process.argv[2] ?? 100000);
const seed = Number(process.argv[3] ?? 1);
const BATCH = 1000;

const tally = new Map<string, number>();
const findings = new Map<string, { count: number; example: string }>();
const refusals = new Map<string, number>();
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const started = Date.now();
/** The slowest case (the whole pipeline: derive with saturation and verification, FD, compile, check). */
let slowest = { ms: 0, example: '' };
/**
 * The slowest single simplification (issue 9's bound: 2 s). Timed by wrapping the module's
 * export, which derive and check call through (CommonJS property access).
 */
let slowestSimplify = { ms: 0, example: '' };
let caseSimplifyMs = 0;
const untimed = simplifier.simplifyTraced;
(simplifier as { simplifyTraced: typeof untimed }).simplifyTraced = (...args: Parameters<typeof untimed>) => {
  const t0 = performance.now();
  try {
    return untimed(...args);
  } finally {
    caseSimplifyMs = Math.max(caseSimplifyMs, performance.now() - t0);
  }
};

for (let done = 0; done < total; done += BATCH) {
  const cases = fc.sample(fuzzCases(), { numRuns: Math.min(BATCH, total - done), seed: seed + done });
  for (const c of cases) {
    const t0 = performance.now();
    caseSimplifyMs = 0;
    const out = runCase(c);
    const ms = performance.now() - t0;
    if (ms > slowest.ms) slowest = { ms, example: describeCase(c) };
    if (caseSimplifyMs > slowestSimplify.ms) slowestSimplify = { ms: caseSimplifyMs, example: describeCase(c) };
    bump(tally, out.status === 'skipped' ? `skipped (${out.why})` : out.status);
    if (out.status === 'refused') bump(refusals, out.message.slice(0, 120));
    if (out.status === 'finding') {
      // Group by the message without its numbers, so one bug is one line.
      const key = out.message.replace(/-?\d[\d.e+-]*/g, '#').slice(0, 160);
      const f = findings.get(key);
      if (f) f.count++;
      else findings.set(key, { count: 1, example: `${describeCase(c)}: ${out.message}` });
    }
  }
  const n = Math.min(done + BATCH, total);
  process.stderr.write(`\r${n}/${total} cases, ${findings.size} distinct findings, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
process.stderr.write('\n');
console.log(`fuzz: ${total} cases from seed ${seed} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const [k, v] of [...tally].sort()) console.log(`  ${k}: ${v}`);
console.log(`slowest case: ${slowest.ms.toFixed(0)} ms, ${slowest.example.slice(0, 300)}`);
console.log(`slowest simplification: ${slowestSimplify.ms.toFixed(0)} ms, ${slowestSimplify.example.slice(0, 300)}`);
if (refusals.size) console.log('refused by name (supported-case gaps, not wrong answers):');
for (const [k, v] of [...refusals].sort((a, b) => b[1] - a[1])) console.log(`  ${v} × ${k}`);
console.log(findings.size ? `findings (${findings.size} distinct):` : 'findings: none');
for (const { count, example } of findings.values()) console.log(`  ${count} × ${example.slice(0, 600)}`);
process.exit(findings.size ? 1 : 0);
