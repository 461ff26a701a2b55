// `compare --html FILE`: one self-contained page a reviewer can open or attach anywhere. Inline CSS,
// no script, no external resource (a CSP meta forbids them even if markup slipped in), readable in
// light and dark (prefers-color-scheme). Every model output, case id, comment and error is escaped
// text (escape.ts); word marks are <del>/<ins> around escaped text; nothing untrusted is ever put
// in an attribute.
import { describeChange } from '../compare/jsonChanges';
import { diffOutputs, type DiffRow, type Segment } from '../compare/outputDiff';
import { caseRegressed, mostChanged, type CallSiteReport, type CaseReport } from '../compare/report';
import type { RunPlanFile } from '../replay/records';
import { changeLine, countOf, diffSize, metricRows, noiseLine, reviewLine, verdictWord } from './figures';
import { html } from './escape';
import { REPORT_CSS } from './htmlStyle';

export interface HtmlOptions {
  plan?: RunPlanFile | null;
  /** Changed cases shown side by side, most changed first (default 50). */
  sideBySide?: number;
  /** Further changed cases listed by id (default 500). */
  listed?: number;
  /** The time shown as "generated" (passed in: the core has no clock). */
  generatedAt?: string;
}

const TOP_FIELDS = 20;
const MAX_FAILING = 200;
/** Side-by-side panes open at first; the rest are one click away in <details>. */
const OPEN_CASES = 10;

export function renderHtml(reports: readonly CallSiteReport[], opts: HtmlOptions = {}): string {
  const plan = opts.plan ?? null;
  const title = `Promptshift comparison${plan ? ` · ${plan.runId}` : ''}`;
  const simulated = reports.find((r) => r.costSimulated);
  const meta = [plan ? `run ${plan.runId}` : null, plan ? `created ${plan.createdAt}` : null, opts.generatedAt ? `report generated ${opts.generatedAt}` : null,
    `${reports.length} call ${reports.length === 1 ? 'site' : 'sites'}`, plan && plan.repeats > 1 ? `${plan.repeats} repeats` : null].filter(Boolean).join(' · ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Defence in depth: even markup that escaped escaping could load nothing and run nothing.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${html(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${html(title)}</h1>`,
    `<p class="meta">${html(meta)}</p>`,
    simulated ? `<p class="banner">⚠ ${html(simulated.costNote ?? 'Costs are simulated')}.</p>` : '',
    '</header>',
    '<main>',
    ...reports.map((r) => section(r, plan, opts)),
    '</main>',
    '<footer>Written by <code>promptshift compare --html</code>. Model outputs are shown as text, never as markup.</footer>',
    '</body>',
    '</html>',
    '',
  ].filter((l) => l !== '').join('\n');
}

function section(r: CallSiteReport, plan: RunPlanFile | null, opts: HtmlOptions): string {
  const site = plan?.callSites.find((p) => p.callSite.id === r.callSiteId)?.callSite;
  const out: string[] = ['<section class="site">'];
  out.push(`<h2><code>${html(r.callSiteId)}</code> <span class="models"><code>${html(r.models.baseline ?? '?')}</code> → <code>${html(r.models.candidate ?? '?')}</code></span></h2>`);
  if (site) out.push(`<p class="where"><code>${html(`${site.path}:${site.line}`)}</code></p>`);
  const bad = r.significance.regressed;
  out.push(`<div class="verdict ${bad ? 'bad' : 'good'}"><strong>${bad ? '✗' : '✓'} ${html(verdictWord(r))}</strong><ul>${r.significance.reasons.map((x) => `<li>${html(x)}</li>`).join('')}</ul><p class="method">${html(r.significance.method)}.</p></div>`);
  out.push('<table class="metrics"><thead><tr><th scope="col">metric</th><th scope="col">baseline</th><th scope="col">candidate</th><th scope="col">delta</th></tr></thead><tbody>');
  for (const m of metricRows(r)) out.push(`<tr><th scope="row">${html(m.label)}</th><td>${html(m.baseline)}</td><td>${html(m.candidate)}</td><td>${html(m.delta)}</td></tr>`);
  out.push('</tbody></table>');
  out.push(`<p><strong>Outputs:</strong> ${html(changeLine(r))}.</p>`);
  const noise = noiseLine(r);
  if (noise) out.push(`<p><strong>Noise:</strong> ${html(noise)}.</p>`);
  out.push(`<p><strong>Review:</strong> ${html(reviewLine(r))}.</p>`);
  if (r.review.flaggedCases.length) {
    out.push('<ul class="flags">');
    for (const f of r.review.flaggedCases) out.push(`<li><code>${html(f.caseId)}</code> flagged${f.by ? ` by ${html(f.by)}` : ''}${f.comment ? `: <q>${html(f.comment)}</q>` : ''}</li>`);
    out.push('</ul>');
  }
  if (r.changedPaths.length) {
    out.push(`<h3>JSON fields that changed most</h3><table class="fields"><thead><tr><th scope="col">field</th><th scope="col">cases (of ${r.jsonCases} in JSON)</th></tr></thead><tbody>`);
    for (const p of r.changedPaths.slice(0, TOP_FIELDS)) out.push(`<tr><td><code>${html(p.path)}</code></td><td>${html(countOf(p.cases, r.jsonCases))}</td></tr>`);
    out.push('</tbody></table>');
  }
  out.push(...failingTable(r));
  const top = mostChanged(r, (opts.sideBySide ?? 50) + (opts.listed ?? 500));
  const shown = top.slice(0, opts.sideBySide ?? 50);
  if (shown.length) {
    out.push(`<h3>Changed cases, most changed first</h3>`);
    shown.forEach((x, i) => out.push(caseDetails(x, r, i < OPEN_CASES)));
  }
  const rest = top.slice(shown.length);
  if (rest.length) {
    out.push(`<h3>More changed cases</h3><ul class="rest">${rest.map((x) => `<li><code>${html(x.caseId)}</code> — ${html(diffSize(x.diff!))}</li>`).join('')}</ul>`);
  }
  out.push('</section>');
  return out.join('\n');
}

