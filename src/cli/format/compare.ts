// Renderings of a compare report for the terminal and CI: plain text, JUnit XML and GitHub Actions
// annotations. (Markdown and HTML, which the editor may share, live in src/core/report.)
import { describeChange } from '../../core/compare/jsonChanges';
import { caseRegressed, mostChanged, type CallSiteReport, type CaseReport } from '../../core/compare/report';
import type { RunPlanFile } from '../../core/replay/records';
import { cell, changeLine, countOf, diffSize, metricRows, ms, noiseLine, pct, reviewLine, verdictWord } from '../../core/report/figures';

/** Characters a terminal acts on or reorders text by: C0/C1 controls (ANSI escapes) and bidi controls. */
const UNSAFE_CHARS = '\\u0000-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
const UNSAFE = new RegExp(`[${UNSAFE_CHARS}]`, 'g');
const UNSAFE_OR_SPACE = new RegExp(`[\\s${UNSAFE_CHARS}]`);
/** Untrusted text for a terminal: quoted, every unsafe character shown as its escape. */
const quoted = (s: string, max = 200) =>
  JSON.stringify(s.length > max ? `${s.slice(0, max - 1)}…` : s).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
/** An id as it is when it holds nothing unsafe and no space; quoted otherwise. */
export const plain = (s: string) => (s !== '' && !UNSAFE_OR_SPACE.test(s) ? s : quoted(s));

export function formatText(report: readonly CallSiteReport[]): string {
  const out: string[] = [];
  const simulated = report.find((r) => r.costSimulated);
  if (simulated) out.push(`${simulated.costNote}.`, '');
  for (const c of report) {
    out.push(`${plain(c.callSiteId)}: ${plain(c.models.baseline ?? '?')} → ${plain(c.models.candidate ?? '?')}`);
    out.push(`  ${'metric'.padEnd(24)} ${'baseline'.padStart(16)} ${'candidate'.padStart(16)} ${'delta'.padStart(12)}`);
    for (const m of metricRows(c)) out.push(`  ${m.label.padEnd(24)} ${m.baseline.padStart(16)} ${m.candidate.padStart(16)} ${m.delta.padStart(12)}`);
    out.push(`  verdict: ${verdictWord(c)} — ${c.significance.reasons.join('; ')}`);
    out.push(`  ${changeLine(c)}`);
    const noise = noiseLine(c);
    if (noise) out.push(`  noise: ${noise}`);
    out.push(`  review: ${reviewLine(c)}`);
    for (const f of c.review.flaggedCases) out.push(`    ${plain(f.caseId)} flagged${f.by ? ` by ${plain(f.by)}` : ''}${f.comment ? `: ${quoted(f.comment)}` : ''}`);
    if (c.changedPaths.length) out.push(`  fields changed most: ${c.changedPaths.slice(0, 5).map((p) => `${plain(p.path)} (${p.cases})`).join(', ')}`);
    const top = mostChanged(c, 5);
    if (top.length) out.push(`  most changed cases: ${top.map((x) => `${plain(x.caseId)} (${diffSize(x.diff!)})`).join(', ')}`);
    out.push('');
  }
  return out.join('\n');
}

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string)
  // XML 1.0 cannot hold most control characters, even escaped.
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

function failed(x: CaseReport, arm: 'baseline' | 'candidate'): boolean {
  const o = x[arm];
  return o.status === 'error' || o.schemaOk === false;
}

/** The compact diff and the review of a case as plain lines, for JUnit's system-out. */
function caseNotes(x: CaseReport): string[] {
  const lines: string[] = [];
  if (x.diff) {
    lines.push(`changed vs baseline: ${diffSize(x.diff)}${x.withinNoise ? " (within the baseline's own noise)" : ''}`);
    if (x.diff.kind === 'json') lines.push(...x.diff.changes.slice(0, 20).map((ch) => describeChange(ch, 120)));
    else lines.push(...x.diff.hunks.flatMap((h) => h.lines).slice(0, 40));
  } else if (x.changed) lines.push('changed vs baseline');
  if (x.review) lines.push(`review: ${x.review.decision}${x.review.by ? ` by ${x.review.by}` : ''}${x.review.comment ? `: ${x.review.comment}` : ''}`);
  return lines;
}

