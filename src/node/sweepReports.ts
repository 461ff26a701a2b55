// A sweep run's report per call site — every candidate against the baseline, the recommendation and
// the Pareto front — with the workspace's "recommend" settings and the catalog's prices (the built-in
// one under the editor's promptshift.models.catalog overrides, so a team's negotiated prices count), as
// `compare` and the canary export compute them, so the editor recommends the model they would.
import { planContextFit } from '../core/compare/contextFit';
import { DEFAULT_GATES } from '../core/compare/recommend';
import { compareSweep } from '../core/compare/sweep';
import { buildSweepReport, type SweepReport } from '../core/compare/sweepReport';
import { BUILTIN_CATALOG, loadCatalog } from '../core/models/catalog';
import { catalogPriceOf } from '../core/replay/catalogPorts';
import type { ResultRecord, RunPlanFile } from '../core/replay/records';
import type { ReviewFile } from '../core/review/decisions';
import { err, ok, type Result } from '../core/result';
import { readRecommendConfig, workspaceOfRun } from './recommendConfig';

export async function sweepReportsOf(runDir: string, plan: RunPlanFile, records: () => AsyncIterable<ResultRecord>, review: ReviewFile, catalogOverrides: readonly unknown[] = []): Promise<Result<SweepReport[]>> {
  const { config, problems } = await readRecommendConfig(workspaceOfRun(runDir, runDir), { gates: {} });
  if (problems.length) return err(problems.join('; '));
  const catalog = loadCatalog(BUILTIN_CATALOG, catalogOverrides);
  const fits = planContextFit(plan.callSites, catalog);
  const textSimilarity = config.gates.textSimilarity ?? DEFAULT_GATES.textSimilarity;
  const sweeps = await compareSweep(records, plan, { outputs: 'changed', agreement: { textSimilarity } });
  return ok(sweeps.map((s) => buildSweepReport(s, {
    plan, review, priceOf: catalogPriceOf(catalog, plan), volume: config.volumeFor(s.callSiteId), gates: config.gates, contextFit: (id) => fits.get(id),
  })));
}
