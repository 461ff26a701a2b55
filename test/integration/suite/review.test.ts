// Review in a real VS Code: after a replay on the built-in stand-in, the call site's CodeLens and
// Call Sites item carry the run's verdict; Open Diff opens VS Code's diff editor on both outputs
// (JSON canonical, in JSON mode) and Next Changed Case walks the run; the review panel's webview
// loads under its CSP and its message handler writes decisions to review.json (malformed messages
// ignored); the Runs view opens the review; Test Results link a case to its diff.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, EXTENSION_ID } from '../../../src/host/ids';
import type { ScanApi } from '../../../src/host/scan/register';
import type { ReplayApi } from '../../../src/host/replay/register';
import type { ReviewApi } from '../../../src/host/review/register';
import type { SessionOutcome } from '../../../src/host/replay/session';
import type { ResultRecord } from '../../../src/core/replay/records';
import { canonicalPretty } from '../../../src/core/compare/jsonChanges';
import type { TreeNode } from '../../../src/host/views/grouping';
import { waitFor } from './support';

interface Api { scan: ScanApi; replay: ReplayApi; review: ReviewApi }

const records = (runDir: string): ResultRecord[] =>
  readFileSync(join(runDir, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ResultRecord);
const reviewFile = (runDir: string) => (existsSync(join(runDir, 'review.json')) ? JSON.parse(readFileSync(join(runDir, 'review.json'), 'utf8')) : { decisions: [] });

async function lensesOf(uri: vscode.Uri | undefined): Promise<vscode.CodeLens[]> {
  assert.ok(uri, 'the call site has a file');
  await vscode.workspace.openTextDocument(uri); // the command needs the document loaded
  return vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
}

/** Waits for a condition the extension reaches asynchronously (a webview loading), with a generous ceiling. */
const until = <T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 60_000): Promise<T> => waitFor(what, probe, ms);

function diffTab(): vscode.TabInputTextDiff | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputTextDiff ? input : undefined;
}