/** JUnit XML: one <testcase> per case and arm; a failure for an error or a schema violation; the diff in system-out. */
export function formatJunit(report: readonly CallSiteReport[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let tests = 0, failures = 0;
  const suites: string[] = [];
  for (const c of report) {
    const cases: string[] = [];
    let suiteFailures = 0;
    for (const x of c.cases) {
      for (const arm of ['baseline', 'candidate'] as const) {
        const o = x[arm];
        tests++;
        const name = `${x.caseId} [${arm}: ${c.models[arm] ?? '?'}]`;
        const time = o.latencyMs !== null ? ` time="${(o.latencyMs / 1000).toFixed(3)}"` : '';
        let body = '';
        if (o.status === 'missing') body = '<skipped message="not run"/>';
        else if (failed(x, arm)) {
          failures++; suiteFailures++;
          const message = o.status === 'error' ? (o.error ?? 'error') : 'output does not match the schema';
          body = `<failure message="${xml(message)}">${xml((o.output ?? '').slice(0, 4000))}</failure>`;
        }
        const notes = arm === 'candidate' ? caseNotes(x) : [];
        if (notes.length) body += `<system-out>${xml(notes.join('\n'))}</system-out>`;
        cases.push(`    <testcase classname="${xml(c.callSiteId)}" name="${xml(name)}"${time}>${body}</testcase>`);
      }
    }
    const props = [
      ['changed', String(c.changed)], ['exactMatchRate', String(c.exactMatchRate ?? '')], ['significance.regressed', String(c.significance.regressed)],
      ['review.accepted', String(c.review.accepted)], ['review.flagged', String(c.review.flagged)], ['costSimulated', String(c.costSimulated)],
    ].map(([k, v]) => `<property name="${k}" value="${xml(v)}"/>`).join('');
    suites.push(`  <testsuite name="${xml(c.callSiteId)}" tests="${c.cases.length * 2}" failures="${suiteFailures}">`, `    <properties>${props}</properties>`, ...cases, '  </testsuite>');
  }
  out.push(`<testsuites name="promptshift compare" tests="${tests}" failures="${failures}">`, ...suites, '</testsuites>', '');
  return out.join('\n');
}

const ghEscape = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProp = (s: string) => ghEscape(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function armVerdict(x: CaseReport, arm: 'baseline' | 'candidate'): string {
  const o = x[arm];
  if (o.status === 'missing') return 'not run';
  if (o.status === 'error') return `error: ${o.error ?? ''}`;
  return o.schemaOk === false ? 'schema fail' : 'pass';
}

/**
 * GitHub Actions workflow commands: a notice per call site (an error when its gate failed), a warning
 * per candidate case that fails where the baseline passed, and one per case a reviewer flagged.
 */
export function formatGithub(report: readonly CallSiteReport[], plan: RunPlanFile | null, failedGates: Set<string>): string {
  const where = new Map(plan?.callSites.map((pc) => [pc.callSite.id, pc.callSite]) ?? []);
  const out: string[] = [];
  for (const c of report) {
    const site = where.get(c.callSiteId);
    const loc = site ? `file=${ghProp(site.path)},line=${site.line},` : '';
    const b = c.arms.baseline, d = c.arms.candidate;
    const fields = c.changedPaths.length ? `; fields changed most: ${c.changedPaths.slice(0, 3).map((p) => `${p.path} (${p.cases})`).join(', ')}` : '';
    const summary = `${c.models.baseline ?? '?'} → ${c.models.candidate ?? '?'}: ${verdictWord(c)}; errors ${cell(b.errorRate, pct)} → ${cell(d.errorRate, pct)}, ${b.schemaPassRate === null && d.schemaPassRate === null ? '' : `schema pass ${countOf(b.schemaPass, b.n)} → ${countOf(d.schemaPass, d.n)}, `}p95 ${cell(b.latencyP95Ms, ms)} → ${cell(d.latencyP95Ms, ms)}, ${changeLine(c)}${fields}; review: ${reviewLine(c)}${c.costSimulated ? '; costs simulated' : ''}`;
    const level = failedGates.has(c.callSiteId) ? 'error' : 'notice';
    out.push(`::${level} ${loc}title=${ghProp(`promptshift ${c.callSiteId}`)}::${ghEscape(summary)}`);
    for (const x of c.cases) {
      if (caseRegressed(x)) out.push(`::warning ${loc}title=${ghProp(`case ${x.caseId} regressed`)}::${ghEscape(armVerdict(x, 'candidate'))}`);
      if (x.review?.decision === 'flagged') out.push(`::warning ${loc}title=${ghProp(`case ${x.caseId} flagged by a reviewer`)}::${ghEscape(x.review.comment || 'flagged')}`);
    }
  }
  return out.join('\n') + (out.length ? '\n' : '');
}
