// `compare --markdown` for a sweep: per call site the arms' table (cost against the gates), the
// recommendation, the reasons each cheaper candidate was rejected, and the recommended candidate's
// comparison with the baseline in the same detail as a run of one candidate.
import type { SweepReport } from '../compare/sweepReport';
import type { RunPlanFile } from '../replay/records';
import { mdCode, mdText } from './escape';
import { callSiteMarkdown, type MarkdownOptions } from './markdown';
import { contextFitLines, SWEEP_COLUMNS, sweepRows, volumeLine } from './sweepFigures';

export function renderSweepMarkdown(reports: readonly SweepReport[], opts: MarkdownOptions & { plan?: RunPlanFile | null } = {}): string {
  const out: string[] = [];
  const simulated = reports.find((r) => r.costSimulated);
  if (simulated) out.push(`> ⚠️ ${mdText(simulated.costNote ?? 'Costs are simulated')}.`, '');
  for (const r of reports) out.push(...sweepSection(r, opts), '');
  return out.join('\n');
}

function sweepSection(r: SweepReport, opts: MarkdownOptions): string[] {
  const site = opts.plan?.callSites.find((p) => p.callSite.id === r.callSiteId)?.callSite;
  const where = site ? ` (${mdCode(`${site.path}:${site.line}`)})` : '';
  const out = [`### ${mdCode(r.callSiteId)}: sweep of ${r.candidates.length} candidates against ${mdCode(r.models.baseline ?? '?')}${where}`, ''];
  const rec = r.recommendation;
  out.push(`${rec.model ? '✅' : '❌'} **Recommendation:** ${rec.model ? mdCode(rec.model) : 'none'} — ${mdText(rec.summary)}.`, '');
  out.push(`_Costs ${mdText(volumeLine(r))}. Gates: error rate ≤ baseline + ${mdText((rec.gates.maxErrorRateIncrease * 100).toFixed(1))} pts, schema pass ≥ baseline − ${mdText((rec.gates.maxSchemaPassDrop * 100).toFixed(1))} pts, agreement ≥ ${mdText((rec.gates.minAgreement * 100).toFixed(1))}% (JSON fields and labels exact, free text at similarity ≥ ${mdText(String(rec.gates.textSimilarity))})._`, '');
  out.push(`| ${SWEEP_COLUMNS.map(([, t]) => t).join(' | ')} |`, `|${SWEEP_COLUMNS.map(([k]) => (k === 'arm' || k === 'model' || k === 'verdict' ? '---' : '---:')).join('|')}|`);
  for (const row of sweepRows(r)) {
    out.push(`| ${SWEEP_COLUMNS.map(([k]) => (k === 'arm' || k === 'model' ? mdCode(row[k], { inTable: true }) : mdText(row[k]))).join(' | ')} |`);
  }
  out.push('');
  const fit = contextFitLines(r);
  if (fit.length) out.push(...fit.map((l) => `- ${mdText(l)}`), '');
  if (rec.rejected.length) {
    out.push(rec.model ? '**Cheaper candidates rejected:**' : '**Candidates rejected:**', '');
    for (const x of rec.rejected) out.push(`- ${mdCode(x.model)}: ${x.reasons.map(mdText).join('; ')}.`);
    out.push('');
  }
  const shown = rec.arm ?? r.candidates[0]?.arm;
  if (shown && r.pairs[shown]) {
    out.push(`#### ${rec.arm ? 'The recommended candidate' : 'The first candidate'} against the baseline`, '');
    out.push(...callSiteMarkdown(r.pairs[shown], opts));
  }
  return out;
}
