// Renderings of a compare report: plain text, Markdown, JUnit XML and GitHub Actions annotations.
import type { ArmMetrics, CallSiteComparison, CaseComparison } from '../../core/compare/metrics';
import type { RunPlanFile } from '../../core/replay/records';

const ROWS: [keyof ArmMetrics, string, (v: number) => string][] = [
  ['n', 'requests', String],
  ['errorRate', 'error rate', pct],
  ['schemaPassRate', 'schema pass rate', pct],
  ['latencyP50Ms', 'latency p50', ms],
  ['latencyP95Ms', 'latency p95', ms],
  ['inputTokens', 'input tokens', String],
  ['outputTokens', 'output tokens', String],
  ['costUsd', 'cost', usd],
  ['costPerCaseUsd', 'cost per case', usd],
];

function pct(v: number): string { return `${(v * 100).toFixed(1)}%`; }
function ms(v: number): string { return `${Math.round(v)} ms`; }
function usd(v: number): string { return `$${v < 0.01 && v > -0.01 ? v.toFixed(6) : v.toFixed(4)}`; }
const cell = (v: number | null, f: (v: number) => string) => (v === null ? '—' : f(v));
const signed = (v: number | null, f: (v: number) => string) => (v === null ? '—' : `${v > 0 ? '+' : ''}${f(v)}`);

export function formatMarkdown(report: CallSiteComparison[]): string {
  const out: string[] = [];
  for (const c of report) {
    out.push(`### ${c.callSiteId}: ${c.models.baseline ?? '?'} → ${c.models.candidate ?? '?'}`, '');
    out.push('| metric | baseline | candidate | delta |', '|---|---:|---:|---:|');
    for (const [k, label, f] of ROWS) out.push(`| ${label} | ${cell(c.arms.baseline[k], f)} | ${cell(c.arms.candidate[k], f)} | ${signed(c.delta[k], f)} |`);
    out.push('', `${c.changed} of ${c.cases.length} cases changed.`);
    const failing = c.cases.filter((x) => armFailed(x, 'candidate'));
    if (failing.length) {
      out.push('', '| case | baseline | candidate |', '|---|---|---|');
      for (const x of failing.slice(0, 50)) out.push(`| ${escapeMd(x.caseId)} | ${verdict(x, 'baseline')} | ${verdict(x, 'candidate')} |`);
      if (failing.length > 50) out.push(`| … ${failing.length - 50} more | | |`);
    }
    out.push('');
  }
  return out.join('\n');
}

export function formatText(report: CallSiteComparison[]): string {
  const out: string[] = [];
  for (const c of report) {
    out.push(`${c.callSiteId}: ${c.models.baseline ?? '?'} → ${c.models.candidate ?? '?'}`);
    for (const [k, label, f] of ROWS) out.push(`  ${label.padEnd(18)} ${cell(c.arms.baseline[k], f).padStart(12)} ${cell(c.arms.candidate[k], f).padStart(12)} ${signed(c.delta[k], f).padStart(12)}`);
    out.push(`  ${c.changed} of ${c.cases.length} cases changed`, '');
  }
  return out.join('\n');
}

function armFailed(x: CaseComparison, arm: 'baseline' | 'candidate'): boolean {
  const o = x[arm];
  return o.status === 'error' || o.schemaOk === false;
}

function verdict(x: CaseComparison, arm: 'baseline' | 'candidate'): string {
  const o = x[arm];
  if (o.status === 'missing') return 'not run';
  if (o.status === 'error') return `error: ${escapeMd(o.error ?? '')}`;
  return o.schemaOk === false ? 'schema fail' : 'pass';
}

const escapeMd = (s: string) => s.replace(/[|\n]/g, (c) => (c === '|' ? '\\|' : ' '));
const xml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string)
  // XML 1.0 cannot hold most control characters, even escaped.
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML: one <testcase> per case and arm; a failure for an error or a schema violation. */
export function formatJunit(report: CallSiteComparison[]): string {
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
        else if (armFailed(x, arm)) {
          failures++; suiteFailures++;
          const message = o.status === 'error' ? (o.error ?? 'error') : 'output does not match the schema';
          body = `<failure message="${xml(message)}">${xml((o.output ?? '').slice(0, 4000))}</failure>`;
        }
        cases.push(`    <testcase classname="${xml(c.callSiteId)}" name="${xml(name)}"${time}>${body}</testcase>`);
      }
    }
    suites.push(`  <testsuite name="${xml(c.callSiteId)}" tests="${c.cases.length * 2}" failures="${suiteFailures}">`, ...cases, '  </testsuite>');
  }
  out.push(`<testsuites name="promptshift compare" tests="${tests}" failures="${failures}">`, ...suites, '</testsuites>', '');
  return out.join('\n');
}

const ghEscape = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProp = (s: string) => ghEscape(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions workflow commands: a notice per call site, an error per candidate case that fails where the baseline passed. */
export function formatGithub(report: CallSiteComparison[], plan: RunPlanFile | null, failedGates: Set<string>): string {
  const where = new Map(plan?.callSites.map((pc) => [pc.callSite.id, pc.callSite]) ?? []);
  const out: string[] = [];
  for (const c of report) {
    const site = where.get(c.callSiteId);
    const loc = site ? `file=${ghProp(site.path)},line=${site.line},` : '';
    const b = c.arms.baseline, d = c.arms.candidate;
    const summary = `${c.models.baseline ?? '?'} → ${c.models.candidate ?? '?'}: errors ${cell(b.errorRate, pct)} → ${cell(d.errorRate, pct)}, schema pass ${cell(b.schemaPassRate, pct)} → ${cell(d.schemaPassRate, pct)}, p95 ${cell(b.latencyP95Ms, ms)} → ${cell(d.latencyP95Ms, ms)}, ${c.changed}/${c.cases.length} cases changed`;
    const level = failedGates.has(c.callSiteId) ? 'error' : 'notice';
    out.push(`::${level} ${loc}title=${ghProp(`promptshift ${c.callSiteId}`)}::${ghEscape(summary)}`);
    for (const x of c.cases) {
      if (armFailed(x, 'candidate') && !armFailed(x, 'baseline')) {
        out.push(`::warning ${loc}title=${ghProp(`case ${x.caseId} regressed`)}::${ghEscape(verdict(x, 'candidate'))}`);
      }
    }
  }
  return out.join('\n') + (out.length ? '\n' : '');
}
