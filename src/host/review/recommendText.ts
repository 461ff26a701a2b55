// A sweep's recommendation for one call site as the CodeLens and the Call Sites tree show it
// (`Recommended: gpt-4.1-mini — $12.00/mo vs $48.00/mo`), with the tooltip that names, for each cheaper
// candidate, the gate that rejected it. Pure (no vscode).
import { usdText, type GateName, type Recommendation } from '../../core/compare/recommend';

export const GATE_LABELS: Record<GateName, string> = {
  results: 'no results', price: 'no catalog price', errorRate: 'error rate', schemaPassRate: 'schema pass rate',
  agreement: 'agreement with the baseline', contextFit: 'context window',
};

export interface RecommendationText {
  /** The recommended model, or null when no candidate's gates hold. */
  model: string | null;
  /** The CodeLens title, with its icon. */
  line: string;
  /** The same without the icon, for the tree item's description. */
  summary: string;
  tooltip: string[];
}

/** Model IDs come from run files: `$(` would be read as an icon in a CodeLens title. */
export const noIcons = (s: string): string => s.replace(/\$\(/g, '$\u200b(');

const perMonth = (v: number | null) => (v === null ? 'cost unknown' : `${usdText(v)}/mo`);

export function recommendationText(r: Recommendation, baselineModel: string | null, candidates: number): RecommendationText {
  const summary = r.model
    ? `Recommended: ${noIcons(r.model)} — ${perMonth(r.monthlyCostUsd)} vs ${perMonth(r.baselineMonthlyCostUsd)}`
    : `No candidate holds its gates — keep ${noIcons(baselineModel ?? 'the baseline')}`;
  const v = r.volume;
  const volume = `Monthly costs at ${v.callsPerMonth.toLocaleString('en-US')} calls/month (${v.source === 'config' ? 'from .promptshift/config.json' : 'the default: set recommend.monthlyCalls in .promptshift/config.json'}), at catalog prices.`;
  const rejected = r.rejected.length
    ? [r.model ? 'Cheaper candidates rejected:' : 'Candidates rejected:', ...r.rejected.map((x) => `${x.model} — ${x.gates.map((g) => GATE_LABELS[g]).join(', ')}: ${x.reasons.join('; ')}`)]
    : [r.model ? 'No cheaper candidate was rejected.' : ''];
  return {
    model: r.model, line: `${r.model ? '$(lightbulb)' : '$(circle-slash)'} ${summary}`, summary,
    tooltip: [`Sweep of ${candidates} candidate${candidates === 1 ? '' : 's'}: ${r.summary}.`, volume, ...rejected].filter(Boolean),
  };
}
