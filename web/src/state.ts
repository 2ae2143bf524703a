/**
 * The playground's state, and its home in the URL's hash: `#p=...&k=hessian&w=x`. Only values
 * that differ from the defaults are written, so the seed's own link is the bare page.
 */
import type { Kind } from './protocol';
import { SEED, SEED_CLAIM } from './seed';

export interface State {
  program: string;
  kind: Kind;
  wrt: string;
  claim: string;
  mode: 'random' | 'json';
  sizes: string;
  seed: number;
  binary: string;
  json: string;
  rate: number;
  steps: number;
}

export const DEFAULTS: Readonly<State> = {
  program: SEED,
  kind: 'grad',
  wrt: 'x',
  claim: SEED_CLAIM,
  mode: 'random',
  sizes: 'm=200, n=5',
  seed: 1,
  binary: 'b',
  json: '',
  rate: 1,
  steps: 100,
};

const KEYS: Record<keyof State, string> = {
  program: 'p',
  kind: 'k',
  wrt: 'w',
  claim: 'c',
  mode: 'd',
  sizes: 's',
  seed: 'seed',
  binary: 'bin',
  json: 'j',
  rate: 'lr',
  steps: 'it',
};
const KINDS: readonly Kind[] = ['grad', 'hessian', 'jacobian'];

export function encode(s: State): string {
  const q = new URLSearchParams();
  for (const k of Object.keys(KEYS) as (keyof State)[]) if (s[k] !== DEFAULTS[k]) q.set(KEYS[k], String(s[k]));
  const text = q.toString();
  return text ? `#${text}` : '';
}

/** The state a hash describes; anything missing or unreadable is the default. */
export function decode(hash: string): State {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const s: State = { ...DEFAULTS };
  const str = (k: keyof State) => q.get(KEYS[k]);
  const num = (k: keyof State, ok: (v: number) => boolean) => {
    const v = Number(str(k));
    return str(k) !== null && Number.isFinite(v) && ok(v) ? v : (DEFAULTS[k] as number);
  };
  for (const k of ['program', 'wrt', 'claim', 'sizes', 'binary', 'json'] as const) s[k] = str(k) ?? DEFAULTS[k];
  const kind = str('kind');
  if (kind && (KINDS as string[]).includes(kind)) s.kind = kind as Kind;
  if (str('mode') === 'json') s.mode = 'json';
  s.seed = num('seed', (v) => Number.isInteger(v) && v >= 0);
  s.rate = num('rate', (v) => v > 0);
  s.steps = num('steps', (v) => Number.isInteger(v) && v >= 1 && v <= 100000);
  return s;
}
