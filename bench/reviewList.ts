// bench/reviewList: the review panel's case list with 5,000 cases, as the panel builds it (the
// ReviewApp over happy-dom, fed the host's real view models), against a baseline measured in the
// same run: the same rows rendered all at once, one element per case, the way a list without
// windowing would. Figures: time to show the list, time per j (move + re-render), and the number
// of row elements in the DOM. Layout is not modelled (no browser): the UI test (test/ui/review)
// drives the real panel in Chromium.
// Run: npm run build:tests && node out/bench/reviewList.js   (target: windowed ≥ 10× faster to show, rows in DOM constant)
import { Window } from 'happy-dom';
import { compareRun } from '../src/core/compare/metrics';
import { runSignificance } from '../src/core/compare/significance';
import { emptyReview } from '../src/core/review/decisions';
import { caseRow, siteSummary } from '../src/host/review/viewModels';
import type { CaseRow, HostMessage } from '../src/protocol/review';
import { ReviewApp } from '../src/webview/app';
import { fillRow } from '../src/webview/render';
import { records, type CaseSpec } from '../test/unit/review/runFixture';

const N = Number(process.env.BENCH_CASES ?? 5_000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function messages(): Promise<{ init: HostMessage; pages: HostMessage[]; rows: CaseRow[] }> {
  const cases: CaseSpec[] = Array.from({ length: N }, (_, i) => ({ id: `case-${String(i).padStart(5, '0')}`, baseline: { output: `The answer to question ${i} is yes.` }, candidate: { output: i % 4 ? `The answer to question ${i} is yes.` : `The answer to question ${i} is no.` } }));
  const [c] = await compareRun(records('s', cases));
  const rows = c.cases.map((x) => caseRow('s', x, emptyReview()));
  const init: HostMessage = { type: 'init', header: { runId: 'r', runDir: '/r', createdAt: '', endpoint: 'e', simulated: false, status: 'done', canExportRollout: false }, sites: [siteSummary(c, runSignificance(c.arms), 'a.ts:1', false)], sweeps: [], total: rows.length };
  const pages: HostMessage[] = [];
  for (let s = 0; s < rows.length; s += 1_000) pages.push({ type: 'cases', start: s, total: rows.length, rows: rows.slice(s, s + 1_000) });
  return { init, pages, rows };
}

function windowed(m: Awaited<ReturnType<typeof messages>>) {
  const window = new Window();
  const doc = window.document as unknown as Document;
  const app = new ReviewApp(doc, { postMessage: () => undefined, getState: () => undefined, setState: () => undefined });
  app.start();
  const t = performance.now();
  app.receive(m.init);
  for (const p of m.pages) app.receive(p);
  const showMs = performance.now() - t;
  const moves: number[] = [];
  for (let i = 0; i < 200; i++) {
    const s = performance.now();
    doc.dispatchEvent(new window.KeyboardEvent('keydown', { key: 'j', bubbles: true }) as unknown as Event);
    moves.push(performance.now() - s);
  }
  const rowsInDom = doc.querySelectorAll('.vlist-row:not([hidden])').length;
  void window.happyDOM.close();
  return { showMs, moveMs: median(moves), rowsInDom };
}

/** Baseline: every case gets its element up front (no windowing), with the same row renderer. */
function allAtOnce(rows: CaseRow[]) {
  const window = new Window();
  const doc = window.document as unknown as Document;
  const list = doc.createElement('div');
  doc.body.appendChild(list);
  const t = performance.now();
  for (const r of rows) {
    const el = doc.createElement('div');
    fillRow(doc, el, r);
    list.appendChild(el);
  }
  const showMs = performance.now() - t;
  const rowsInDom = list.children.length;
  void window.happyDOM.close();
  return { showMs, rowsInDom };
}

async function main() {
  const m = await messages();
  // Warm both paths once, then measure.
  windowed(m);
  allAtOnce(m.rows);
  const w = windowed(m);
  const b = allAtOnce(m.rows);
  console.log(`review list, ${N} cases (happy-dom)`);
  console.log(`  windowed (panel):   show ${w.showMs.toFixed(1)} ms, j median ${w.moveMs.toFixed(2)} ms, ${w.rowsInDom} row elements`);
  console.log(`  baseline (all rows): show ${b.showMs.toFixed(1)} ms, ${b.rowsInDom} row elements`);
  console.log(`  ratio: show ${(b.showMs / w.showMs).toFixed(1)}× faster, ${(b.rowsInDom / w.rowsInDom).toFixed(0)}× fewer row elements`);
}

void main();
