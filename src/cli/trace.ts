/** The simplifier's steps for people: numbered, rule name, before and after in the chosen format. */
import type { Format } from '../print';
import type { Step } from '../simplify';
import { print, toJson } from '../print';

export function traceText(steps: readonly Step[], format: Exclude<Format, 'json'>): string {
  if (steps.length === 0) return 'trace: no rule fired (the expression was already in simplest form)\n';
  const width = String(steps.length).length;
  const lines = [`trace: ${steps.length} rewrite${steps.length === 1 ? '' : 's'}, in order`];
  steps.forEach((s, i) => {
    const n = String(i + 1).padStart(width);
    const pad = ' '.repeat(width + 2);
    lines.push(`${n}. ${s.rule}`, `${pad}  ${print(s.before, format)}`, `${pad}→ ${print(s.after, format)}`);
  });
  return lines.join('\n') + '\n';
}

/** The steps as JSON values (for --format json). */
export const traceJson = (steps: readonly Step[]) => steps.map((s) => ({ rule: s.rule, before: toJson(s.before), after: toJson(s.after) }));
