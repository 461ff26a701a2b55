// The review panel's sweep view: the chart's data model (axes, Pareto front, labels that do not
// overlap), the recommendation texts of the CodeLens and the tree, and the rendered view in a DOM
// (happy-dom) — hostile model names stay text, the table carries every figure, points are focusable,
// Apply Recommendation reaches the host, and a run of one candidate keeps its metrics table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';
import type { Recommendation } from '../../../src/core/compare/recommend';
import { DEFAULT_GATES } from '../../../src/core/compare/recommend';
import { recommendationText } from '../../../src/host/review/recommendText';
import type { HostMessage, WebviewMessage } from '../../../src/protocol/review';
import { isHostMessage } from '../../../src/protocol/review';
import type { SweepPoint, SweepView } from '../../../src/protocol/sweep';
import { ReviewApp } from '../../../src/webview/app';
import { chartModel, paretoFront2 } from '../../../src/webview/sweepChart';
import { HOSTILE } from './runFixture';

const point = (model: string, costPer1k: number | null, schemaRate: number | null, agreement: number | null, o: Partial<SweepPoint> = {}): SweepPoint => ({
  arm: model, model, baseline: false, costPer1k, schemaRate, agreement, pareto: false, recommended: false,
  texts: { per1k: costPer1k === null ? '—' : `$${costPer1k}`, monthly: '$1', schema: '1/1', agreement: '1/1', p95: '10 ms', errors: '0/1', verdict: 'passes' }, reasons: [], ...o,
});

// The stand-in's tiers (test/unit/replay/sweepWorkspace.ts): nano breaks the schema, 4o-mini disagrees,
// 4.1-mini passes and is recommended, 4o is dearer than the baseline.
const POINTS: SweepPoint[] = [
  point('gpt-4.1', 1.2, 1, 1, { arm: 'baseline', baseline: true }),
  point('gpt-4.1-nano', 0.06, 0.94, 0.94, { reasons: ['schema pass rate 94.0% (94/100) against the baseline\'s 100.0% − 2.0 pts allowed'], texts: { per1k: '$0.06', monthly: '$6.00', schema: '94/100', agreement: '94/100 (94.0%)', p95: '3 ms', errors: '0/100', verdict: 'rejected: schemaPassRate' } }),
  point('gpt-4o-mini', 0.09, 1, 0.7),
  point('gpt-4.1-mini', 0.24, 1, 0.98, { recommended: true }),
  point('gpt-4o', 1.9, 1, 1),
];

test('Pareto front in two dimensions: cheaper or better, never both beaten; ties on both stay', () => {
  const f = paretoFront2([{ key: 'a', cost: 1, rate: 0.9 }, { key: 'b', cost: 2, rate: 0.95 }, { key: 'c', cost: 3, rate: 0.9 }, { key: 'd', cost: 2, rate: 0.95 }, { key: 'e', cost: 0.5, rate: 0.5 }]);
  assert.deepEqual([...f].sort(), ['a', 'b', 'd', 'e']);
});

test('chart model: a log cost axis for tiers an order of magnitude apart, the front as a staircase, points and labels inside the chart', () => {
  const m = chartModel(POINTS, 'schema');
  assert.equal(m.xLog, true);
  assert.deepEqual(m.xTicks.map((t) => t.text), ['$0.01', '$0.02', '$0.05', '$0.1', '$0.2', '$0.5', '$1', '$2', '$5', '$10']);
  assert.deepEqual(m.yTicks.map((t) => t.text), ['90%', '92%', '94%', '96%', '98%', '100%']);
  const at = (model: string) => m.points.find((p) => p.model === model)!;
  assert.ok(at('gpt-4.1-nano').x < at('gpt-4o-mini').x && at('gpt-4o-mini').x < at('gpt-4.1-mini').x && at('gpt-4.1-mini').x < at('gpt-4.1').x);
  assert.ok(at('gpt-4.1-nano').y > at('gpt-4o-mini').y, 'a lower rate is lower on the chart (larger y)');
  // On schema alone, 4o-mini (cheaper, 100%) beats 4.1-mini, the baseline and 4o.
  assert.deepEqual(m.points.filter((p) => p.front).map((p) => p.model), ['gpt-4.1-nano', 'gpt-4o-mini']);
  assert.match(m.frontPath, /^M[\d.]+ [\d.]+ H[\d.]+ V[\d.]+$/);
  for (const p of m.points) {
    assert.ok(p.x >= m.plot.left && p.x <= m.plot.right && p.y >= m.plot.top && p.y <= m.plot.bottom, p.model);
    assert.ok(p.label.y > 0 && p.label.y <= m.height, `${p.model} label inside`);
  }
  // Four models sit at 100%: their labels are moved apart, not drawn over each other.
  const boxes = m.points.map((p) => { const w = p.model.length * 6.4; const x0 = p.label.anchor === 'start' ? p.label.x : p.label.x - w; return { x0, x1: x0 + w, y0: p.label.y - 10, y1: p.label.y + 3, m: p.model }; });
  for (const a of boxes) for (const b of boxes) if (a !== b) assert.ok(!(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1), `${a.m} and ${b.m} labels overlap`);
  assert.match(at('gpt-4.1-mini').description, /^gpt-4\.1-mini \(recommended\): \$0\.24 per 1,000 calls, schema pass rate 100\.0%$/);
  const agreement = chartModel(POINTS, 'agreement');
  assert.deepEqual(agreement.points.filter((p) => p.front).map((p) => p.model), ['gpt-4.1', 'gpt-4.1-nano', 'gpt-4.1-mini']);
  assert.equal(agreement.yTicks[0].text, '60%');
});

