// Renderers of the review panel: the metrics table with its verdict, one case row of the list, and
// one case's outputs side by side. Everything from the run — model output above all — goes in as
// text nodes through dom.ts; changed words are <ins>/<del> elements holding text.
import type { ArmDetail, ArmState, CaseDetail, CaseRow, DiffRowView, RunHeader, Segment, SiteSummary } from '../protocol/review';
import { append, clear, h, icon, type Child } from './dom';

const STATE_TEXT: Record<ArmState, string> = { pass: 'pass', schema: 'schema failure', error: 'error', missing: 'not run' };
const STATE_ICON: Record<ArmState, string> = { pass: 'pass', schema: 'warning', error: 'error', missing: 'circle-slash' };

export function renderHeader(doc: Document, header: RunHeader): HTMLElement {
  return h(doc, 'div', { class: 'run-title' },
    h(doc, 'h1', {}, `Review of run ${header.runId}`),
    h(doc, 'span', { class: 'muted' }, ` ${header.createdAt} · ${header.endpoint} · ${header.status}`),
    header.simulated ? h(doc, 'span', { class: 'badge simulated', title: 'A local endpoint: costs are list prices, not money spent' }, 'simulated costs') : null);
}

export function renderSites(doc: Document, sites: SiteSummary[]): HTMLElement {
  const wrap = h(doc, 'section', { class: 'sites', 'aria-label': 'Metrics' });
  for (const s of sites) {
    const table = h(doc, 'table', { class: 'metrics' },
      h(doc, 'caption', {}, `${s.label}: ${s.baselineModel} → ${s.candidateModel} · ${s.changed} of ${s.cases} cases changed`),
      h(doc, 'thead', {}, h(doc, 'tr', {},
        h(doc, 'th', { scope: 'col' }, 'metric'), h(doc, 'th', { scope: 'col' }, `baseline (${s.baselineModel})`),
        h(doc, 'th', { scope: 'col' }, `candidate (${s.candidateModel})`), h(doc, 'th', { scope: 'col' }, 'delta'))));
    const body = h(doc, 'tbody');
    for (const r of s.rows) {
      body.appendChild(h(doc, 'tr', {},
        h(doc, 'th', { scope: 'row' }, r.label), h(doc, 'td', {}, r.baseline), h(doc, 'td', {}, r.candidate),
        h(doc, 'td', { class: r.worse === true ? 'worse' : r.worse === false ? 'better' : '' }, r.delta)));
    }
    table.appendChild(body);
    const verdict = h(doc, 'p', { class: `verdict ${s.regressed ? 'regressed' : 'ok'}`, role: 'status' },
      icon(doc, s.regressed ? 'warning' : 'pass'), ` ${s.regressed ? 'Regressed' : 'No significant regression'}: ${s.reasons.join('; ')}`,
      h(doc, 'span', { class: 'muted' }, ` (${s.method})`));
    wrap.appendChild(h(doc, 'div', { class: 'site' }, table, verdict));
  }
  return wrap;
}

/** The accessible name of a row: everything its icons say. */
export function rowLabel(r: CaseRow, siteLabel?: string): string {
  const parts = [r.caseId, r.changed ? 'changed' : 'unchanged', `baseline ${STATE_TEXT[r.baseline]}`, `candidate ${STATE_TEXT[r.candidate]}`];
  if (r.decision) parts.push(r.decision === 'flagged' ? `flagged${r.comment ? `: ${r.comment}` : ''}` : 'accepted');
  if (siteLabel) parts.push(siteLabel);
  return parts.join(', ');
}

export function fillRow(doc: Document, el: HTMLElement, r: CaseRow, siteLabel?: string): void {
  clear(el);
  el.setAttribute('aria-label', rowLabel(r, siteLabel));
  el.classList.toggle('changed', r.changed);
  el.classList.toggle('flagged', r.decision === 'flagged');
  el.classList.toggle('accepted', r.decision === 'accepted');
  append(el,
    icon(doc, r.changed ? 'diff-modified' : 'circle-small'),
    h(doc, 'span', { class: 'case-id' }, r.caseId),
    siteLabel ? h(doc, 'span', { class: 'muted site-label' }, siteLabel) : null,
    h(doc, 'span', { class: `arm ${r.baseline}`, title: `baseline: ${STATE_TEXT[r.baseline]}` }, 'B', icon(doc, STATE_ICON[r.baseline])),
    h(doc, 'span', { class: `arm ${r.candidate}`, title: `candidate: ${STATE_TEXT[r.candidate]}` }, 'C', icon(doc, STATE_ICON[r.candidate])),
    r.decision ? icon(doc, r.decision === 'flagged' ? 'flag' : 'check') : h(doc, 'span', { class: 'decision-slot' }));
}

