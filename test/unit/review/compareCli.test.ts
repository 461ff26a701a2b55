// `promptshift compare` end to end on run directories written by hand: the text table, --json's
// additions, --markdown, --html, --junit, --format github, --fail-on on the new names, review.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as compare } from '../../../src/cli/commands/compare';
import { COMPARE_HELP } from '../../../src/cli/help';
import { main } from '../../../src/cli/main';
import type { ResultRecord } from '../../../src/core/replay/records';
import { capture } from '../replay/workspace';
import { record, syntheticPlan, writeRun, SITE } from '../support/runDir';

function makeRun(opts: { simulated?: boolean } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'ps-compare-'));
  const ids = Array.from({ length: 8 }, (_, i) => `c${i}`);
  const records: ResultRecord[] = [];
  for (const [i, id] of ids.entries()) {
    records.push(record({ caseId: id, costUsd: 0.05, output: JSON.stringify({ team: 'a', priority: 'p2' }), json: { team: 'a', priority: 'p2' } }));
    const cand = i < 3 ? { team: 'b', priority: 'p1' } : { team: 'a', priority: 'p2' };
    if (i === 7) records.push(record({ caseId: id, arm: 'candidate', status: 'error', error: { type: 'server', message: 'boom', status: 500 }, output: '', json: null, schema: null, costUsd: null }));
    else records.push(record({ caseId: id, arm: 'candidate', costUsd: 0.0001, output: JSON.stringify(cand), json: cand }));
  }
  writeRun(join(root, 'run'), syntheticPlan(ids, { simulated: opts.simulated }), records);
  return root;
}

test('text: column headers, counts with rates, money signed before the dollar, simulated costs labelled', async () => {
  const root = makeRun({ simulated: true });
  const io = capture(root);
  assert.equal(await compare(['run'], io.io), 0, io.err());
  const out = io.out();
  assert.match(out, /^Costs are simulated: .*no money was spent\.$/m);
  assert.match(out, /^ {2}metric +baseline +candidate +delta$/m);
  assert.match(out, /^ {2}errors +0\/8 \(0\.0%\) +1\/8 \(12\.5%\) +\+12\.5 pts$/m);
  assert.match(out, /^ {2}schema pass +8\/8 \(100\.0%\) +7\/8 \(87\.5%\) +-12\.5 pts$/m);
  assert.match(out, /^ {2}cost \(simulated\) +\$0\.400000 +\$0\.000700 +-\$0\.399300$/m);
  assert.match(out, /^ {2}cost per case \(simulated\) +\$0\.050000 +\$0\.000087 +-\$0\.049912$/m);
  assert.ok(!out.includes('$-'), 'never "$-0.05"');
  assert.match(out, /verdict: no significant regression/);
  assert.match(out, /4 of 8 cases changed; exact match 4\/8 \(50\.0%\)/);
  assert.match(out, /fields changed most: \$\.priority \(3\), \$\.team \(3\)/);
  // A comment (or any untrusted text) cannot drive the terminal: escapes and bidi controls show as codes.
  writeFileSync(join(root, 'run', 'review.json'), JSON.stringify([{ caseId: 'c0', decision: 'flagged', comment: '\u001b[2Jcleared\u202eevil', by: 'x\u001b]0;title\u0007' }]));
  const term = capture(root);
  assert.equal(await compare(['run'], term.io), 0);
  assert.ok(!/[\u0000-\u0009\u000b-\u001f\u202e]/.test(term.out()), 'no raw control character reaches the terminal');
  assert.match(term.out(), /c0 flagged by "x\\u001b\]0;title\\u0007": "\\u001b\[2Jcleared\\u202eevil"/);
  // Without the stand-in, costs are plain costs.
  const real = capture(makeRun());
  assert.equal(await compare(['run'], real.io), 0);
  assert.match(real.out(), /^ {2}cost +\$0\.400000/m);
  assert.ok(!real.out().includes('simulated'));
});

