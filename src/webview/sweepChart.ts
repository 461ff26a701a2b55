// The geometry of the sweep chart, as data: cost per 1,000 calls (x) against one quality rate (y) per
// model, axes with their ticks, where each model's label goes so labels do not overlap, and the
// Pareto front of the plotted points (cheaper or better, never both beaten). Pure: no DOM, so it is
// tested on its own and sweepView.ts only turns it into SVG elements.
import type { SweepPoint } from '../protocol/sweep';

export type QualityMetric = 'schema' | 'agreement';

export const METRIC_TITLES: Record<QualityMetric, string> = { schema: 'schema pass rate', agreement: 'agreement with the baseline' };

export interface Tick { pos: number; text: string }

export interface PlacedPoint {
  model: string;
  arm: string;
  x: number;
  y: number;
  cost: number;
  rate: number;
  baseline: boolean;
  recommended: boolean;
  /** On this chart's two-dimensional front: no other point is at least as cheap and as good, and better on one. */
  front: boolean;
  label: { x: number; y: number; anchor: 'start' | 'end' };
  /** The point in words: its accessible name. */
  description: string;
}

export interface ChartModel {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  xTicks: Tick[];
  yTicks: Tick[];
  xLog: boolean;
  points: PlacedPoint[];
  /** SVG path data of the front as a staircase, cheapest first; empty with fewer than one point. */
  frontPath: string;
  /** Models not plotted, with why: `gpt-x (no catalog price)`. */
  omitted: string[];
  title: string;
}

export interface Size { width: number; height: number }

const MARGIN = { left: 48, right: 16, top: 14, bottom: 40 };
/** Roughly the width of a character of the panel's font at chart label size: labels are placed by it. */
const CHAR_WIDTH = 6.4;
const LABEL_HEIGHT = 13;

/** Keys of the points on the front: minimum cost, maximum rate. */
export function paretoFront2(points: ReadonlyArray<{ key: string; cost: number; rate: number }>): Set<string> {
  const front = new Set<string>();
  for (const p of points) {
    const beaten = points.some((o) => o !== p && o.cost <= p.cost && o.rate >= p.rate && (o.cost < p.cost || o.rate > p.rate));
    if (!beaten) front.add(p.key);
  }
  return front;
}

export function usdTick(v: number): string {
  if (v === 0) return '$0';
  if (v >= 100) return `$${v.toFixed(0)}`;
  if (v >= 1) return `$${Number(v.toFixed(2))}`;
  return `$${Number(v.toPrecision(2))}`;
}

