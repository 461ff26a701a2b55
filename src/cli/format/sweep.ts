// A sweep in the terminal: per call site the arms' table, the recommendation and why each cheaper
// candidate was rejected. Model names come from the plan (the user's own input), ids are quoted
// when they hold anything a terminal could act on.
import type { SweepReport } from '../../core/compare/sweepReport';
import { contextFitLines, SWEEP_COLUMNS, sweepRows, volumeLine } from '../../core/report/sweepFigures';
import { plain } from './compare';

export function formatSweepText(reports: readonly SweepReport[]): string {
  const out: string[] = [];
  const simulated = reports.find((r) => r.costSimulated);
  if (simulated) out.push(`${simulated.costNote}.`, '');
  for (const r of reports) {
    out.push(`${plain(r.callSiteId)}: sweep of ${r.candidates.length} candidates against ${plain(r.models.baseline ?? '?')}`);
    const rows = sweepRows(r).map((row) => SWEEP_COLUMNS.map(([k]) => (k === 'arm' || k === 'model' ? plain(row[k]) : row[k])));
    const head = SWEEP_COLUMNS.map(([, t]) => t);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const line = (cells: string[]) => `  ${cells.map((c, i) => (i < 2 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd()}`;
    out.push(line(head), ...rows.map(line));
    const rec = r.recommendation;
    out.push(`  recommendation: ${rec.model ? plain(rec.model) : 'none'} — ${rec.summary}`);
    out.push(`  costs ${volumeLine(r)}`);
    for (const l of contextFitLines(r)) out.push(`  ${l}`);
    if (rec.rejected.length) {
      out.push(rec.model ? '  cheaper candidates rejected:' : '  candidates rejected:');
      for (const x of rec.rejected) out.push(`    ${plain(x.model)}: ${x.reasons.join('; ')}`);
    }
    out.push('');
  }
  return out.join('\n');
}
