// The plan for people: verdict, stages with sample sizes and durations, gates with the run's evidence,
// what a breach does, the metrics the app must emit, the rollback procedure and the sign-off
// checklist. Call site ids and paths, reasons (they quote reviewers' comments) and warnings are data:
// escaped wherever they appear; the plan's own prose is written Markdown-safe and only has its table
// pipes escaped.
import type { Gate, RolloutPlan } from '../types';
import type { ExportFile } from './common';

const esc = (s: string) => s.replace(/[\\`*_{}[\]<>()#+!|~]/g, '\\$&').replace(/\r?\n/g, ' ');
const code = (s: string) => `\`${s.replace(/`/g, '\'').replace(/\|/g, '\\|')}\``;
/** Our own prose inside a table cell: only the pipe is special there. */
const cell = (s: string) => s.replace(/\|/g, '\\|');
const pct = (x: number | null) => (x === null ? '—' : `${+(x * 100).toFixed(3)}%`);

export function duration(s: number): string {
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.ceil(s / 60)} min`;
  return `${+(s / 3600).toFixed(1)} h`;
}

function value(g: Pick<Gate, 'unit'>, v: number | null): string {
  if (v === null) return '—';
  switch (g.unit) {
    case 'ratio': return pct(v);
    case 'ms': return `${Math.round(v)} ms`;
    case 'usd': return `$${v.toPrecision(3)}`;
    default: return String(v);
  }
}

function header(p: RolloutPlan, out: string[]): void {
  out.push(`# Rollout plan ${code(p.flagKey)}`, '');
  out.push(`**Verdict: ${p.decision.verdict === 'go' ? 'GO' : 'NO-GO'}** — from run ${code(p.runId)}${p.run.createdAt ? ` (${esc(p.run.createdAt)})` : ''}, ${p.run.repeats} repeat${p.run.repeats === 1 ? '' : 's'} per case${p.run.complete ? '' : ', **incomplete**'}.`, '');
  if (p.decision.reasons.length) {
    out.push('Why it is no-go (exports refuse without `--force`):', '');
    for (const r of p.decision.reasons) out.push(`- ${esc(r)}`);
    out.push('');
  }
  out.push('| flag key | baseline | candidate | call sites |', '|---|---|---|---|');
  for (const r of p.routes) out.push(`| ${code(r.flagKey)} | ${code(r.baseline)} | ${code(r.candidate)} | ${r.callSites.map(esc).join(', ')} |`);
  out.push('', p.coverage, '');
  if (p.warnings.length) {
    out.push('> **Warnings**', '>');
    for (const w of p.warnings) out.push(`> - ${esc(w)}`);
    out.push('');
  }
}

function stages(p: RolloutPlan, out: string[]): void {
  out.push('## Stages', '', '| stage | candidate share | min candidate requests | min duration |', '|---:|---:|---:|---:|');
  for (const s of p.stages) out.push(`| ${s.index} | ${s.weight}% | ${s.minCandidateRequests} | ${duration(s.minDurationSeconds)} (${s.minDurationSeconds} s) |`);
  out.push('', `A stage advances only after its minimum requests **and** its minimum duration, with every gate holding. ${p.traffic.durationFormula}.`, '');
  const z = p.sampleSize;
  out.push('### Sample size', '', `Enough candidate requests to detect a regression with a ${z.sided} test at α = ${z.alpha} and ${z.power * 100}% power. Regression size: ${z.regression.rule}.`, '');
  out.push(`- Formula: ${z.formula}`, `- Rule of three: ${z.ruleOfThree}`, '');
  out.push('| rate | baseline failures | p0 | p1 (detect) | method | n | working |', '|---|---:|---:|---:|---|---:|---|');
  for (const r of z.rates) out.push(`| ${r.metric} | ${r.baselineFailures}/${r.baselineRequests} | ${pct(r.baselineRate)} | ${pct(r.detectRate)} | ${r.method} | ${r.minRequests} | ${cell(r.working)} |`);
  out.push('', `Each stage needs **${z.minCandidateRequests}** candidate requests (the largest n).`, '');
}

