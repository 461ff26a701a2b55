// The review's host-side pieces that need no VS Code: the verdict line the CodeLens shows, money and
// change formatting, local endpoints as "simulated", the metrics rows, the run loader, Next/Previous
// Changed Case, the CSP shell, and serialised review.json updates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareRun } from '../../../src/core/compare/metrics';
import { runSignificance } from '../../../src/core/compare/significance';
import { decisionFor, emptyReview, withDecision } from '../../../src/core/review/decisions';
import { isLocalEndpoint } from '../../../src/core/replay/endpointKind';
import { relativeChange, signedInt, signedUsd, usd } from '../../../src/host/review/format';
import { contentSecurityPolicy, reviewHtml } from '../../../src/host/review/html';
import { stepChanged } from '../../../src/host/review/caseRef';
import { loadRun } from '../../../src/host/review/runCache';
import { decisionChanges, metricRows } from '../../../src/host/review/viewModels';
import { passFailText, verdictDetails, verdictLine } from '../../../src/host/review/verdictText';
import { updateReview } from '../../../src/node/reviewStore';
import { plan, records, runDir, type CaseSpec } from './runFixture';

/** 50 cases: the candidate fails the schema on one more, is faster and cheaper, and changes 7 outputs. */
function fiftyCases(): CaseSpec[] {
  return Array.from({ length: 50 }, (_, i): CaseSpec => ({
    id: `c${i}`,
    baseline: { json: { label: 'a', i }, schemaErrors: null, latencyMs: 200 + i * 4, costUsd: 0.002 },
    candidate: { json: { label: i < 7 ? 'b' : 'a', i }, schemaErrors: i === 3 ? [{ path: '/label', message: 'must be one of' }] : null, latencyMs: 130 + i * 2.6, costUsd: 0.00076 },
  }));
}

test('the verdict line: candidate vs baseline, schema count and change, p95, cost, changed cases, Review', async () => {
  const [c] = await compareRun(records('s', fiftyCases()));
  const v = { comparison: c, significance: runSignificance(c.arms), simulated: false };
  assert.equal(verdictLine(v), 'gpt-4.1 vs gpt-4o · schema 49/50 (\u22121) · p95 \u221235% · cost \u221262% · 7 changed · Review');
  assert.equal(verdictLine({ ...v, simulated: true }, false), 'gpt-4.1 vs gpt-4o · schema 49/50 (\u22121) · p95 \u221235% · cost \u221262% (simulated) · 7 changed');
  assert.equal(passFailText(c), 'baseline 50/50 pass · candidate 49/50 pass');
  const details = verdictDetails({ ...v, simulated: true, review: { accepted: 2, flagged: 1, flaggedCases: [] } }, { runId: 'r1', createdAt: null }).join('\n');
  assert.match(details, /Schema pass: baseline 50\/50 \(100\.0%\) → candidate 49\/50 \(98\.0%\)/);
  assert.match(details, /Cost: \$0\.10 → \$0\.04 \(\u221262%\) — simulated/);
  assert.match(details, /Review: 2 accepted, 1 flagged/);
});

test('a significant regression is said on the lens; without a schema the lens counts ok answers', async () => {
  const cases: CaseSpec[] = Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, baseline: { output: 'x' }, candidate: i < 20 ? { error: 'boom' } : { output: 'x' } }));
  const [c] = await compareRun(records('s', cases));
  const line = verdictLine({ comparison: c, significance: runSignificance(c.arms), simulated: false });
  assert.match(line, /^\$\(warning\) gpt-4\.1 vs gpt-4o · ok 20\/40 \(\u221220\) · .* · 20 changed · regressed · Review$/);
});

test('money and changes: a minus sign before the dollar, never $-0.05', () => {
  assert.equal(usd(-0.0499), '\u2212$0.05');
  assert.equal(usd(-0.0049), '\u2212$0.0049');
  assert.equal(signedUsd(0.5), '+$0.50');
  assert.equal(usd(0), '$0');
  assert.equal(signedInt(0), '\u00b10');
  assert.equal(relativeChange(100, 65), '\u221235%');
  assert.equal(relativeChange(0, 5), null);
});

test('local endpoints (the stand-in, Ollama) are simulated costs; remote ones are not', () => {
  for (const u of ['http://127.0.0.1:4321/v1', 'http://localhost:11434/v1', 'http://[::1]:8080/v1']) assert.ok(isLocalEndpoint(u), u);
  for (const u of ['https://api.openai.com/v1', 'https://127.0.0.1.example.com/v1', null, '', 'not a url']) assert.equal(isLocalEndpoint(u), false, String(u));
});

test('metric rows: counts with rates, deltas, which side is worse, simulated cost labelled', async () => {
  const [c] = await compareRun(records('s', fiftyCases()));
  const rows = metricRows(c.arms.baseline, c.arms.candidate, true);
  const byLabel = Object.fromEntries(rows.map((r) => [r.label, r]));
  assert.deepEqual(byLabel['schema pass'], { label: 'schema pass', baseline: '50/50 (100.0%)', candidate: '49/50 (98.0%)', delta: '\u22121 (\u22122.0 pts)', worse: true });
  assert.equal(byLabel['latency p95'].worse, false);
  assert.equal(byLabel['cost (simulated)'].delta, '\u2212$0.06 (\u221262%)');
});

