// A sweep run's report per call site — every candidate against the baseline, the recommendation and
// the Pareto front — with the workspace's "recommend" settings and the catalog's prices (and the
// workspace's own host prices), as `compare` and the canary export compute them, so the editor
// recommends the model they would.
import { planContextFit } from '../core/compare/contextFit';
import { DEFAULT_GATES } from '../core/compare/recommend';
import { compareSweep } from '../core/compare/sweep';
import { buildSweepReport, type SweepReport } from '../core/compare/sweepReport';
import { workspaceCatalog } from '../core/models/hosts';
import { catalogPriceOf } from '../core/replay/catalogAdapters';
import type { ResultRecord, RunPlanFile } from '../core/replay/records';
import type { ReviewFile } from '../core/review/decisions';
import { err, ok, type Result } from '../core/result';
import { readHostEndpoints } from './endpointConfig';
import { readRecommendConfig, workspaceOfRun } from './recommendConfig';

export async function sweepReportsOf(runDir: string, plan: RunPlanFile, records: () => AsyncIterable<ResultRecord>, review: ReviewFile): Promise<Result<SweepReport[]>> {
  const root = workspaceOfRun(runDir, runDir);
  const { config, problems } = await readRecommendConfig(root, { gates: {} });
  // The workspace's own host prices (config "endpoints" … "models"), as compare reads them.
  const hosts = await readHostEndpoints(root);
  if (problems.length || hosts.problems.length) return err([...problems, ...hosts.problems].join('; '));
  const catalog = workspaceCatalog(hosts.endpoints);
  const fits = planContextFit(plan.callSites, catalog, plan.arms);
  const textSimilarity = config.gates.textSimilarity ?? DEFAULT_GATES.textSimilarity;
  const sweeps = await compareSweep(records, plan, { outputs: 'changed', agreement: { textSimilarity } });
  return ok(sweeps.map((s) => buildSweepReport(s, {
    plan, review, priceOf: catalogPriceOf(catalog, plan), volume: config.volumeFor(s.callSiteId), gates: config.gates, contextFit: (id) => fits.get(id),
  })));
}
