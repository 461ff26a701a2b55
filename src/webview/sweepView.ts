// The review panel's view of a sweep: per call site the recommendation with its Apply button, two
// charts (cost per 1,000 calls against schema pass rate, and against agreement with the baseline) with
// the Pareto front and the recommended model marked, and the table that says the same in words (the
// charts' text alternative). SVG from chart data (sweepChart.ts); colours are theme variables set in
// review.css, and shapes as well as colours tell the baseline, the recommendation and the front apart.
import type { SweepPoint, SweepView } from '../protocol/sweep';
import { h, icon, svg } from './dom';
import { chartModel, METRIC_TITLES, type ChartModel, type PlacedPoint, type QualityMetric } from './sweepChart';

export interface SweepActions {
  applyRecommendation(callSiteId: string): void;
}

function marker(doc: Document, p: PlacedPoint): SVGElement {
  const x = p.x.toFixed(1), y = p.y.toFixed(1);
  const cls = `mark${p.front ? ' front' : ''}${p.baseline ? ' baseline' : ''}${p.recommended ? ' recommended' : ''}`;
  if (p.baseline) return svg(doc, 'rect', { class: cls, x: (p.x - 5).toFixed(1), y: (p.y - 5).toFixed(1), width: 10, height: 10 });
  return svg(doc, 'circle', { class: cls, cx: x, cy: y, r: p.recommended ? 6 : 5 });
}

export function renderChart(doc: Document, m: ChartModel, metric: QualityMetric): Element {
  const { plot } = m;
  const root = svg(doc, 'svg', {
    class: 'sweep-chart', viewBox: `0 0 ${m.width} ${m.height}`, width: m.width, height: m.height, role: 'group',
    'aria-label': `${m.title}: one point per model; the table below lists the same figures`,
  }, svg(doc, 'title', {}, m.title));
  const axes = svg(doc, 'g', { class: 'axes', 'aria-hidden': 'true' });
  for (const t of m.yTicks) {
    axes.append(svg(doc, 'line', { class: 'grid', x1: plot.left, x2: plot.right, y1: t.pos.toFixed(1), y2: t.pos.toFixed(1) }),
      svg(doc, 'text', { class: 'tick', x: plot.left - 6, y: (t.pos + 4).toFixed(1), 'text-anchor': 'end' }, t.text));
  }
  for (const t of m.xTicks) {
    axes.append(svg(doc, 'line', { class: 'tick-mark', x1: t.pos.toFixed(1), x2: t.pos.toFixed(1), y1: plot.bottom, y2: plot.bottom + 4 }),
      svg(doc, 'text', { class: 'tick', x: t.pos.toFixed(1), y: plot.bottom + 16, 'text-anchor': 'middle' }, t.text));
  }
  axes.append(
    svg(doc, 'line', { class: 'axis', x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom }),
    svg(doc, 'line', { class: 'axis', x1: plot.left, x2: plot.left, y1: plot.top, y2: plot.bottom }),
    svg(doc, 'text', { class: 'axis-title', x: ((plot.left + plot.right) / 2).toFixed(1), y: m.height - 6, 'text-anchor': 'middle' }, `cost per 1,000 calls${m.xLog ? ' (log scale)' : ''}`),
    svg(doc, 'text', { class: 'axis-title', x: 12, y: ((plot.top + plot.bottom) / 2).toFixed(1), 'text-anchor': 'middle', transform: `rotate(-90 12 ${((plot.top + plot.bottom) / 2).toFixed(1)})` }, METRIC_TITLES[metric]));
  root.append(axes);
  if (m.frontPath) root.append(svg(doc, 'path', { class: 'front-line', d: m.frontPath, 'aria-hidden': 'true' }));
  for (const p of m.points) {
    const g = svg(doc, 'g', { class: `point${p.recommended ? ' recommended' : ''}`, tabindex: 0, role: 'img', 'aria-label': p.description },
      svg(doc, 'title', {}, p.description));
    if (p.recommended) g.append(svg(doc, 'circle', { class: 'halo', cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: 10 }));
    g.append(marker(doc, p), svg(doc, 'text', { class: 'label', x: p.label.x.toFixed(1), y: p.label.y.toFixed(1), 'text-anchor': p.label.anchor }, p.recommended ? `★ ${p.model}` : p.model));
    root.append(g);
  }
  return root;
}