function failingTable(r: CallSiteReport): string[] {
  const failing = r.cases.filter((x) => x.candidate.status === 'error' || x.candidate.schemaOk === false);
  if (!failing.length) return [];
  const out = ['<h3>Cases that fail on the candidate</h3><table class="failing"><thead><tr><th scope="col">case</th><th scope="col">baseline</th><th scope="col">candidate</th></tr></thead><tbody>'];
  for (const x of failing.slice(0, MAX_FAILING)) {
    out.push(`<tr><td><code>${html(x.caseId)}</code>${caseRegressed(x) ? ' <span class="badge bad">regressed</span>' : ''}</td><td>${verdict(x, 'baseline')}</td><td>${verdict(x, 'candidate')}</td></tr>`);
  }
  if (failing.length > MAX_FAILING) out.push(`<tr><td colspan="3">… ${failing.length - MAX_FAILING} more</td></tr>`);
  out.push('</tbody></table>');
  return out;
}

function verdict(x: CaseReport, arm: 'baseline' | 'candidate'): string {
  const o = x[arm];
  if (o.status === 'missing') return 'not run';
  if (o.status === 'error') return `error: <code>${html(o.error ?? '')}</code>`;
  if (o.schemaOk === false) return `schema fail${o.schemaErrors.length ? `: ${schemaErrors(o.schemaErrors)}` : ''}`;
  return 'pass';
}

const schemaErrors = (errs: ReadonlyArray<{ path: string; message: string }>) =>
  `<span class="schema">${errs.slice(0, 5).map((e) => `<code>${html(e.path || '/')}</code> ${html(e.message)}`).join('; ')}${errs.length > 5 ? ` (+${errs.length - 5} more)` : ''}</span>`;

function caseDetails(x: CaseReport, r: CallSiteReport, open: boolean): string {
  const badges: string[] = [];
  if (x.review) badges.push(`<span class="badge ${x.review.decision === 'flagged' ? 'bad' : 'good'}">${html(x.review.decision)}</span>`);
  if (x.withinNoise) badges.push('<span class="badge">within noise</span>');
  if (caseRegressed(x)) badges.push('<span class="badge bad">regressed</span>');
  const out = [`<details class="case"${open ? ' open' : ''}><summary><code>${html(x.caseId)}</code> — ${html(diffSize(x.diff!))} ${badges.join(' ')}</summary>`];
  if (x.review?.comment) out.push(`<p class="comment">${html(x.review.decision)}${x.review.by ? ` by ${html(x.review.by)}` : ''}: <q>${html(x.review.comment)}</q></p>`);
  if (x.diff?.kind === 'json') {
    out.push(`<ul class="paths">${x.diff.changes.map((c) => `<li><code>${html(describeChange(c, 120))}</code></li>`).join('')}${x.diff.changesOmitted ? `<li>… ${x.diff.changesOmitted} more</li>` : ''}</ul>`);
  }
  const d = diffOutputs(x.baseline, x.candidate);
  // Column widths from a colgroup: under table-layout: fixed the colspan header would split them evenly.
  out.push('<div class="scroll"><table class="sbs"><colgroup><col class="ln"><col><col class="ln"><col></colgroup>');
  out.push(`<thead><tr><th colspan="2" scope="colgroup">baseline <code>${html(r.models.baseline ?? '?')}</code></th><th colspan="2" scope="colgroup">candidate <code>${html(r.models.candidate ?? '?')}</code></th></tr></thead><tbody>`);
  for (const row of d.rows) out.push(rowHtml(row));
  out.push('</tbody></table></div>');
  if (d.granularity !== 'word') out.push(`<p class="note">${d.granularity === 'line' ? 'Long lines are marked whole, not word by word.' : 'The outputs are too different to align: shown as replaced whole.'}</p>`);
  for (const arm of ['baseline', 'candidate'] as const) {
    if (x[arm].schemaErrors.length) out.push(`<p class="note">${arm} schema errors: ${schemaErrors(x[arm].schemaErrors)}</p>`);
  }
  out.push('</details>');
  return out.join('\n');
}

const segs = (list: readonly Segment[], tag: 'del' | 'ins') => list.map((s) => (s.mark ? `<${tag}>${html(s.text)}</${tag}>` : html(s.text))).join('');
const num = (n: number) => `<td class="ln">${n}</td>`;

function rowHtml(row: DiffRow): string {
  switch (row.kind) {
    case 'same': return `<tr>${num(row.before)}<td class="code">${html(row.text)}</td>${num(row.after)}<td class="code">${html(row.text)}</td></tr>`;
    case 'changed': return `<tr>${num(row.before)}<td class="code old">${segs(row.left, 'del')}</td>${num(row.after)}<td class="code new">${segs(row.right, 'ins')}</td></tr>`;
    case 'removed': return `<tr>${num(row.before)}<td class="code old">${segs(row.left, 'del')}</td><td class="ln"></td><td class="code none"></td></tr>`;
    case 'added': return `<tr><td class="ln"></td><td class="code none"></td>${num(row.after)}<td class="code new">${segs(row.right, 'ins')}</td></tr>`;
    case 'gap': return `<tr class="gap"><td colspan="4">⋯ ${row.count} unchanged ${row.count === 1 ? 'line' : 'lines'}</td></tr>`;
  }
}
