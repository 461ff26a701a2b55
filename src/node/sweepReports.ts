// A sweep run's report per call site — every candidate against the baseline, the recommendation and
// the Pareto front — with the workspace's "recommend" settings (under the CLI's flags) and the catalog's
// prices (the built-in one under the editor's promptshift.models.catalog overrides, so a team's
// negotiated prices count, and the workspace's own host prices from .promptshift/config.json
// "endpoints"). `compare`, the canary export and the editor all compute it here, so they recommend the
// same model.
import { planContextFit } from '../core/compare/contextFit';
import { DEFAULT_GATES } from '../core/compare/recommend';
import { compareSweep } from '../core/compare/sweep';
import { buildSweepReport, type SweepReport } from '../core/compare/sweepReport';
import { workspaceCatalog } from '../core/models/hosts';
import { catalogPriceOf } from '../core/replay/catalogAdapters';
import type { ResultRecord, RunPlanFile } from '../core/replay/records';
import type { ReviewFile } from '../core/review/decisions';
import { readHostEndpoints } from './endpointConfig';
import { readRecommendConfig, workspaceOfRun, type RecommendFlags } from './recommendConfig';

export interface SweepReportOptions {
  catalogOverrides?: readonly unknown[];
  /** `compare`'s --volume and gate flags, laid over the config's "recommend" section. */
  flags?: RecommendFlags;
  /** The workspace whose .promptshift/config.json is read (`compare --root`); by default the run's. */
  root?: string;
  /** 'all': every case's outputs (`compare --json`); by default changed and failing cases only. */
  outputs?: 'all' | 'changed';
}

/** `problems`: each bad "recommend" setting, naming file and key (the CLI prints one a line). */
export type SweepReports = { ok: true; value: SweepReport[] } | { ok: false; error: string; problems: string[] };

export async function sweepReportsOf(runDir: string, plan: RunPlanFile, records: () => AsyncIterable<ResultRecord>, review: ReviewFile, options: SweepReportOptions = {}): Promise<SweepReports> {
  const root = options.root ?? workspaceOfRun(runDir, runDir);
  const { config, problems } = await readRecommendConfig(root, options.flags ?? { gates: {} });
  // The workspace's own host prices (config "endpoints" … "models") price its hosted arms, as in the replay.
  const hosts = await readHostEndpoints(root);
  const all = [...problems, ...hosts.problems];
  if (all.length) return { ok: false, error: all.join('; '), problems: all };
  const catalog = workspaceCatalog(hosts.endpoints, options.catalogOverrides);
  const textSimilarity = config.gates.textSimilarity ?? DEFAULT_GATES.textSimilarity;
  const sweeps = await compareSweep(records, plan, { outputs: options.outputs ?? 'changed', agreement: { textSimilarity } });
  const fits = planContextFit(plan.callSites, catalog, plan.arms);
  return {
    ok: true,
    value: sweeps.map((s) => buildSweepReport(s, {
      plan, review, priceOf: catalogPriceOf(catalog, plan), volume: config.volumeFor(s.callSiteId), gates: config.gates, contextFit: (id) => fits.get(id),
    })),
  };
}