test('--json: per-case diff and review, per-run additions; --fail-on review.flagged; review.json problems', async () => {
  const root = makeRun({ simulated: true });
  const io = capture(root);
  assert.equal(await compare(['run', '--json'], io.io), 0, io.err());
  const r = JSON.parse(io.out());
  assert.equal(r.callSiteId, SITE.id);
  assert.equal(r.costSimulated, true);
  assert.equal(r.exactMatchRate, 0.5);
  assert.deepEqual(r.changedPaths, [{ path: '$.priority', cases: 3, rate: 0.428571 }, { path: '$.team', cases: 3, rate: 0.428571 }]);
  assert.deepEqual(r.cases[0].diff.changes, [{ path: '$.priority', op: 'changed', before: 'p2', after: 'p1' }, { path: '$.team', op: 'changed', before: 'a', after: 'b' }]);
  assert.equal(r.cases[3].diff, null);
  assert.equal(r.cases[7].diff, null);
  assert.equal(r.significance.regressed, false);
  assert.match(r.significance.method, /Fisher/);
  assert.deepEqual(r.review, { accepted: 0, flagged: 0, flaggedCases: [] });
  assert.equal(await compare(['run', '--fail-on', 'review.flagged > 0'], capture(root).io), 0);

  writeFileSync(join(root, 'run', 'review.json'), JSON.stringify({ version: 1, decisions: [
    { callSiteId: SITE.id, caseId: 'c1', decision: 'flagged', comment: 'team moved to b', by: 'ana', at: '2026-11-15T10:00:00Z' },
    { caseId: 'c2', decision: 'accepted', comment: '', by: 'bo', at: '2026-11-15T10:00:00Z' },
    { caseId: 'c3', decision: 'maybe' },
  ] }));
  const j = capture(root);
  assert.equal(await compare(['run', '--json'], j.io), 0);
  const withReview = JSON.parse(j.out());
  assert.deepEqual(withReview.review, { accepted: 1, flagged: 1, flaggedCases: [{ caseId: 'c1', comment: 'team moved to b', by: 'ana' }] });
  assert.equal(withReview.cases[1].review.decision, 'flagged');
  assert.match(j.err(), /review\.json: decision 3 \(c3\): decision must be "accepted" or "flagged"; ignored/);
  const gate = capture(root);
  assert.equal(await compare(['run', '--fail-on', 'review.flagged > 0', '--format', 'github'], gate.io), 1);
  assert.match(gate.err(), /--fail-on "review\.flagged > 0" holds for triage-0000000000/);
  assert.match(gate.out(), /^::error file=src\/triage\.ts,line=12,title=promptshift triage-0000000000::.*review: 1 accepted, 1 flagged; costs simulated$/m);
  assert.match(gate.out(), /^::warning file=src\/triage\.ts,line=12,title=case c1 flagged by a reviewer::team moved to b$/m);
  assert.match(gate.out(), /^::warning file=src\/triage\.ts,line=12,title=case c7 regressed::error: server: boom$/m);
  assert.equal(await compare(['run', '--fail-on', 'significance.regressed'], capture(root).io), 0);

  writeFileSync(join(root, 'run', 'review.json'), '{ not json');
  const broken = capture(root);
  assert.equal(await compare(['run', '--fail-on', 'review.flagged > 0'], broken.io), 2, 'an unreadable review must not pass a review gate');
  assert.match(broken.err(), /review\.json: not JSON/);
});

test('--markdown, --html FILE and --junit FILE: counts, verdict, review and the changed cases', async () => {
  const root = makeRun({ simulated: true });
  writeFileSync(join(root, 'run', 'review.json'), JSON.stringify([{ caseId: 'c0', decision: 'flagged', comment: 'wrong team', by: 'ana', at: '2026-11-15T10:00:00Z' }]));
  const md = capture(root);
  assert.equal(await compare(['run', '--markdown', '--html', 'report.html', '--junit', 'junit.xml'], md.io), 0, md.err());
  const text = md.out();
  assert.match(text, /^> ⚠️ Costs are simulated/m);
  assert.match(text, /^\| schema pass \| 8\/8 \(100\.0%\) \| 7\/8 \(87\.5%\) \| -12\.5 pts \|$/m);
  assert.match(text, /^✅ \*\*no significant regression\*\*/m);
  assert.match(text, /^- \*\*Review:\*\* 0 accepted, 1 flagged\.$/m);
  assert.match(text, /^ {2}- `c0` flagged by `ana`: `wrong team`$/m);
  assert.match(text, /^\*\*The 3 most-changed cases\*\*/m);
  assert.match(text, /^\$\.priority: "p2" → "p1"$/m);
  assert.match(md.err(), /HTML report: .*report\.html/);
  const htmlOnly = capture(root);
  assert.equal(await compare(['run', '--html', 'again.html'], htmlOnly.io), 0);
  assert.equal(htmlOnly.out(), '', '--html FILE stands in for the table');
  assert.ok(existsSync(join(root, 'again.html')));
  const page = readFileSync(join(root, 'report.html'), 'utf8');
  assert.match(page, /<del>[^<]*p2[^<]*<\/del>/);
  assert.match(page, /<ins>[^<]*p1[^<]*<\/ins>/);
  assert.match(page, /<span class="badge bad">flagged<\/span>/);
  const junit = readFileSync(join(root, 'junit.xml'), 'utf8');
  assert.match(junit, /<property name="review\.flagged" value="1"\/>/);
  assert.match(junit, /name="c0 \[candidate: gpt-4\.1\]" time="0\.100"><system-out>changed vs baseline: 2 JSON paths changed\n\$\.priority: &quot;p2&quot; → &quot;p1&quot;/);
  assert.match(junit, /review: flagged by ana: wrong team<\/system-out>/);
});

test('--help names every --fail-on name; usage errors are exit 2', async () => {
  const io = capture(tmpdir());
  assert.equal(await main(['compare', '--help'], io.io), 0);
  for (const name of ['review.flagged', 'significance.regressed', 'exactMatchRate', 'changedBeyondNoise', 'schemaFail']) assert.ok(io.out().includes(name), name);
  assert.equal(io.out(), COMPARE_HELP);
  await assert.rejects(compare([], capture(tmpdir()).io), /give one RUN_DIR/);
  const missing = capture(tmpdir());
  assert.equal(await compare([join(tmpdir(), 'no-such-run-dir')], missing.io), 2);
  assert.ok(!existsSync(join(tmpdir(), 'no-such-run-dir')));
});
