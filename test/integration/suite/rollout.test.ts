// Rollout plans in a real VS Code: a fixture run copied into the workspace is exported through
// "Export Rollout Plan…" (its non-interactive form), the Markdown plan opens in the Markdown preview,
// the Runs view shows the go / no-go, a no-go plan is refused without force, and *.rollout.json files
// get validation from the contributed JSON Schema through the JSON language service.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, EXTENSION_ID } from '../../../src/host/ids';
import type { ReplayApi } from '../../../src/host/replay/register';
import type { ExportOutcome } from '../../../src/host/rollout/exportPlan';
import { FIXTURES } from '../../unit/support/paths';

interface Api { replay: ReplayApi }

/** Waits for `cond` on editor events, polling as a fallback; generous ceiling for a loaded machine. */
async function until(what: string, cond: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => {
      const subs = [vscode.languages.onDidChangeDiagnostics(() => done()), vscode.window.tabGroups.onDidChangeTabs(() => done())];
      const timer = setTimeout(() => done(), 200);
      function done() { clearTimeout(timer); subs.forEach((s) => s.dispose()); resolve(); }
    });
  }
}

const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);

suite('rollout: export a plan from a run, preview it, validate *.rollout.json', () => {
  let api: Api;
  let root: string;
  let goRun: string;
  let flaggedRun: string;

  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    // Fixture runs live outside the fixture workspace (its .promptshift/runs is git-ignored): copy them in.
    goRun = join(root, '.promptshift', 'runs', '20261115-120000-go');
    flaggedRun = join(root, '.promptshift', 'runs', '20261115-120000-flagged');
    cpSync(join(FIXTURES, 'canary', 'runs', 'go'), goRun, { recursive: true });
    cpSync(join(FIXTURES, 'canary', 'runs', 'flagged'), flaggedRun, { recursive: true });
    await vscode.commands.executeCommand(Commands.refreshRuns);
  });

  test('the command is contributed and exports the chosen formats; the Markdown plan opens in the preview', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes(Commands.exportRolloutPlan));
    const out = await vscode.commands.executeCommand<ExportOutcome>(Commands.exportRolloutPlan, { runDir: goRun, formats: ['markdown', 'json', 'flagd'], stage: 25 });
    assert.ok(out.ok, out.ok ? '' : out.error);
    assert.equal(out.verdict, 'go');
    const names = out.files.map((f) => f.slice(join(goRun, 'rollout').length + 1)).sort();
    assert.deepEqual(names, ['promptshift-gpt-4o-to-gpt-4-1.rollout.json', 'promptshift-gpt-4o-to-gpt-4-1.rollout.md', 'promptshift-gpt-4o-to-gpt-4-1.stage-25.flagd.json']);
    assert.match(readFileSync(out.markdown!, 'utf8'), /^# Rollout plan/);
    await until('the Markdown preview tab', () => tabs().some((t) => t.input instanceof vscode.TabInputWebview && t.label.includes('promptshift-gpt-4o-to-gpt-4-1.rollout.md')));
  });

  test('the Runs view shows each run\'s go / no-go', async () => {
    const go = await api.replay.runItem(goRun);
    assert.ok(go, 'the go run is listed');
    assert.match(String(go.description), /rollout GO/);
    const flagged = await api.replay.runItem(flaggedRun);
    assert.match(String(flagged?.description), /rollout NO-GO/);
    // appendText escapes the tooltip's spaces as &nbsp;.
    assert.match((flagged?.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' '), /reviewers flagged 1 case: c5/);
  });

  test('a no-go plan is refused without force and exported with it', async () => {
    const refused = await vscode.commands.executeCommand<ExportOutcome>(Commands.exportRolloutPlan, { runDir: flaggedRun, formats: ['json'], open: false });
    assert.ok(!refused.ok && /NO-GO/.test(refused.error));
    assert.ok(!existsSync(join(flaggedRun, 'rollout')));
    const forced = await vscode.commands.executeCommand<ExportOutcome>(Commands.exportRolloutPlan, { runDir: flaggedRun, formats: ['json'], open: false, force: true });
    assert.ok(forced.ok && forced.verdict === 'no-go');
  });

  test('*.rollout.json gets validation from the contributed schema: an invalid plan has diagnostics, an exported one none', async () => {
    const exported = join(goRun, 'rollout', 'promptshift-gpt-4o-to-gpt-4-1.rollout.json');
    const bad = join(root, 'broken.rollout.json');
    const plan = JSON.parse(readFileSync(exported, 'utf8'));
    plan.stages[0].weight = 150;
    plan.decision.verdict = 'maybe';
    writeFileSync(bad, JSON.stringify(plan, null, 2));
    const good = await vscode.workspace.openTextDocument(exported);
    await vscode.window.showTextDocument(good);
    const doc = await vscode.workspace.openTextDocument(bad);
    await vscode.window.showTextDocument(doc);
    await until('schema diagnostics on broken.rollout.json', () => vscode.languages.getDiagnostics(doc.uri).length >= 2, 60_000);
    const messages = vscode.languages.getDiagnostics(doc.uri).map((d) => d.message).join('\n');
    assert.match(messages, /150|maximum|100/i, messages);
    assert.match(messages, /go|no-go|enum|allowed/i, messages);
    assert.deepEqual(vscode.languages.getDiagnostics(good.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), [], 'the exported plan is valid');
  });
});
