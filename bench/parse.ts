/**
 * Parse + elaborate time for long sums (issue 2's parse benchmark).
 * Run: npx ts-node --transpile-only bench/parse.ts
 *
 * Two kinds of distinct terms: scalar `k*t^k`, and vector `k*exp(x/k)`.
 * The 10x larger input must take at most 15x longer. Wall time on a shared machine
 * includes waiting for a CPU, so the ratio is judged on process CPU time (all threads,
 * so garbage collection counts); wall time is printed alongside.
 */
import { parseProgram } from '../src/parse';

const SIZES = [1000, 10000, 100000];
const KINDS: Record<string, { header: string; term: (k: number) => string }> = {
  'scalar k*t^k': { header: 't : scalar', term: (k) => `${k}*t^${k}` },
  'vector k*exp(x/k)': { header: 'x : vector(n)', term: (k) => `${k}*exp(x/${k})` },
};

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

function timeOnce(source: string): Timing {
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  const p = parseProgram(source);
  const wallMs = Number(process.hrtime.bigint() - wall0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  if (!p.result || p.result.op !== 'add') throw new Error('benchmark program did not elaborate to a sum');
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Best of a few runs, by CPU time. */
function measure(source: string, runs: number): Timing {
  let best: Timing = { wallMs: Infinity, cpuMs: Infinity };
  for (let i = 0; i < runs; i++) {
    const t = timeOnce(source);
    if (t.cpuMs < best.cpuMs) best = t;
  }
  return best;
}

let worstRatio = 0;
for (const [name, kind] of Object.entries(KINDS)) {
  const sources = SIZES.map((n) => `${kind.header}\n` + Array.from({ length: n }, (_, i) => kind.term(i + 1)).join(' + '));
  measure(sources[0], 3); // warm up the JIT
  const times = sources.map((s, i) => measure(s, SIZES[i] >= 100000 ? 2 : 5));
  console.log(`\n${name}`);
  console.log('   terms      chars    cpu ms  cpu µs/term   wall ms  wall µs/term   10x ratio (cpu, wall)');
  times.forEach((t, i) => {
    let ratio = '';
    if (i > 0) {
      const r = t.cpuMs / times[i - 1].cpuMs;
      worstRatio = Math.max(worstRatio, r);
      ratio = `${r.toFixed(1)}x, ${(t.wallMs / times[i - 1].wallMs).toFixed(1)}x`;
    }
    const n = SIZES[i];
    console.log(
      [
        String(n).padStart(8),
        String(sources[i].length).padStart(10),
        t.cpuMs.toFixed(0).padStart(9),
        ((t.cpuMs * 1000) / n).toFixed(1).padStart(12),
        t.wallMs.toFixed(0).padStart(9),
        ((t.wallMs * 1000) / n).toFixed(1).padStart(13),
        '  ' + ratio,
      ].join(' '),
    );
  });
}
console.log(`\nworst 10x ratio (cpu): ${worstRatio.toFixed(1)}x (limit 15x) ${worstRatio <= 15 ? 'OK' : 'TOO SLOW'}`);
process.exitCode = worstRatio <= 15 ? 0 : 1;
