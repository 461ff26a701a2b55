// Does a candidate's answer agree with the baseline's? The question a sweep asks of every cheaper
// tier: not "is it the same text" (two models rarely write the same sentence) but "would the code
// that reads it do the same thing". So: JSON answers agree when every field is equal (what a parser
// reads); short one-line answers are labels (a class, a yes/no, an id) and agree only when equal;
// free text agrees when its words overlap enough (a configurable similarity, default below).
import { jsonEqual } from './jsonEqual';

export type AgreementKind = 'json' | 'label' | 'text';

/** What of a record the comparison needs: its error type, or its trimmed text and parsed JSON. */
export type AnswerPrint = { error: string } | { text: string; json: unknown };

export interface AgreementOptions {
  /** Free text agrees at or above this word-overlap similarity (0..1). */
  textSimilarity: number;
}

export const DEFAULT_TEXT_SIMILARITY = 0.6;

export const AGREEMENT_DEFINITION =
  'Per paired record (same case and repeat), with the baseline as the reference: when the baseline answered in JSON, '
  + 'the candidate agrees only if its JSON is equal field for field (key order aside); when the baseline answered one '
  + `short line (${'≤'} 64 characters: a label), only if the candidate's trimmed text is the same; otherwise (free text) `
  + "if the words' overlap (Dice coefficient over lower-cased word counts) reaches the text similarity threshold. "
  + 'A candidate error never agrees; pairs whose baseline errored are not counted.';

/** A label: one line, short: a class name, a yes/no, an id. Compared exactly. */
const LABEL_MAX = 64;

export function kindOf(baseline: { text: string; json: unknown }): AgreementKind {
  if (baseline.json !== null && baseline.json !== undefined) return 'json';
  return baseline.text.length <= LABEL_MAX && !baseline.text.includes('\n') ? 'label' : 'text';
}

const WORD = /[\p{L}\p{N}]+/gu;

function wordCounts(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of text.toLowerCase().match(WORD) ?? []) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

/** Dice coefficient over word multisets: 2·|A∩B| / (|A|+|B|); 1 for two texts without words. */
export function textSimilarity(a: string, b: string): number {
  const x = wordCounts(a), y = wordCounts(b);
  let nx = 0, ny = 0, both = 0;
  for (const n of x.values()) nx += n;
  for (const [w, n] of y) { ny += n; both += Math.min(n, x.get(w) ?? 0); }
  return nx + ny === 0 ? 1 : (2 * both) / (nx + ny);
}

/** null when the pair does not count (the baseline errored). */
export function agrees(baseline: AnswerPrint, candidate: AnswerPrint, options: AgreementOptions): { kind: AgreementKind; agree: boolean } | null {
  if ('error' in baseline) return null;
  const kind = kindOf(baseline);
  if ('error' in candidate) return { kind, agree: false };
  if (kind === 'json') return { kind, agree: candidate.json !== null && candidate.json !== undefined && jsonEqual(baseline.json, candidate.json) };
  if (kind === 'label') return { kind, agree: baseline.text === candidate.text };
  return { kind, agree: baseline.text === candidate.text || textSimilarity(baseline.text, candidate.text) >= options.textSimilarity };
}

export interface AgreementCounts {
  /** Pairs counted (the baseline answered). */
  pairs: number;
  agreed: number;
  /** agreed / pairs; null with no pair. */
  rate: number | null;
  /** Pairs by how they were judged. */
  byKind: Record<AgreementKind, { pairs: number; agreed: number }>;
  textSimilarity: number;
}

export const newAgreementCounts = (textSimilarity: number): AgreementCounts => ({
  pairs: 0, agreed: 0, rate: null, textSimilarity,
  byKind: { json: { pairs: 0, agreed: 0 }, label: { pairs: 0, agreed: 0 }, text: { pairs: 0, agreed: 0 } },
});

export function countAgreement(acc: AgreementCounts, verdict: { kind: AgreementKind; agree: boolean } | null): void {
  if (!verdict) return;
  acc.pairs++;
  acc.byKind[verdict.kind].pairs++;
  if (verdict.agree) { acc.agreed++; acc.byKind[verdict.kind].agreed++; }
  acc.rate = Math.round((acc.agreed / acc.pairs) * 1e6) / 1e6;
}
