// The one-line verdict of a replay for a call site — what the migrate action, CodeLens and tree show:
// `gpt-4.1 vs gpt-4o · schema 49/50 (−1) · p95 −35% · cost −62% · 7 changed`, and go / no-go.
import type { CallSiteComparison } from './metrics';
import { runSignificance } from './significance';
import type { ReviewSummary } from '../review/decisions';

export interface MigrationVerdict {
  go: boolean;
  /** Why no-go (empty when go). */
  reasons: string[];
  /** The numbers, compactly: schema, p95, cost, changed, flagged. */
  headline: string;
}

const MINUS = '\u2212';
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `${MINUS}${-n}` : '±0');
const pctChange = (from: number | null, to: number | null): string | null => {
  if (from === null || to === null || from <= 0) return null;
  const p = Math.round(((to - from) / from) * 100);
  return p > 0 ? `+${p}%` : p < 0 ? `${MINUS}${-p}%` : '±0%';
};

export function migrationVerdict(c: CallSiteComparison, review?: ReviewSummary): MigrationVerdict {
  const { baseline: b, candidate: k } = c.arms;
  const parts: string[] = [];
  if (k.schemaPassRate !== null) parts.push(`schema ${k.schemaPass}/${k.n} (${signed(k.schemaPass - b.schemaPass)})`);
  if (k.errors || b.errors) parts.push(`errors ${k.errors}/${k.n} (${signed(k.errors - b.errors)})`);
  const p95 = pctChange(b.latencyP95Ms, k.latencyP95Ms);
  if (p95) parts.push(`p95 ${p95}`);
  const cost = pctChange(b.costUsd, k.costUsd);
  if (cost) parts.push(`cost ${cost}`);
  parts.push(`${c.changed} changed`);
  if (review?.flagged) parts.push(`${review.flagged} flagged`);
  const reasons: string[] = [];
  if (k.n === 0) reasons.push('the candidate has no results');
  const sig = runSignificance(c.arms);
  if (sig.regressed) reasons.push(...sig.reasons.filter((r) => r.startsWith('error rate rose') || r.startsWith('schema pass rate fell')));
  if (review?.flagged) reasons.push(`reviewers flagged ${review.flagged} case${review.flagged === 1 ? '' : 's'}`);
  return { go: reasons.length === 0, reasons, headline: parts.join(' · ') };
}