function niceStep(span: number, count: number): number {
  const raw = span / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

interface Scale { at(v: number): number; ticks: Tick[]; log: boolean }

function xScale(costs: number[], left: number, right: number): Scale {
  const positive = costs.filter((c) => c > 0);
  const lo = Math.min(...positive), hi = Math.max(...costs);
  // Tiers of one family differ by 5–20× in price: a log axis keeps the cheap ones apart.
  if (positive.length === costs.length && positive.length > 1 && hi / lo >= 10) {
    const a = Math.floor(Math.log10(lo)), b = Math.ceil(Math.log10(hi));
    const at = (v: number) => left + ((Math.log10(v) - a) / (b - a)) * (right - left);
    const ticks: Tick[] = [];
    for (let e = a; e <= b; e++) for (const m of [1, 2, 5]) { const v = m * 10 ** e; if (v >= 10 ** a && v <= 10 ** b) ticks.push({ pos: at(v), text: usdTick(v) }); }
    return { at, ticks, log: true };
  }
  const max = hi > 0 ? hi : 1;
  const step = niceStep(max, 4);
  const top = Math.ceil((max * 1.05) / step) * step;
  const at = (v: number) => left + (v / top) * (right - left);
  const ticks: Tick[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push({ pos: at(v), text: usdTick(Number(v.toPrecision(6))) });
  return { at, ticks, log: false };
}

function yScale(rates: number[], top: number, bottom: number): Scale {
  // From a round share below the worst rate up to 100%: the differences that matter are a few points.
  const lo = Math.min(...rates, 1);
  const floor = Math.max(0, Math.min(0.9, Math.floor((lo - 0.02) * 10) / 10));
  const step = 1 - floor > 0.3 ? 0.1 : 1 - floor > 0.1 ? 0.05 : 0.02;
  const at = (v: number) => bottom - ((v - floor) / (1 - floor)) * (bottom - top);
  const ticks: Tick[] = [];
  for (let i = 0; floor + i * step <= 1 + 1e-9; i++) { const v = floor + i * step; ticks.push({ pos: at(v), text: `${Math.round(v * 100)}%` }); }
  return { at, ticks, log: false };
}

interface Box { x0: number; x1: number; y0: number; y1: number }
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Each label beside its point, on the side with room, moved up or down past labels already placed. */
function placeLabels(points: Array<{ x: number; y: number; text: string }>, plot: ChartModel['plot']): PlacedPoint['label'][] {
  const placed: Box[] = points.map((p) => ({ x0: p.x - 4, x1: p.x + 4, y0: p.y - 4, y1: p.y + 4 }));
  const order = points.map((_, i) => i).sort((a, b) => points[a].x - points[b].x);
  const out: PlacedPoint['label'][] = new Array(points.length);
  for (const i of order) {
    const p = points[i];
    const w = p.text.length * CHAR_WIDTH;
    const anchor: 'start' | 'end' = p.x + 8 + w <= plot.right + MARGIN.right ? 'start' : 'end';
    const x = anchor === 'start' ? p.x + 8 : p.x - 8;
    const boxAt = (y: number): Box => ({ x0: anchor === 'start' ? x : x - w, x1: anchor === 'start' ? x + w : x, y0: y - LABEL_HEIGHT + 3, y1: y + 3 });
    let y = p.y + 4;
    for (const dy of [0, -LABEL_HEIGHT, LABEL_HEIGHT, -2 * LABEL_HEIGHT, 2 * LABEL_HEIGHT, -3 * LABEL_HEIGHT, 3 * LABEL_HEIGHT]) {
      const cand = p.y + 4 + dy;
      if (cand - LABEL_HEIGHT < 0 || cand > plot.bottom + 2) continue;
      if (!placed.some((b) => overlaps(b, boxAt(cand)))) { y = cand; break; }
    }
    placed.push(boxAt(y));
    out[i] = { x, y, anchor };
  }
  return out;
}

const pctText = (v: number) => `${(v * 100).toFixed(1)}%`;

export function chartModel(points: readonly SweepPoint[], metric: QualityMetric, size: Size = { width: 420, height: 260 }): ChartModel {
  const plot = { left: MARGIN.left, top: MARGIN.top, right: size.width - MARGIN.right, bottom: size.height - MARGIN.bottom };
  const rateOf = (p: SweepPoint) => (metric === 'schema' ? p.schemaRate : p.agreement);
  const omitted: string[] = [];
  const usable = points.filter((p) => {
    if (p.costPer1k === null) { omitted.push(`${p.model} (no catalog price)`); return false; }
    if (rateOf(p) === null) { omitted.push(`${p.model} (no ${metric === 'schema' ? 'schema' : 'paired answers'})`); return false; }
    return true;
  });
  const title = `Cost per 1,000 calls against ${METRIC_TITLES[metric]}`;
  if (!usable.length) return { width: size.width, height: size.height, plot, xTicks: [], yTicks: [], xLog: false, points: [], frontPath: '', omitted, title };
  const xs = xScale(usable.map((p) => p.costPer1k!), plot.left, plot.right);
  const ys = yScale(usable.map((p) => rateOf(p)!), plot.top, plot.bottom);
  const front = paretoFront2(usable.map((p) => ({ key: p.arm, cost: p.costPer1k!, rate: rateOf(p)! })));
  const raw = usable.map((p) => ({ p, x: xs.at(p.costPer1k!), y: ys.at(rateOf(p)!), text: p.model }));
  const labels = placeLabels(raw, plot);
  const placed = raw.map(({ p, x, y }, i): PlacedPoint => ({
    model: p.model, arm: p.arm, x, y, cost: p.costPer1k!, rate: rateOf(p)!, baseline: p.baseline, recommended: p.recommended, front: front.has(p.arm),
    label: labels[i],
    description: `${p.model}${p.baseline ? ' (baseline)' : ''}${p.recommended ? ' (recommended)' : ''}: ${p.texts.per1k} per 1,000 calls, ${METRIC_TITLES[metric]} ${pctText(rateOf(p)!)}${front.has(p.arm) ? ', on the Pareto front' : ''}`,
  }));
  const steps = placed.filter((p) => p.front).sort((a, b) => a.x - b.x || b.y - a.y);
  const frontPath = steps.map((p, i) => (i === 0 ? `M${p.x.toFixed(1)} ${p.y.toFixed(1)}` : `H${p.x.toFixed(1)} V${p.y.toFixed(1)}`)).join(' ');
  return { width: size.width, height: size.height, plot, xTicks: xs.ticks, yTicks: ys.ticks, xLog: xs.log, points: placed, frontPath, omitted, title };
}
