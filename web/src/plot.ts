/** The loss curve as an SVG of its own: axes, a few ticks, the polyline. No library. */

const NS = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Round tick values for [lo, hi]: 1, 2 or 5 times a power of ten apart. */
export function ticks(lo: number, hi: number, count = 4): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

const label = (v: number): string => {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(3)));
};

/** Draw `values` (loss per step) into `svg`, replacing what was there. */
export function plotLosses(svg: SVGSVGElement, values: readonly number[]): void {
  const W = 560,
    H = 220,
    L = 64,
    R = 12,
    T = 12,
    B = 32;
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.replaceChildren();
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return;
  let lo = Math.min(...finite),
    hi = Math.max(...finite);
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) ((lo -= 0.5), (hi += 0.5));
  const pad = (hi - lo) * 0.05;
  lo -= pad;
  hi += pad;
  const n = Math.max(1, values.length - 1);
  const X = (i: number) => L + ((W - L - R) * i) / n;
  const Y = (v: number) => T + ((H - T - B) * (hi - v)) / (hi - lo);
  const g = el('g', { class: 'axes' });
  g.append(el('line', { x1: L, y1: H - B, x2: W - R, y2: H - B }), el('line', { x1: L, y1: T, x2: L, y2: H - B }));
  for (const v of ticks(lo, hi)) {
    g.append(el('line', { x1: L, y1: Y(v), x2: W - R, y2: Y(v), class: 'grid' }));
    g.append(el('text', { x: L - 6, y: Y(v) + 4, 'text-anchor': 'end' }, label(v)));
  }
  for (const i of ticks(0, n).filter((i) => Number.isInteger(i))) g.append(el('text', { x: X(i), y: H - B + 16, 'text-anchor': 'middle' }, String(i)));
  g.append(el('text', { x: (L + W - R) / 2, y: H - 2, 'text-anchor': 'middle', class: 'caption' }, 'step'));
  g.append(el('text', { x: 12, y: (T + H - B) / 2, 'text-anchor': 'middle', class: 'caption', transform: `rotate(-90 12 ${(T + H - B) / 2})` }, 'loss'));
  svg.append(g);
  const pts = values.map((v, i) => (Number.isFinite(v) ? `${X(i).toFixed(1)},${Y(v).toFixed(1)}` : '')).filter(Boolean);
  svg.append(el('polyline', { points: pts.join(' '), class: 'curve' }));
  const last = values.length - 1;
  if (Number.isFinite(values[last])) svg.append(el('circle', { cx: X(last), cy: Y(values[last]), r: 3, class: 'end' }));
}
