// A sweep's report for one call site turned into the review panel's sweep view: the table's texts as
// every rendering shows them (core/report/sweepFigures.ts) beside the numbers the chart plots. Pure.
import type { SweepReport } from '../../core/compare/sweepReport';
import { sweepRows, volumeLine } from '../../core/report/sweepFigures';
import type { SweepPoint, SweepView } from '../../protocol/sweep';

export function sweepView(r: SweepReport, label: string): SweepView {
  const byArm = new Map(r.candidates.map((c) => [c.arm, c]));
  const points = sweepRows(r).map((row): SweepPoint => {
    const c = byArm.get(row.arm);
    const texts = { per1k: row.per1k, monthly: row.monthly, schema: row.schema, agreement: row.agreement, p95: row.p95, errors: row.errors, verdict: row.verdict };
    if (!c) {
      return {
        arm: 'baseline', model: row.model, baseline: true, costPer1k: r.baseline.costPer1kCallsUsd, schemaRate: r.arms.baseline.schemaPassRate,
        agreement: 1, pareto: r.baseline.pareto, recommended: false, texts, reasons: [],
      };
    }
    return {
      arm: c.arm, model: c.model, baseline: false, costPer1k: c.costPer1kCallsUsd, schemaRate: r.arms[c.arm]?.schemaPassRate ?? null,
      agreement: c.agreement?.rate ?? null, pareto: c.pareto, recommended: c.recommended, texts,
      reasons: c.gates.filter((g) => !g.ok).map((g) => g.detail),
    };
  });
  return {
    callSiteId: r.callSiteId, label, recommended: r.recommendation.model, summary: r.recommendation.summary,
    volume: volumeLine(r).replace('--volume or recommend.monthlyCalls', 'recommend.monthlyCalls in .promptshift/config.json'),
    costNote: r.costNote ?? null, points,
  };
}