function gates(p: RolloutPlan, out: string[]): void {
  out.push('## Gates', '', `Checked at every stage. Evidence from run ${code(p.runId)}.`, '');
  out.push('| gate | must be | baseline (run) | candidate (run) | holds in the run | on breach |', '|---|---|---:|---:|---|---|');
  for (const g of p.gates) {
    out.push(`| ${g.title} | ${g.comparator === '<=' ? '≤' : '≥'} ${value(g, g.threshold)} | ${value(g, g.evidence.baseline)} | ${value(g, g.evidence.candidateOffline)} | ${g.holdsOffline === null ? '—' : g.holdsOffline ? 'yes' : '**no**'} | ${g.onBreach === 'rollback' ? 'roll back to 0%' : 'pause'} |`);
  }
  out.push('');
  for (const g of p.gates) {
    out.push(`**${g.title}** — ${g.rule}. Evidence: ${g.evidence.detail}.${g.note ? ` ${g.note}` : ''}`, '');
    if (g.query) out.push('```promql', g.query.replace(/\$WINDOW/g, '5m'), '```', '');
  }
  out.push('### What a breach does', '', `- **Roll back**: ${p.onBreach.rollback}`, `- **Pause**: ${p.onBreach.pause}`, '');
  out.push('### Assignment', '', `- ${p.assignment.sticky}`, `- ${p.assignment.perRequest}`, `- ${p.assignment.bucketing}`, '');
}

function evidence(p: RolloutPlan, out: string[]): void {
  out.push('## Evidence per call site', '', '| call site | where | models | errors (base → cand) | schema pass (base → cand) | p95 (base → cand) | reviewed: accepted / flagged | verdict |', '|---|---|---|---|---|---|---|---|');
  for (const c of p.evidence.callSites) {
    const b = c.arms.baseline, k = c.arms.candidate;
    const where = c.path ? `${esc(c.path)}:${c.line ?? '?'}` : '—';
    out.push(`| ${esc(c.callSiteId)} | ${where} | ${code(c.models.baseline ?? '?')} → ${code(c.models.candidate ?? '?')} | ${b.errors}/${b.n} → ${k.errors}/${k.n} | ${pct(b.schemaPassRate)} → ${pct(k.schemaPassRate)} | ${b.latencyP95Ms ?? '—'} → ${k.latencyP95Ms ?? '—'} ms | ${c.review.accepted} / ${c.review.flagged} | ${c.verdict} |`);
  }
  out.push('', 'Significance (all call sites together): ' + p.evidence.aggregate.significance.reasons.map(esc).join('; ') + '.', '');
}

function operations(p: RolloutPlan, out: string[]): void {
  out.push('## Metrics the application must emit', '', 'As an OTLP → Prometheus pipeline names them; every series carries `gen_ai_request_model`.', '');
  out.push('| OpenTelemetry | Prometheus | type | unit | labels | defined by | meaning |', '|---|---|---|---|---|---|---|');
  for (const m of p.metrics) out.push(`| ${code(m.otel)} | ${code(m.prometheus)} | ${m.type} | ${code(m.unit)} | ${m.labels.map(code).join(', ')} | ${m.definedBy} | ${cell(m.description)} |`);
  out.push('', '## Rollback procedure', '');
  p.rollback.forEach((s, i) => out.push(`${i + 1}. ${s}`));
  out.push('', '## Sign-off checklist', '');
  for (const s of p.signOff) out.push(`- [ ] ${s}`);
  out.push('', '## Notes on the exports', '',
    '- LaunchDarkly semantic patch: replace `<variation id of MODEL>` with the flag\'s `variations[]._id` (GET /api/v2/flags/{projectKey}/{flagKey}) and `environmentKey` with yours; send it with `Content-Type: application/json; domain-model=launchdarkly.semanticpatch`.',
    '- Argo Rollouts and Flagger: rename the Deployment (and Flagger\'s service port) to yours, and point the Prometheus address at your server.',
    '- Portkey configs hold a placeholder `api_key` per target (the open-source gateway requires one): replace it from your secret store at deploy time, or use a provider slug or virtual key in hosted Portkey. Never commit a real key.', '');
}

export function renderMarkdown(plan: RolloutPlan): string {
  const out: string[] = [];
  header(plan, out);
  stages(plan, out);
  gates(plan, out);
  evidence(plan, out);
  operations(plan, out);
  return out.join('\n');
}

export function exportMarkdown(plan: RolloutPlan): ExportFile[] {
  return [{ name: `${plan.flagKey}.rollout.md`, content: renderMarkdown(plan) }];
}