suite('review: verdicts at the call site, case diffs, the review panel and its decisions', () => {
  let api: Api;
  let classifyId: string;
  let summarizeId: string;
  let classifyRun: string;
  let summarizeRun: string;

  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    await api.scan.whenIdle();
    classifyId = api.scan.callSites().find((s) => s.path === 'src/classify.ts')!.id;
    summarizeId = api.scan.callSites().find((s) => s.path === 'src/summarize.ts')!.id;
    const run = async (callSiteId: string) => {
      const out = await vscode.commands.executeCommand<SessionOutcome>(Commands.replay, { callSiteId, endpoint: 'local', candidate: 'gpt-4.1', confirm: false });
      assert.ok(out.ok, `the replay ran: ${out.ok ? '' : out.error}`);
      return out.runDir;
    };
    classifyRun = await run(classifyId);
    summarizeRun = await run(summarizeId);
    await api.review.whenVerdictsIdle();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('after a replay the CodeLens carries the verdict and opens the review', async () => {
    const site = api.scan.callSites().find((s) => s.id === classifyId)!;
    const lenses = await lensesOf(api.scan.uriOf(site));
    const verdict = lenses.find((l) => l.command?.command === Commands.openReview);
    assert.ok(verdict, `a verdict lens among ${lenses.map((l) => l.command?.title).join(' | ')}`);
    assert.match(verdict.command!.title, /^(\$\(warning\) )?gpt-4\.1 vs gpt-4\.5-preview · schema \d\/2( \([+\u2212]\d\))? · .*\d+ changed · .*Review$/);
    // The stand-in's costs are list prices on a local endpoint: labelled, never "spent".
    if (/cost/.test(verdict.command!.title)) assert.match(verdict.command!.title, /cost [^·]+ \(simulated\)/);
    assert.deepEqual(verdict.command!.arguments, [{ runDir: classifyRun, callSiteId: classifyId }]);
    assert.match(verdict.command!.tooltip ?? '', /Schema pass: baseline \d\/2/);
  });

  test('the Call Sites tree item shows the same verdict in its description and tooltip', async () => {
    const tree = api.scan.tree;
    const walk = async (nodes: TreeNode[]): Promise<TreeNode | undefined> => {
      for (const n of nodes) {
        if (n.kind === 'site' && n.entry.site.id === summarizeId) return n;
        const found = await walk((await tree.getChildren(n)) ?? []);
        if (found) return found;
      }
      return undefined;
    };
    const node = (await walk((await tree.getChildren()) ?? []))!;
    const item = await tree.getTreeItem(node);
    assert.match(String(item.description), /^gpt-4\.1 vs gpt-4\.5-preview · ok 3\/3 · .*\d changed/);
    const resolved = await tree.resolveTreeItem!(item, node, new vscode.CancellationTokenSource().token);
    assert.match((resolved?.tooltip as vscode.MarkdownString).value, /Latest run/);
  });

  test('Open Diff opens VS Code\'s diff editor on both outputs: canonical JSON in JSON mode', async () => {
    const recs = records(classifyRun).filter((r) => r.caseId === 'angry');
    const base = recs.find((r) => r.arm === 'baseline')!;
    const cand = recs.find((r) => r.arm === 'candidate')!;
    assert.equal(await vscode.commands.executeCommand(Commands.openDiff, { runDir: classifyRun, callSiteId: classifyId, caseId: 'angry' }), true);
    const tab = await until('the diff editor', () => diffTab());
    assert.equal(tab.original.scheme, 'promptshift');
    assert.match(vscode.window.tabGroups.activeTabGroup.activeTab!.label, /^angry · baseline gpt-4\.5-preview ↔ candidate gpt-4\.1$/);
    const left = await vscode.workspace.openTextDocument(tab.original);
    const right = await vscode.workspace.openTextDocument(tab.modified);
    assert.equal(left.getText(), `${canonicalPretty(base.json)}\n`);
    assert.equal(right.getText(), `${canonicalPretty(cand.json)}\n`);
    assert.equal(left.languageId, 'json');
  });

  test('Next / Previous Changed Case walk the run\'s changed cases in the diff editor', async () => {
    const recs = records(summarizeRun);
    const out = (caseId: string, arm: string) => recs.find((r) => r.caseId === caseId && r.arm === arm)!.output;
    const changed = ['release-notes', 'incident', 'policy'].filter((c) => out(c, 'baseline').trim() !== out(c, 'candidate').trim());
    assert.ok(changed.length >= 2, `the stand-in answers each model differently (${changed.join(', ')})`);
    await vscode.commands.executeCommand(Commands.openDiff, { runDir: summarizeRun, callSiteId: summarizeId, caseId: changed[0] });
    await until('the first diff', () => diffTab()?.modified.query.includes(`case=${changed[0]}`));
    const next = await vscode.commands.executeCommand<{ caseId: string } | undefined>(Commands.nextChangedCase);
    assert.equal(next?.caseId, changed[1]);
    await until('the next diff', () => diffTab()?.modified.query.includes(`case=${changed[1]}`));
    const right = await vscode.workspace.openTextDocument(diffTab()!.modified);
    assert.equal(right.getText(), out(changed[1], 'candidate'));
    assert.equal(right.languageId, 'plaintext');
    const back = await vscode.commands.executeCommand<{ caseId: string } | undefined>(Commands.previousChangedCase);
    assert.equal(back?.caseId, changed[0]);
  });

  test('the review panel loads under its CSP; its handler saves Accept/Flag to review.json and ignores malformed messages', async () => {
    const panel = api.review.open(classifyRun);
    // 'init' is sent when the webview's script has run and said 'ready': the CSP let our nonce script in.
    await until('the webview to load and receive the run', () => (panel.sent.get('cases') ?? 0) >= 1);
    assert.match(panel.panel.title, /^Review classify\.ts:\d+$/);
    assert.equal(api.review.open(classifyRun), panel, 'one panel per run: opening again reveals it');

    await api.review.receive(classifyRun, { type: 'decide', callSiteId: classifyId, caseId: 'angry', decision: 'flagged', comment: 'reads as neutral' });
    let saved = reviewFile(classifyRun);
    assert.equal(saved.decisions.length, 1);
    assert.deepEqual({ ...saved.decisions[0], at: 'x', by: 'x' }, { callSiteId: classifyId, caseId: 'angry', decision: 'flagged', comment: 'reads as neutral', at: 'x', by: 'x' });
    assert.ok(panel.sent.get('decision')! >= 1, 'the webview is told');

    const before = readFileSync(join(classifyRun, 'review.json'), 'utf8');
    for (const bad of [{ type: 'decide', callSiteId: classifyId, caseId: 'angry', decision: 'maybe', comment: '' }, { type: 'decide' }, 'flagged', null, { type: 'openDiff', caseId: 7 }]) {
      await api.review.receive(classifyRun, bad);
    }
    assert.equal(readFileSync(join(classifyRun, 'review.json'), 'utf8'), before, 'malformed messages change nothing');

    await vscode.commands.executeCommand(Commands.acceptCase, { runDir: classifyRun, callSiteId: classifyId, caseId: 'happy' });
    saved = reviewFile(classifyRun);
    assert.deepEqual(saved.decisions.map((d: { caseId: string; decision: string }) => `${d.caseId}:${d.decision}`).sort(), ['angry:flagged', 'happy:accepted']);

    await api.review.receive(classifyRun, { type: 'select', callSiteId: classifyId, caseId: 'happy' });
    assert.ok(panel.sent.get('detail')! >= 1, 'a selected case gets its diff');

    await api.review.whenVerdictsIdle();
    const site = api.scan.callSites().find((s) => s.id === classifyId)!;
    const lenses = await lensesOf(api.scan.uriOf(site));
    assert.match(lenses.find((l) => l.command?.command === Commands.openReview)!.command!.title, /· 1 flagged ·/);
    panel.dispose();
    assert.equal(api.review.panelFor(classifyRun), undefined);
  });

  test('the Runs view opens the review on click and shows pass/fail per call site', async () => {
    const tree = api.replay.runsTree;
    const groups = (await tree.getChildren()) ?? [];
    let found: vscode.TreeItem | undefined;
    for (const g of groups) {
      for (const r of (await tree.getChildren(g)) ?? []) {
        const item = await tree.getTreeItem(r);
        const arg = item.command?.arguments?.[0] as { runDir?: string } | undefined;
        if (arg?.runDir === summarizeRun) found = item;
      }
    }
    assert.ok(found, 'the run is listed');
    assert.equal(found.command?.command, Commands.openReview);
    assert.match(String(found.description), /baseline 3\/3 pass · candidate 3\/3 pass/);
  });

  test('a failed or passed case in Test Results links to its diff', async () => {
    const ref = api.replay.caseOfTest(`cs:${summarizeId}/incident`);
    assert.deepEqual(ref, { runDir: summarizeRun, callSiteId: summarizeId, caseId: 'incident' });
    assert.equal(api.replay.testResults()[`cs:${summarizeId}/incident`].state, 'passed');
    assert.equal(await vscode.commands.executeCommand(Commands.openDiff, { id: `cs:${summarizeId}/incident` }), true, 'Open Diff from a test item');
    await until('the diff of the test item', () => diffTab()?.modified.query.includes('case=incident'));
  });
});
