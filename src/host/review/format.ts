// Numbers as the review shows them: true minus signs, money with its sign before the dollar, and
// relative changes as percentages. Pure (no vscode), shared by the CodeLens, the trees and the panel.

const MINUS = '\u2212';

/** `+3`, `−1`, `±0`. */
export function signedInt(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `${MINUS}${-n}` : '\u00b10';
}

/** `$0.0123`, `−$0.0499` (never `$-0.0499`). */
export function usd(x: number): string {
  const a = Math.abs(x);
  const body = a === 0 ? '0' : a < 0.01 ? a.toFixed(4) : a.toFixed(2);
  return `${x < 0 ? MINUS : ''}$${body}`;
}

export function signedUsd(x: number): string {
  return x > 0 ? `+${usd(x)}` : usd(x);
}

export const ms = (x: number): string => `${Math.round(x).toLocaleString('en-US')} ms`;
export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Points between two rates: `+2.0 pts`, `−4.5 pts`. */
export function signedPoints(d: number): string {
  const v = (d * 100).toFixed(1);
  return d > 0 ? `+${v} pts` : d < 0 ? `${MINUS}${v.slice(1)} pts` : '\u00b10 pts';
}

/** Candidate relative to baseline: `−35%`, `+12%`; null when the baseline is 0 or either is missing. */
export function relativeChange(baseline: number | null, candidate: number | null): string | null {
  if (baseline === null || candidate === null || baseline === 0) return null;
  const r = Math.round(((candidate - baseline) / baseline) * 100);
  return r > 0 ? `+${r}%` : r < 0 ? `${MINUS}${-r}%` : '\u00b10%';
}
