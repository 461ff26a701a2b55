// A replay child process is SIGKILLed mid-run several times and resumed each time: no result may be
// lost or duplicated, and no request that was already recorded may reach the server again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalEndpoint, hashRequestBody } from '../../../src/llm/localEndpoint/index';
import { buildChatBody } from '../../../src/llm/requestMapping';
import { workItems } from '../../../src/core/replay/plan';
import { workKey, type ResultRecord, type RunPlanFile } from '../../../src/core/replay/records';
import { lookupModel, loadCatalog, BUILTIN_CATALOG } from '../../../src/core/models/catalog';
import { adaptParamsForModel } from '../../../src/core/models/requestOverrides';
import { makeWorkspace, scanId, writeCases } from './workspace';

const catalog = loadCatalog(BUILTIN_CATALOG);
const adapt = (p: Record<string, unknown>, m: string) => adaptParamsForModel(p, lookupModel(catalog, m, { snapshotFallback: true })).params;

function records(dir: string): ResultRecord[] {
  if (!existsSync(join(dir, 'results.jsonl'))) return [];
  return readFileSync(join(dir, 'results.jsonl'), 'utf8').split('\n').flatMap((l) => { try { return l ? [JSON.parse(l) as ResultRecord] : []; } catch { return []; } });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('SIGKILL mid-run several times, then resume: nothing lost, duplicated or re-sent', { timeout: 120_000 }, async () => {
  const { root } = makeWorkspace();
  const id = await scanId(root);
  writeCases(root, id, 40);
  const server = await startLocalEndpoint({ latencyMs: 40 });
  const child = join(root, 'child.js');
  writeFileSync(child, `const { run } = require(${JSON.stringify(join(__dirname, '../../../src/cli/commands/replay.js'))});
const { processIo } = require(${JSON.stringify(join(__dirname, '../../../src/cli/io.js'))});
run(process.argv.slice(2), processIo()).then((c) => process.exit(c), (e) => { console.error(e); process.exit(3); });\n`);
  const runDir = join(root, 'run');
  const start = (args: string[]) => spawn(process.execPath, [child, ...args], { cwd: root, env: { ...process.env, OPENAI_API_KEY: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = (p: ReturnType<typeof spawn>) => new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
  try {
    const snapshots: { finished: ResultRecord[]; counts: Record<string, number> }[] = [];
    const killAt = [12, 34, 57];
    for (let k = 0; k < killAt.length; k++) {
      const args = k === 0
        ? ['--callsite', id, '--candidate', 'gpt-4.1-mini', '--base-url', server.url, '--run-dir', 'run', '--concurrency', '4', '--no-cache']
        : ['--resume', 'run', '--no-cache', '--concurrency', '4'];
      const p = start(args);
      const done = exited(p);
      let stderr = '';
      p.stderr!.on('data', (d) => { stderr += String(d); });
      for (let waited = 0; records(runDir).length < killAt[k]; waited += 5) {
        assert.ok(waited < 30_000, `child made no progress: ${stderr}`);
        await sleep(5);
      }
      await sleep(Math.floor(Math.random() * 30));
      p.kill('SIGKILL');
      await done;
      const counts: Record<string, number> = {};
      for (const [h, v] of Object.entries(server.stats().byHash)) counts[h] = v.requests;
      snapshots.push({ finished: records(runDir), counts });
      assert.ok(snapshots[k].finished.length < 80, 'killed before the end');
    }
    const last = start(['--resume', 'run', '--no-cache', '--concurrency', '4', '--json']);
    let out = '';
    last.stdout!.on('data', (d) => { out += String(d); });
    assert.equal(await exited(last), 0);
    assert.equal(JSON.parse(out).summary.done, 80);

    const final = records(runDir);
    assert.equal(final.length, 80, 'every request recorded');
    assert.equal(new Set(final.map(workKey)).size, 80, 'no duplicates');
    const lines = readFileSync(join(runDir, 'results.jsonl'), 'utf8').split('\n').filter(Boolean);
    assert.equal(lines.length, 80, 'no torn fragments left behind');

    // Map each work item to the server's hash of its wire body.
    const plan = JSON.parse(readFileSync(join(runDir, 'plan.json'), 'utf8')) as RunPlanFile;
    const hashOf = new Map<string, string>();
    for (const w of workItems(plan, adapt)) hashOf.set(w.key, hashRequestBody(buildChatBody(w.model, w.request.messages, w.request.params)));
    const endCounts = server.stats().byHash;
    for (const r of final) assert.ok(endCounts[hashOf.get(workKey(r))!], 'hash mapping matches the server');
    for (const [k, snap] of snapshots.entries()) {
      for (const r of snap.finished) {
        const h = hashOf.get(workKey(r))!;
        assert.equal(endCounts[h].requests, snap.counts[h], `record ${workKey(r)} finished before kill ${k + 1} was sent again`);
      }
    }
    const total = Object.values(endCounts).reduce((a, v) => a + v.requests, 0);
    console.log(`kill test: 80 results, ${total} requests at the server (${total - 80} re-sent after being in flight at a kill)`);
  } finally {
    await server.close();
  }
});
