/**
 * The helper kernels as text for generated code: kernels.ts serialized at build time by
 * scripts/generate-runtime.ts (generated/kernels-source.ts, JavaScript with its types as
 * comments), with the helpers each one calls.
 */
import { KERNEL_SOURCE } from './generated/kernels-source';

export type HelperName = keyof typeof KERNEL_SOURCE;

/** Every helper, in kernels.ts order (the order their text is pasted in). */
export const HELPER_NAMES = Object.keys(KERNEL_SOURCE) as HelperName[];

/** A helper's text. */
export const helperText = (h: HelperName): string => KERNEL_SOURCE[h].text;

/** The helpers `h` calls, directly or through others. */
function helperDeps(h: HelperName): HelperName[] {
  const out = new Set<HelperName>();
  const visit = (g: HelperName) => {
    for (const d of KERNEL_SOURCE[g].deps) if (!out.has(d)) (out.add(d), visit(d));
  };
  visit(h);
  return [...out];
}

/** The text of the given helpers and of those they call, in kernels.ts order. */
export function helperSource(names: readonly HelperName[]): string {
  const all = new Set(names.flatMap((h) => [h, ...helperDeps(h)]));
  return HELPER_NAMES.filter((h) => all.has(h))
    .map(helperText)
    .join('\n\n');
}