test('loadRun reads plan and results; a local endpoint marks the run simulated; a broken plan is an error value', async () => {
  const cases = fiftyCases().slice(0, 5);
  const dir = runDir(plan('s', cases.map((c) => c.id), 'http://127.0.0.1:9/v1'), records('s', cases));
  const loaded = await loadRun(dir);
  assert.ok(loaded.ok);
  assert.equal(loaded.run.simulated, true);
  assert.equal(loaded.run.records, 10);
  assert.equal(loaded.run.sites[0].label, 'src/summarize.ts:12');
  const broken = await loadRun(join(dir, 'nope'));
  assert.equal(broken.ok, false);
});

test('Next/Previous Changed Case walks changed cases across call sites and stops at the ends', () => {
  const sites = [
    { comparison: { callSiteId: 'a', cases: [{ caseId: '1', changed: false }, { caseId: '2', changed: true }] } },
    { comparison: { callSiteId: 'b', cases: [{ caseId: '1', changed: true }, { caseId: '3', changed: false }] } },
  ];
  assert.deepEqual(stepChanged(sites, { callSiteId: 'a', caseId: '1' }, 1), { callSiteId: 'a', caseId: '2' });
  assert.deepEqual(stepChanged(sites, { callSiteId: 'a', caseId: '2' }, 1), { callSiteId: 'b', caseId: '1' });
  assert.equal(stepChanged(sites, { callSiteId: 'b', caseId: '1' }, 1), null);
  assert.deepEqual(stepChanged(sites, { callSiteId: 'b', caseId: '3' }, -1), { callSiteId: 'b', caseId: '1' });
  assert.equal(stepChanged(sites, { callSiteId: 'a', caseId: '2' }, -1), null);
});

test('the panel shell: CSP with a nonce, nothing inline, resources from the webview source only', () => {
  const html = reviewHtml({ cspSource: 'https://res.test', script: 'https://res.test/dist/webview.js', style: 'https://res.test/media/review.css', codicons: 'https://res.test/dist/codicons/codicon.css' }, 'N0nce+/=', 'Review "x" <y>');
  assert.equal(contentSecurityPolicy('https://res.test', 'abc'), "default-src 'none'; img-src https://res.test data:; style-src https://res.test; font-src https://res.test; script-src 'nonce-abc';");
  assert.ok(html.includes(`content="default-src 'none';`));
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.match(html, /<script nonce="N0nce\+\/=" src="https:\/\/res\.test\/dist\/webview\.js"><\/script>/);
  assert.ok(!/<style|\sstyle=|\son[a-z]+=/i.test(html), 'no inline style or handler');
  assert.match(html, /<title>Review &quot;x&quot; &lt;y&gt;<\/title>/);
});

test('review.json updates are serialised: quick successive decisions are all kept', async () => {
  const dir = runDir(plan('s', ['c1']), []);
  const meta = { comment: '', by: 't', at: '2026-11-15T00:00:00Z' };
  await Promise.all(Array.from({ length: 20 }, (_, i) => updateReview(dir, (r) => withDecision(r, { callSiteId: 's', caseId: `c${i}` }, { decision: i % 2 ? 'flagged' : 'accepted', ...meta }))));
  const saved = JSON.parse(readFileSync(join(dir, 'review.json'), 'utf8'));
  assert.equal(saved.decisions.length, 20);
  assert.equal(decisionFor(saved, 's', 'c3')?.decision, 'flagged');
});

test('review.json changed elsewhere: only the cases whose decision or comment differs from what the panel shows', () => {
  const meta = { by: 't', at: '2026-11-15T00:00:00Z' };
  let review = withDecision(emptyReview(), { callSiteId: 's', caseId: 'c1' }, { decision: 'accepted', comment: '', ...meta });
  review = withDecision(review, { callSiteId: 's', caseId: 'c2' }, { decision: 'flagged', comment: 'wrong label', ...meta });
  review = withDecision(review, { caseId: 'c4' }, { decision: 'flagged', comment: '', ...meta });
  const shown = [
    { callSiteId: 's', caseId: 'c1', decision: 'accepted' as const, comment: '' },
    { callSiteId: 's', caseId: 'c2', decision: 'flagged' as const, comment: 'old comment' },
    { callSiteId: 's', caseId: 'c3', decision: 'accepted' as const, comment: '' },
    { callSiteId: 's', caseId: 'c4', decision: null, comment: '' },
  ];
  assert.deepEqual(decisionChanges(shown, review), [
    { callSiteId: 's', caseId: 'c2', decision: 'flagged', comment: 'wrong label' },
    { callSiteId: 's', caseId: 'c3', decision: null, comment: '' },
    { callSiteId: 's', caseId: 'c4', decision: 'flagged', comment: '' },
  ], 'a new comment, a cleared decision, a decision without call site (as the CLI may write) — not the unchanged c1');
  assert.deepEqual(decisionChanges(shown.slice(0, 1), review), [], 'the panel\'s own decision, written, posts nothing');
});