function legend(doc: Document): HTMLElement {
  const sample = (cls: string, shape: 'rect' | 'circle') => svg(doc, 'svg', { class: 'legend-mark', width: 14, height: 14, viewBox: '0 0 14 14', 'aria-hidden': 'true' },
    shape === 'rect' ? svg(doc, 'rect', { class: cls, x: 2, y: 2, width: 10, height: 10 }) : svg(doc, 'circle', { class: cls, cx: 7, cy: 7, r: 5 }));
  return h(doc, 'p', { class: 'sweep-legend muted' },
    sample('mark baseline', 'rect'), ' baseline · ', sample('mark front', 'circle'), ' on the Pareto front (nothing cheaper is as good) · ',
    sample('mark', 'circle'), ' beaten on cost and quality · ★ recommended · dashed line: the front');
}

function table(doc: Document, v: SweepView): HTMLElement {
  const cols = ['model', 'cost / 1k calls', 'cost / month', 'schema pass', 'agreement', 'latency p95', 'errors', 'verdict'];
  const head = h(doc, 'tr', {}, ...cols.map((c) => h(doc, 'th', { scope: 'col' }, c)));
  const body = h(doc, 'tbody');
  for (const p of v.points) {
    const verdict = h(doc, 'td', { class: 'verdict-cell' }, p.texts.verdict);
    if (p.reasons.length) verdict.append(h(doc, 'ul', { class: 'reasons' }, ...p.reasons.map((r) => h(doc, 'li', {}, r))));
    body.append(h(doc, 'tr', { class: `${p.recommended ? 'recommended' : ''}${p.baseline ? ' baseline' : ''}`.trim() },
      h(doc, 'th', { scope: 'row' }, p.recommended ? `★ ${p.model}` : p.model),
      ...[p.texts.per1k, p.texts.monthly, p.texts.schema, p.texts.agreement, p.texts.p95, p.texts.errors].map((t) => h(doc, 'td', {}, t)), verdict));
  }
  return h(doc, 'table', { class: 'metrics sweep-table' }, h(doc, 'caption', {}, `${v.label}: every model of the sweep, the baseline first, then cheapest first`), h(doc, 'thead', {}, head), body);
}

export function renderSweep(doc: Document, v: SweepView, actions: SweepActions): HTMLElement {
  const rec = v.points.find((p: SweepPoint) => p.recommended);
  const head = h(doc, 'div', { class: 'sweep-head' },
    h(doc, 'p', { class: `sweep-summary ${rec ? 'ok' : 'none'}`, role: 'status' },
      icon(doc, rec ? 'lightbulb' : 'circle-slash'), ' ',
      rec ? h(doc, 'strong', {}, `Recommended: ${rec.model}`) : h(doc, 'strong', {}, 'No candidate recommended'),
      ` — ${v.summary}`));
  if (rec) {
    const apply = h(doc, 'button', { type: 'button', class: 'primary apply-recommendation', title: `Edit the code to use ${rec.model} (shown in the refactor preview first)` }, icon(doc, 'check'), ' Apply Recommendation');
    apply.addEventListener('click', () => actions.applyRecommendation(v.callSiteId));
    head.append(apply);
  }
  const charts = h(doc, 'div', { class: 'sweep-charts' });
  const omitted = new Set<string>();
  for (const metric of ['schema', 'agreement'] as const) {
    const m = chartModel(v.points, metric);
    for (const o of m.omitted) omitted.add(o);
    charts.append(h(doc, 'figure', { class: 'sweep-figure' }, m.points.length ? renderChart(doc, m, metric) : h(doc, 'p', { class: 'muted' }, `Nothing to plot for ${METRIC_TITLES[metric]}.`)));
  }
  return h(doc, 'section', { class: 'sweep', 'aria-label': `Sweep of ${v.label}` },
    h(doc, 'h2', {}, v.label), head, charts, legend(doc),
    omitted.size ? h(doc, 'p', { class: 'muted' }, `Not plotted: ${[...omitted].join(', ')}.`) : null,
    table(doc, v),
    h(doc, 'p', { class: 'muted' }, `Monthly costs ${v.volume}.`),
    v.costNote ? h(doc, 'p', { class: 'muted' }, `${v.costNote}.`) : null);
}

export function renderSweeps(doc: Document, views: readonly SweepView[], actions: SweepActions): HTMLElement {
  return h(doc, 'div', { class: 'sweeps' }, ...views.map((v) => renderSweep(doc, v, actions)));
}