function segs(doc: Document, parts: Segment[], tag: 'ins' | 'del'): Child[] {
  return parts.map((s) => (s.mark ? h(doc, tag, {}, s.text) : s.text));
}

function cells(doc: Document, row: DiffRowView): HTMLElement[] {
  const ln = (n: number | null) => h(doc, 'span', { class: 'ln', 'aria-hidden': 'true' }, n === null ? '' : String(n));
  const text = (cls: string, ...c: Child[]) => h(doc, 'span', { class: `code ${cls}` }, ...c);
  switch (row.kind) {
    case 'same': return [ln(row.before), text('same', row.text), ln(row.after), text('same', row.text)];
    case 'changed': return [ln(row.before), text('left', ...segs(doc, row.left, 'del')), ln(row.after), text('right', ...segs(doc, row.right, 'ins'))];
    case 'removed': return [ln(row.before), text('left', ...segs(doc, row.left, 'del')), ln(null), text('empty')];
    case 'added': return [ln(null), text('empty'), ln(row.after), text('right', ...segs(doc, row.right, 'ins'))];
    case 'gap': return [h(doc, 'span', { class: 'gap' }, `⋯ ${row.count} unchanged line${row.count === 1 ? '' : 's'}`)];
  }
}

function armBlock(doc: Document, side: 'Baseline' | 'Candidate', a: ArmDetail): HTMLElement {
  const errors = a.schemaErrors.length
    ? h(doc, 'ul', { class: 'schema-errors', 'aria-label': `${side} schema errors` }, ...a.schemaErrors.map((e) => h(doc, 'li', {}, h(doc, 'code', {}, e.path || '(root)'), `: ${e.message}`)))
    : null;
  return h(doc, 'div', { class: `arm-detail ${a.state}` },
    h(doc, 'h4', {}, `${side} · ${a.model} · `, icon(doc, STATE_ICON[a.state]), ` ${STATE_TEXT[a.state]}`, a.latencyMs !== null ? h(doc, 'span', { class: 'muted' }, ` · ${Math.round(a.latencyMs)} ms`) : null),
    a.error ? h(doc, 'p', { class: 'error-text' }, a.error) : null,
    errors ?? (a.state === 'schema' ? null : h(doc, 'p', { class: 'muted' }, a.state === 'pass' ? 'No schema errors.' : '')));
}

export function renderDiff(doc: Document, d: CaseDetail): HTMLElement {
  const grid = h(doc, 'div', { class: 'diff', role: 'group', 'aria-label': `Outputs of ${d.caseId} side by side` },
    h(doc, 'span', { class: 'col-head' }, `Baseline · ${d.baseline.model}`), h(doc, 'span', { class: 'col-head' }, `Candidate · ${d.candidate.model}`));
  for (const row of d.rows) append(grid, ...cells(doc, row));
  if (!d.rows.length) append(grid, h(doc, 'span', { class: 'gap' }, 'Both outputs are empty.'));
  const changes = d.kind === 'json' && d.changes.length
    ? h(doc, 'section', { class: 'changes' }, h(doc, 'h3', {}, `Changed JSON paths (${d.changes.length + d.changesOmitted})`),
      h(doc, 'ul', {}, ...d.changes.map((c) => h(doc, 'li', {}, h(doc, 'code', {}, c)))),
      d.changesOmitted ? h(doc, 'p', { class: 'muted' }, `… and ${d.changesOmitted} more`) : null)
    : null;
  const note = d.granularity !== 'word'
    ? h(doc, 'p', { class: 'muted' }, d.granularity === 'line' ? 'Large output: changes marked by line.' : 'Very different outputs: shown replaced as a whole.')
    : null;
  return h(doc, 'div', { class: 'case-diff' },
    changes, note, grid,
    h(doc, 'div', { class: 'arms' }, armBlock(doc, 'Baseline', d.baseline), armBlock(doc, 'Candidate', d.candidate)));
}