test('chart model: models without a price or a rate are listed, not plotted; a narrow range gets a linear axis from $0', () => {
  const m = chartModel([point('a', 1, 1, 1), point('b', 2, 0.8, 0.9), point('unpriced', null, 1, 1), point('free-text', 0.5, null, 0.9)], 'schema');
  assert.deepEqual(m.omitted, ['unpriced (no catalog price)', 'free-text (no schema)']);
  assert.equal(m.xLog, false);
  assert.equal(m.xTicks[0].text, '$0');
  assert.deepEqual(m.points.map((p) => p.model), ['a', 'b']);
  assert.deepEqual(chartModel([point('x', null, 1, 1)], 'schema').points, []);
});

const rec = (o: Partial<Recommendation>): Recommendation => ({
  model: 'gpt-4.1-mini', arm: 'gpt-4.1-mini', monthlyCostUsd: 12, baselineMonthlyCostUsd: 48.5, rejected: [], volume: { callsPerMonth: 100_000, source: 'default' },
  gates: DEFAULT_GATES, summary: 'gpt-4.1-mini is the cheapest candidate whose gates hold', ...o,
});

test('recommendation texts: the CodeLens line, the tree description and a tooltip naming the gate that rejected each cheaper candidate', () => {
  const t = recommendationText(rec({ rejected: [{ model: 'gpt-4.1-nano', arm: 'gpt-4.1-nano', gates: ['schemaPassRate'], reasons: ['schema pass rate 94.0%'] }, { model: 'gpt-4o-mini', arm: 'gpt-4o-mini', gates: ['agreement', 'errorRate'], reasons: ['agreement 70.0%', 'error rate 5.0%'] }] }), 'gpt-4.1', 4);
  assert.equal(t.line, '$(lightbulb) Recommended: gpt-4.1-mini — $12.00/mo vs $48.50/mo');
  assert.equal(t.summary, 'Recommended: gpt-4.1-mini — $12.00/mo vs $48.50/mo');
  assert.equal(t.model, 'gpt-4.1-mini');
  assert.deepEqual(t.tooltip.slice(2), ['Cheaper candidates rejected:', 'gpt-4.1-nano — schema pass rate: schema pass rate 94.0%', 'gpt-4o-mini — agreement with the baseline, error rate: agreement 70.0%; error rate 5.0%']);
  assert.match(t.tooltip[1], /100,000 calls\/month \(the default/);
  const none = recommendationText(rec({ model: null, arm: null, monthlyCostUsd: null, rejected: [{ model: 'x', arm: 'x', gates: ['price'], reasons: ['no catalog price for x'] }] }), 'gpt-4.1', 1);
  assert.equal(none.line, '$(circle-slash) No candidate holds its gates — keep gpt-4.1');
  assert.equal(none.tooltip[2], 'Candidates rejected:');
  assert.equal(recommendationText(rec({ model: '$(alert) evil' }), null, 2).line, '$(lightbulb) Recommended: $\u200b(alert) evil — $12.00/mo vs $48.50/mo', 'a model ID cannot add an icon');
});

function mount() {
  const window = new Window({ url: 'https://webview.test/' });
  const doc = window.document as unknown as Document;
  const posted: WebviewMessage[] = [];
  const app = new ReviewApp(doc, { postMessage: (m) => posted.push(m), getState: () => undefined, setState: () => undefined });
  app.start();
  return { doc, app, posted };
}

const header = { runId: 'r1', runDir: '/runs/r1', createdAt: '2026-11-15', endpoint: 'local', simulated: true, status: 'done', canExportRollout: false };

test('sweep view: charts and a table of every model, hostile model names as text, focusable points, Apply Recommendation posts to the host', () => {
  const hostile = HOSTILE.map((m, i) => point(m, 0.1 * (i + 1), 0.99, 0.95, { arm: `h${i}`, texts: { ...point(m, 1, 1, 1).texts, verdict: m }, reasons: [m] }));
  const view: SweepView = { callSiteId: 'site-1', label: 'src/classify.ts:4', recommended: 'gpt-4.1-mini', summary: 'gpt-4.1-mini is the cheapest', volume: 'projected at 100,000 calls/month', costNote: 'Costs are simulated', points: [...POINTS, ...hostile] };
  const init: HostMessage = { type: 'init', header, sites: [], sweeps: [view], total: 0 };
  assert.ok(isHostMessage(init));
  const { doc, app, posted } = mount();
  app.receive(init);
  const section = doc.querySelector('section.sweep')!;
  const charts = section.querySelectorAll('svg.sweep-chart');
  assert.equal(charts.length, 2);
  // Only our own SVG elements: no script, image, link, style or handler from a model name.
  assert.equal(section.querySelectorAll('script, img, a, iframe, style, b, foreignObject').length, 0);
  for (const e of section.querySelectorAll('*')) for (const a of e.getAttributeNames()) assert.ok(!/^on/i.test(a), `${e.tagName}[${a}]`);
  assert.ok(section.textContent!.includes(HOSTILE[0]), 'the hostile name is shown as text');
  const points = charts[0].querySelectorAll('g.point');
  assert.equal(points.length, POINTS.length + HOSTILE.length);
  for (const g of points) { assert.equal(g.getAttribute('tabindex'), '0'); assert.ok(g.getAttribute('aria-label')); }
  assert.equal(charts[0].querySelectorAll('.point.recommended .halo').length, 1);
  assert.ok(charts[0].querySelector('path.front-line'));
  const rows = section.querySelectorAll('table.sweep-table tbody tr');
  assert.equal(rows.length, POINTS.length + HOSTILE.length);
  assert.equal(rows[0].querySelector('th')!.textContent, 'gpt-4.1');
  assert.equal(section.querySelector('tr.recommended th')!.textContent, '★ gpt-4.1-mini');
  assert.match(section.querySelector('.sweep-table')!.textContent!, /rejected: schemaPassRate.*schema pass rate 94\.0%/);
  assert.equal(doc.querySelector('details.metrics-wrap > summary')!.textContent, 'Sweep: cost and quality per model');
  (section.querySelector('button.apply-recommendation') as HTMLElement).click();
  assert.deepEqual(posted.at(-1), { type: 'applyRecommendation', callSiteId: 'site-1' });
});

test('sweep view: with nothing recommended there is no Apply button; a run of one candidate keeps its metrics table', () => {
  const { doc, app } = mount();
  app.receive({ type: 'init', header, sites: [], sweeps: [{ callSiteId: 's', label: 'a.ts:1', recommended: null, summary: "no candidate's gates hold", volume: 'v', costNote: null, points: POINTS.map((p) => ({ ...p, recommended: false })) }], total: 0 });
  assert.equal(doc.querySelector('button.apply-recommendation'), null);
  assert.match(doc.querySelector('.sweep-summary')!.textContent!, /No candidate recommended/);
  app.receive({ type: 'init', header, sites: [{ callSiteId: 's', label: 'a.ts:1', baselineModel: 'a', candidateModel: 'b', rows: [], regressed: false, reasons: [], method: 'm', changed: 0, cases: 0 }], sweeps: [], total: 0 });
  assert.equal(doc.querySelector('section.sweep'), null);
  assert.ok(doc.querySelector('table.metrics'));
  assert.equal(doc.querySelector('details.metrics-wrap > summary')!.textContent, 'Metrics and significance');
});
