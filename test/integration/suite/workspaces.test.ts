// Multi-root workspaces in a real VS Code (the runner's third run opens a .code-workspace with the
// fixture workspace and test/fixtures/workspace-second): both folders are scanned, and a call site
// replays from its own folder's cases into its own folder's .promptshift/runs, which the Runs view
// and the Testing view both show. Only that run loads this suite, and it loads only this suite.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, EXTENSION_ID } from '../../../src/host/ids';
import type { ScanApi } from '../../../src/host/scan/register';
import type { ReplayApi } from '../../../src/host/replay/register';
import type { SessionOutcome } from '../../../src/host/replay/session';
import { startLocalEndpoint, type LocalEndpoint } from '../../../src/llm/localEndpoint/index';

interface Api { scan: ScanApi; replay: ReplayApi }

suite('multi-root: each folder keeps its own cases and runs', () => {
  let api: Api;
  let server: LocalEndpoint;
  let first: string;
  let second: string;

  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 2, 'the runner opened a workspace of two folders');
    [first, second] = folders.map((f) => f.uri.fsPath);
    await api.scan.whenIdle();
    server = await startLocalEndpoint({ models: ['gpt-4o', 'gpt-4.1'], defaultLatencyMs: 2 });
  });

  suiteTeardown(async () => {
    await server?.close();
  });

  const replay = (callSiteId: string) => vscode.commands.executeCommand<SessionOutcome>(Commands.replay, {
    callSiteId, endpoint: { name: 'test server', kind: 'compatible', baseURL: server.url }, candidate: 'gpt-4.1', confirm: false,
  });

  test('call sites of both folders replay from their own cases into their own runs', async () => {
    const sites = api.scan.callSites();
    const tagger = sites.find((s) => s.path === 'jobs/tagger.py');
    const summarize = sites.find((s) => s.path === 'src/summarize.ts');
    assert.ok(tagger && summarize, 'both folders are scanned');
    mkdirSync(join(second, '.promptshift', 'cases'), { recursive: true });
    writeFileSync(join(second, '.promptshift', 'cases', `${tagger.id}.jsonl`),
      '{"id": "billing", "vars": {"ticket": "I was charged twice"}}\n{"id": "login", "vars": {"ticket": "Cannot sign in"}}\n');

    const out = await replay(tagger.id);
    assert.ok(out.ok, `the second folder's replay ran: ${out.ok ? '' : out.error}`);
    assert.ok(out.runDir.startsWith(join(second, '.promptshift', 'runs')), `written under the second folder: ${out.runDir}`);
    assert.equal(out.summary.done, 4, "2 cases × 2 arms, from the second folder's cases file");
    const own = await replay(summarize.id);
    assert.ok(own.ok, `the first folder's replay ran: ${own.ok ? '' : own.error}`);
    assert.ok(own.runDir.startsWith(join(first, '.promptshift', 'runs')), `written under the first folder: ${own.runDir}`);

    const runs = await api.replay.runs();
    assert.ok(runs.some((r) => r.dir === out.runDir) && runs.some((r) => r.dir === own.runDir), 'the Runs view lists the runs of both folders');
    const ids = await api.replay.testItemIds();
    assert.ok(ids.includes(`cs:${tagger.id}/billing`), "the Testing view lists the second folder's cases");
    assert.ok(ids.includes(`cs:${summarize.id}/release-notes`), "and the first folder's");
  });
});
