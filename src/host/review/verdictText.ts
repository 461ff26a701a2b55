// What a finished run says about one call site, in one line for the CodeLens and the Call Sites
// tree (`gpt-4.1 vs gpt-4o · schema 49/50 (−1) · p95 −35% · cost −62% · 7 changed · Review`), in
// a few lines for tooltips, and as pass/fail counts for the Runs view. Pure (no vscode).
import type { CallSiteComparison, CaseArmOutcome } from '../../core/compare/metrics';
import type { RunSignificance } from '../../core/compare/significance';
import type { ReviewSummary } from '../../core/review/decisions';
import type { ArmState } from '../../protocol/review';
import { ms, pct, relativeChange, signedInt, usd } from './format';

export function armState(o: CaseArmOutcome): ArmState {
  if (o.status === 'missing') return 'missing';
  if (o.status === 'error') return 'error';
  return o.schemaOk === false ? 'schema' : 'pass';
}

export interface SiteVerdictInput {
  comparison: CallSiteComparison;
  significance: RunSignificance;
  /** Costs from list prices on a local endpoint (the stand-in): labelled simulated. */
  simulated: boolean;
  review?: ReviewSummary;
}

export const SIMULATED_NOTE = 'simulated: a local endpoint, priced at list prices — not money spent';

/** Passed cases per arm, out of the cases that ran on that arm. */
export function passCounts(c: CallSiteComparison): Record<'baseline' | 'candidate', { pass: number; ran: number }> {
  const count = (arm: 'baseline' | 'candidate') => {
    let pass = 0, ran = 0;
    for (const x of c.cases) {
      const s = armState(x[arm]);
      if (s === 'missing') continue;
      ran++;
      if (s === 'pass') pass++;
    }
    return { pass, ran };
  };
  return { baseline: count('baseline'), candidate: count('candidate') };
}

/** `baseline 3/3 pass · candidate 2/3 pass` (cases, each arm on its own). */
export function passFailText(c: CallSiteComparison): string {
  const p = passCounts(c);
  return `baseline ${p.baseline.pass}/${p.baseline.ran} pass · candidate ${p.candidate.pass}/${p.candidate.ran} pass`;
}

function schemaPart(c: CallSiteComparison): string {
  const { baseline: b, candidate: d } = c.arms;
  if (d.schemaPassRate !== null && b.schemaPassRate !== null) {
    const delta = d.schemaPass - b.schemaPass;
    return `schema ${d.schemaPass}/${d.n}${delta ? ` (${signedInt(delta)})` : ''}`;
  }
  const ok = d.n - d.errors;
  const delta = ok - (b.n - b.errors);
  return `ok ${ok}/${d.n}${delta ? ` (${signedInt(delta)})` : ''}`;
}

/** The one-line verdict; the CodeLens adds nothing, the tree shows it as the item's description. */
export function verdictLine(v: SiteVerdictInput, withAction = true): string {
  const c = v.comparison;
  const parts = [`${c.models.candidate ?? '?'} vs ${c.models.baseline ?? '?'}`, schemaPart(c)];
  const p95 = relativeChange(c.arms.baseline.latencyP95Ms, c.arms.candidate.latencyP95Ms);
  if (p95) parts.push(`p95 ${p95}`);
  const cost = relativeChange(c.arms.baseline.costUsd, c.arms.candidate.costUsd);
  if (cost) parts.push(`cost ${cost}${v.simulated ? ' (simulated)' : ''}`);
  parts.push(`${c.changed} changed`);
  if (v.review?.flagged) parts.push(`${v.review.flagged} flagged`);
  if (v.significance.regressed) parts.push('regressed');
  if (withAction) parts.push('Review');
  return `${v.significance.regressed ? '$(warning) ' : ''}${parts.join(' · ')}`;
}

/** The same verdict spelled out, one fact a line (plain text: callers escape it for Markdown). */
export function verdictDetails(v: SiteVerdictInput, run: { runId: string; createdAt: string | null }): string[] {
  const c = v.comparison;
  const { baseline: b, candidate: d } = c.arms;
  const lines = [`Latest run ${run.runId}${run.createdAt ? ` (${run.createdAt})` : ''}: ${c.models.baseline ?? '?'} → ${c.models.candidate ?? '?'}`];
  if (b.schemaPassRate !== null && d.schemaPassRate !== null) {
    lines.push(`Schema pass: baseline ${b.schemaPass}/${b.n} (${pct(b.schemaPassRate)}) → candidate ${d.schemaPass}/${d.n} (${pct(d.schemaPassRate)})`);
  }
  lines.push(`Errors: baseline ${b.errors}/${b.n} → candidate ${d.errors}/${d.n}`);
  if (b.latencyP95Ms !== null && d.latencyP95Ms !== null) {
    lines.push(`Latency p95: ${ms(b.latencyP95Ms)} → ${ms(d.latencyP95Ms)}${relativeChange(b.latencyP95Ms, d.latencyP95Ms) ? ` (${relativeChange(b.latencyP95Ms, d.latencyP95Ms)})` : ''}`);
  }
  if (b.costUsd !== null && d.costUsd !== null) {
    const rel = relativeChange(b.costUsd, d.costUsd);
    lines.push(`Cost: ${usd(b.costUsd)} → ${usd(d.costUsd)}${rel ? ` (${rel})` : ''}${v.simulated ? ` — ${SIMULATED_NOTE}` : ''}`);
  }
  lines.push(`${c.changed} of ${c.cases.length} cases changed; ${passFailText(c)}`);
  lines.push(`Significance (${v.significance.method}): ${v.significance.reasons.join('; ')}`);
  if (v.review && (v.review.accepted || v.review.flagged)) lines.push(`Review: ${v.review.accepted} accepted, ${v.review.flagged} flagged`);
  return lines;
}
