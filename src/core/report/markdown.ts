// `compare --markdown`: a comparison ready to paste into a pull request. Counts beside rates, the
// significance verdict with its method, the review, the fields that moved most, and the most-changed
// cases with compact diffs. Every model output, case id, comment and error goes into code (escape.ts).
import { describeChange } from '../compare/jsonChanges';
import { caseRegressed, mostChanged, type CallSiteReport, type CaseReport } from '../compare/report';
import type { RunPlanFile } from '../replay/records';
import { changeLine, countOf, diffSize, metricRows, noiseLine, reviewLine, verdictWord } from './figures';
import { mdCode, mdFence, mdText } from './escape';

export interface MarkdownOptions {
  plan?: RunPlanFile | null;
  /** How many of the most-changed cases get a diff (default 10). */
  topCases?: number;
  /** Lines of a compact diff shown per case (default 12). */
  diffLines?: number;
}

const TOP_FIELDS = 10;
const MAX_FAILING = 50;

export function renderMarkdown(reports: readonly CallSiteReport[], opts: MarkdownOptions = {}): string {
  const out: string[] = [];
  const simulated = reports.some((r) => r.costSimulated);
  if (simulated) out.push(`> ⚠️ ${mdText(reports.find((r) => r.costNote)?.costNote ?? 'Costs are simulated')}.`, '');
  for (const r of reports) out.push(...callSiteMarkdown(r, opts), '');
  return out.join('\n');
}

export function callSiteMarkdown(r: CallSiteReport, opts: MarkdownOptions): string[] {
  const out: string[] = [];
  const site = opts.plan?.callSites.find((p) => p.callSite.id === r.callSiteId)?.callSite;
  const where = site ? ` (${mdCode(`${site.path}:${site.line}`)})` : '';
  out.push(`### ${mdCode(r.callSiteId)}: ${mdCode(r.models.baseline ?? '?')} → ${mdCode(r.models.candidate ?? '?')}${where}`, '');
  const mark = r.significance.regressed ? '❌' : '✅';
  out.push(`${mark} **${mdText(verdictWord(r))}**: ${r.significance.reasons.map(mdText).join('; ')}.`, '');
  out.push(`_Method: ${mdText(r.significance.method)}._`, '');
  out.push('| metric | baseline | candidate | delta |', '|---|---:|---:|---:|');
  for (const m of metricRows(r)) out.push(`| ${mdText(m.label)} | ${mdText(m.baseline)} | ${mdText(m.candidate)} | ${mdText(m.delta)} |`);
  out.push('');
  // A list, not lines of one paragraph: GitHub joins or breaks soft line breaks depending on where it renders.
  out.push(`- **Outputs:** ${mdText(changeLine(r))}.`);
  const noise = noiseLine(r);
  if (noise) out.push(`- **Noise:** ${mdText(noise)}.`);
  out.push(`- **Review:** ${mdText(reviewLine(r))}.`);
  for (const f of r.review.flaggedCases) {
    out.push(`  - ${mdCode(f.caseId)} flagged${f.by ? ` by ${mdCode(f.by)}` : ''}${f.comment ? `: ${mdCode(f.comment, { max: 300 })}` : ''}`);
  }
  out.push('');
  if (r.changedPaths.length) {
    out.push(`**JSON fields that changed most** (of ${r.jsonCases} cases answered in JSON by both):`, '', '| field | cases |', '|---|---:|');
    for (const p of r.changedPaths.slice(0, TOP_FIELDS)) out.push(`| ${mdCode(p.path, { inTable: true, max: 120 })} | ${mdText(countOf(p.cases, r.jsonCases))} |`);
    if (r.changedPaths.length > TOP_FIELDS) out.push(`| … ${r.changedPaths.length - TOP_FIELDS + r.changedPathsOmitted} more | |`);
    out.push('');
  }
  const failing = r.cases.filter((x) => x.candidate.status === 'error' || x.candidate.schemaOk === false);
  if (failing.length) {
    out.push('**Cases that fail on the candidate:**', '', '| case | baseline | candidate |', '|---|---|---|');
    for (const x of failing.slice(0, MAX_FAILING)) out.push(`| ${mdCode(x.caseId, { inTable: true })}${caseRegressed(x) ? ' (regressed)' : ''} | ${verdict(x, 'baseline')} | ${verdict(x, 'candidate')} |`);
    if (failing.length > MAX_FAILING) out.push(`| … ${failing.length - MAX_FAILING} more | | |`);
    out.push('');
  }
  const top = mostChanged(r, opts.topCases ?? 10);
  if (top.length) {
    out.push(`**The ${top.length} most-changed cases** (repeat 0, baseline → candidate):`, '');
    for (const x of top) out.push(...caseBlock(x, opts.diffLines ?? 12), '');
  }
  return out;
}

function verdict(x: CaseReport, arm: 'baseline' | 'candidate'): string {
  const o = x[arm];
  if (o.status === 'missing') return 'not run';
  if (o.status === 'error') return `error: ${mdCode(o.error ?? '', { inTable: true, max: 160 })}`;
  if (o.schemaOk === false) {
    const first = o.schemaErrors[0];
    return first ? `schema fail: ${mdCode(`${first.path || '/'} ${first.message}`, { inTable: true, max: 160 })}` : 'schema fail';
  }
  return 'pass';
}

function caseBlock(x: CaseReport, maxLines: number): string[] {
  const d = x.diff!;
  const notes = [mdText(diffSize(d))];
  if (x.withinNoise) notes.push('within the baseline\'s own noise');
  if (x.review) notes.push(`${x.review.decision}${x.review.comment ? `: ${mdCode(x.review.comment, { max: 200 })}` : ''}`);
  const head = `**${mdCode(x.caseId)}** — ${notes.join(' · ')}`;
  let lines: string[];
  let info: string;
  if (d.kind === 'json') {
    info = 'text';
    lines = d.changes.slice(0, maxLines).map((c) => describeChange(c, 80));
    const more = d.size - lines.length;
    if (more > 0) lines.push(`… ${more} more`);
  } else {
    info = 'diff';
    lines = d.hunks.flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines]);
    const more = lines.length - maxLines + d.linesOmitted;
    lines = lines.slice(0, maxLines).map((l) => (l.length > 160 ? `${l.slice(0, 159)}…` : l));
    if (more > 0) lines.push(`… ${more} more lines`);
  }
  return [head, '', mdFence(lines, info)];
}
