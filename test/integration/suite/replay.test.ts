// Replay in a real VS Code: a fixture call site is replayed through the promptshift.replay command
// against a local OpenAI-compatible server, and the Testing view's "Promptshift replays" shows each
// case and arm with the right pass/fail. Also: the built-in stand-in profile, a single-case re-run,
// the Runs view, a malformed cases file refused before anything is sent, and the trust guard.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, EXTENSION_ID } from '../../../src/host/ids';
import type { ScanApi } from '../../../src/host/scan/register';
import type { ReplayApi } from '../../../src/host/replay/register';
import type { SessionOutcome } from '../../../src/host/replay/session';
import type { ResultRecord } from '../../../src/core/replay/records';
import { startLocalEndpoint, type LocalEndpoint } from '../../../src/llm/localEndpoint/index';

interface Api { scan: ScanApi; replay: ReplayApi }

const records = (runDir: string): ResultRecord[] =>
  readFileSync(join(runDir, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ResultRecord);
const passes = (r: ResultRecord) => r.status === 'ok' && (r.schema === null || r.schema.ok);

suite('replay: a fixture call site against a local endpoint, results in the Testing view', () => {
  let api: Api;
  let server: LocalEndpoint;
  let root: string;
  let summarizeId: string;
  let classifyId: string;
  let digestId: string;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID)!;
    api = await ext.activate();
    await api.scan.whenIdle();
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const byPath = (p: string) => api.scan.callSites().find((s) => s.path === p)?.id;
    summarizeId = byPath('src/summarize.ts')!;
    classifyId = byPath('src/classify.ts')!;
    digestId = byPath('worker/digest.py')!;
    assert.ok(summarizeId && classifyId && digestId, 'the fixture call sites are scanned');
    // Only the candidate exists on this server: every baseline request gets 404 model_not_found.
    server = await startLocalEndpoint({ models: ['gpt-4.1'], defaultLatencyMs: 5 });
  });

  suiteTeardown(async () => {
    await server?.close();
  });

  test('the Testing view lists call sites with cases, one test per case (both arms run inside it)', async () => {
    const ids = await api.replay.testItemIds();
    for (const c of ['release-notes', 'incident', 'policy']) {
      assert.ok(ids.includes(`cs:${summarizeId}/${c}`), `case ${c} listed`);
      // "n/n passed" counts cases: arms are not test items of their own (they were, and read as requests).
      assert.ok(!ids.some((id) => id.startsWith(`cs:${summarizeId}/${c}/`)), `no arm items under ${c}`);
    }
    assert.ok(ids.includes(`cs:${classifyId}`), 'classify has cases too');
    assert.ok(!ids.includes(`cs:${digestId}`), 'a call site without cases has no test item');
  });

  test('Replay… through the command: results.jsonl is written and each case shows the right pass/fail', async () => {
    const before = server.stats().requests;
    const out = await vscode.commands.executeCommand<SessionOutcome>(Commands.replay, {
      callSiteId: summarizeId, endpoint: { name: 'test server', kind: 'compatible', baseURL: server.url }, candidate: 'gpt-4.1', confirm: false,
    });
    assert.ok(out.ok, `the replay ran: ${out.ok ? '' : out.error}`);
    assert.equal(out.summary.stopReason, 'completed');
    assert.ok(out.runDir.startsWith(join(root, '.promptshift', 'runs')), 'written under .promptshift/runs');
    assert.ok(existsSync(join(out.runDir, 'results.jsonl')) && existsSync(join(out.runDir, 'plan.json')) && existsSync(join(out.runDir, 'summary.json')));
    const recs = records(out.runDir);
    assert.equal(recs.length, 6, '3 cases × 2 arms');
    assert.ok(server.stats().requests >= before + 6);

    const results = api.replay.testResults();
    for (const r of recs) {
      const o = results[`cs:${r.callSiteId}/${r.caseId}/${r.arm}`];
      assert.ok(o, `outcome for ${r.caseId}/${r.arm}`);
      assert.equal(o.state, passes(r) ? 'passed' : 'failed', `${r.caseId}/${r.arm}`);
      assert.equal(o.durationMs, r.latencyMs);
    }
    for (const c of ['release-notes', 'incident', 'policy']) {
      const base = results[`cs:${summarizeId}/${c}/baseline`];
      assert.equal(base.state, 'failed', 'the baseline model does not exist on this server');
      assert.match(base.message ?? '', /not_found|404/);
      const cand = results[`cs:${summarizeId}/${c}/candidate`];
      assert.equal(cand.state, 'passed');
      assert.equal(results[`cs:${summarizeId}/${c}`].state, 'failed', 'a case with a failing arm fails');
    }
  });

  test('the built-in local stand-in profile replays the call site with a schema; outcomes follow status and schema', async () => {
    const out = await vscode.commands.executeCommand<SessionOutcome>(Commands.replay, { callSiteId: classifyId, endpoint: 'local', candidate: 'gpt-4.1', confirm: false });
    assert.ok(out.ok, `the replay ran: ${out.ok ? '' : out.error}`);
    const recs = records(out.runDir);
    assert.equal(recs.length, 4);
    const plan = JSON.parse(readFileSync(join(out.runDir, 'plan.json'), 'utf8'));
    assert.match(plan.endpoint.baseURL, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const results = api.replay.testResults();
    for (const r of recs) {
      assert.equal(r.status, 'ok', 'the stand-in knows every model');
      assert.ok(r.schema, 'validated against the call site schema');
      assert.equal(results[`cs:${classifyId}/${r.caseId}/${r.arm}`].state, passes(r) ? 'passed' : 'failed');
      if (!passes(r)) assert.ok(results[`cs:${classifyId}/${r.caseId}/${r.arm}`].message, 'a failure has a message');
    }
  });

  test('re-running one case replays only that case', async () => {
    const out = await vscode.commands.executeCommand<SessionOutcome>(Commands.replay, {
      callSiteId: summarizeId, caseIds: ['incident'], endpoint: { name: 'test server', kind: 'compatible', baseURL: server.url }, candidate: 'gpt-4.1', confirm: false,
    });
    assert.ok(out.ok);
    assert.deepEqual(records(out.runDir).map((r) => `${r.caseId}/${r.arm}`).sort(), ['incident/baseline', 'incident/candidate']);
  });

  test('cancel keeps finished results; Resume Run finishes the rest without re-sending them', async () => {
    const slow = await startLocalEndpoint({ defaultLatencyMs: 250 });
    try {
      const endpoint = { name: 'slow server', kind: 'compatible', baseURL: slow.url };
      const cts = new vscode.CancellationTokenSource();
      // Cancel once the second request is in flight: the first is finished and appended by then.
      const poll = setInterval(() => { if (slow.stats().requests >= 2) { clearInterval(poll); cts.cancel(); } }, 10);
      const first = await vscode.commands.executeCommand<SessionOutcome>(Commands.replay, { callSiteId: summarizeId, endpoint, candidate: 'gpt-4.1', confirm: false, concurrency: 1, token: cts.token });
      assert.ok(first.ok, `the run ended cleanly: ${first.ok ? '' : first.error}`);
      clearInterval(poll);
      assert.equal(first.summary.stopReason, 'cancelled');
      const kept = records(first.runDir);
      assert.ok(kept.length >= 1 && kept.length < 6, `some results kept (${kept.length})`);
      const runs = await api.replay.runs();
      assert.equal(runs.find((r) => r.dir === first.runDir)?.resumable, true, 'the Runs view offers Resume');

      const resumed = await vscode.commands.executeCommand<SessionOutcome>(Commands.resumeRun, { runDir: first.runDir, endpoint, confirm: false });
      assert.ok(resumed.ok, `resumed: ${resumed.ok ? '' : resumed.error}`);
      assert.equal(resumed.summary.stopReason, 'completed');
      assert.equal(resumed.summary.resumed, kept.length);
      const all = records(first.runDir);
      assert.equal(all.length, 6);
      assert.deepEqual(all.slice(0, kept.length), kept, 'finished results kept as they were');
      assert.equal(new Set(all.map((r) => `${r.caseId}/${r.arm}/${r.repeat}`)).size, 6, 'no duplicates');
      assert.ok(slow.stats().requests <= 7, `finished requests not sent again (${slow.stats().requests} received; at most one was in flight at cancel)`);
    } finally {
      await slow.close();
    }
  });

  test('the Testing view re-runs a single case with the last endpoint and candidate', async () => {
    const before = (await api.replay.runs()).length;
    await api.replay.runTests([`cs:${classifyId}/angry`]);
    const runs = await api.replay.runs();
    assert.equal(runs.length, before + 1, 'one new run');
    const plan = JSON.parse(readFileSync(join(runs[0].dir, 'plan.json'), 'utf8'));
    assert.deepEqual(plan.callSites[0].cases.map((c: { id: string }) => c.id), ['angry']);
    assert.equal(plan.arms.candidate.model, 'gpt-4.1', 'the last candidate (the stand-in replay above)');
    const recs = records(runs[0].dir);
    assert.equal(recs.length, 2);
    for (const r of recs) assert.equal(api.replay.testResults()[`cs:${classifyId}/angry/${r.arm}`].state, passes(r) ? 'passed' : 'failed');
  });

  test('the Runs view lists the runs with their call sites', async () => {
    await vscode.commands.executeCommand(Commands.refreshRuns);
    const runs = await api.replay.runs();
    assert.ok(runs.length >= 3);
    assert.ok(runs.some((r) => r.callSites.some((c) => c.id === summarizeId) && r.summary?.stopReason === 'completed'));
  });

  test('a malformed cases file is refused, naming file:line, before anything is sent', async () => {
    const file = join(root, '.promptshift', 'cases', `${digestId}.jsonl`);
    writeFileSync(file, '{"id": "ok", "vars": {"items": "a"}}\n{"id": "broken", "vars": \n');
    try {
      const before = server.stats().requests;
      const out = await vscode.commands.executeCommand<SessionOutcome>(Commands.replay, {
        callSiteId: digestId, endpoint: { name: 'test server', kind: 'compatible', baseURL: server.url }, candidate: 'gpt-4.1', confirm: false,
      });
      assert.equal(out.ok, false);
      assert.match(out.ok ? '' : out.error, new RegExp(`${digestId}\\.jsonl:2: not valid JSON`));
      assert.equal(server.stats().requests, before, 'nothing was sent');
    } finally {
      rmSync(file, { force: true });
    }
  });

  test('a key from the environment reaches the endpoint and is written nowhere', async () => {
    const planted = 'sk-planted-replay-3f9c1a7e5b2d4c6e';
    const keyed = await startLocalEndpoint({ authKey: planted, defaultLatencyMs: 1 });
    process.env.PROMPTSHIFT_TEST_PLANTED_KEY = planted;
    try {
      const out = await vscode.commands.executeCommand<SessionOutcome>(Commands.replay, {
        callSiteId: summarizeId, endpoint: { name: 'keyed', kind: 'compatible', baseURL: keyed.url, apiKeyEnv: 'PROMPTSHIFT_TEST_PLANTED_KEY' }, candidate: 'gpt-4.1', confirm: false,
      });
      assert.ok(out.ok && out.summary.errors === 0, 'the key was sent (the server answers 401 without it)');
      const grep = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = join(dir, e.name);
        return e.isDirectory() ? grep(p) : readFileSync(p, 'utf8').includes(planted) ? [p] : [];
      });
      assert.deepEqual(grep(join(root, '.promptshift')), [], 'no run file, cache entry or case holds the key');
      assert.deepEqual(grep(join(root, '.vscode')), [], 'settings do not hold the key');
    } finally {
      delete process.env.PROMPTSHIFT_TEST_PLANTED_KEY;
      await keyed.close();
    }
  });

  test('an endpoint that refuses every connection ends in an error naming its URL and offering Resume, not a completed run', async () => {
    const gone = await startLocalEndpoint({ defaultLatencyMs: 1 });
    const url = gone.url;
    await gone.close(); // nothing listens there now: every connection is refused
    const out = await vscode.commands.executeCommand<SessionOutcome>(Commands.replay, {
      callSiteId: summarizeId, endpoint: { name: 'gone', kind: 'compatible', baseURL: url }, candidate: 'gpt-4.1', confirm: false,
    });
    assert.equal(out.ok, false, 'not a completed run');
    if (out.ok) return;
    assert.match(out.error, new RegExp(`^Cannot reach ${url.replace(/[.]/g, '\\.')}: no answer to any request`));
    assert.match(out.error, /then resume the run/);
    assert.ok(out.resumeDir && existsSync(join(out.resumeDir, 'plan.json')), 'the run is kept for Resume');
    const summary = JSON.parse(readFileSync(join(out.resumeDir, 'summary.json'), 'utf8'));
    assert.equal(summary.stopReason, 'unreachable');
    assert.equal(summary.done, 0, 'no error records: Resume sends every request');
    assert.equal((await api.replay.runs()).find((r) => r.dir === out.resumeDir)?.resumable, true);
  });

  test('Create Cases File writes a skeleton with the holes; Import Captured Requests appends messages cases', async () => {
    const site = api.scan.callSites().find((s) => s.id === digestId)!;
    const file = join(root, '.promptshift', 'cases', `${digestId}.jsonl`);
    const capture = join(root, 'captured.jsonl');
    try {
      const uri = await vscode.commands.executeCommand<vscode.Uri>(Commands.createCasesFile, site);
      assert.equal(uri.fsPath, file);
      assert.equal(readFileSync(file, 'utf8'), '{"id":"case-1","vars":{"items":""}}\n{"id":"case-2","vars":{"items":""}}\n');
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file, 'opened');
      writeFileSync(capture, JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Tickets: printer on fire' }] }) + '\n');
      await vscode.commands.executeCommand(Commands.importCapturedRequests, site, vscode.Uri.file(capture));
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      assert.equal(lines.length, 3);
      assert.deepEqual(JSON.parse(lines[2]), { id: 'captured-1', messages: [{ role: 'user', content: 'Tickets: printer on fire' }] });
      assert.ok((await api.replay.testItemIds()).includes(`cs:${digestId}/captured-1`), 'the new cases appear in the Testing view');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(file, { force: true });
      rmSync(capture, { force: true });
    }
  });

  test('in an untrusted workspace the replay is refused', () => {
    assert.match(api.replay.replayRefusal(false) ?? '', /untrusted workspace: nothing was sent/);
    assert.equal(api.replay.replayRefusal(true), null);
  });
});
