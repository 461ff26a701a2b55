// `replay --batch` end to end through the CLI, the real openai SDK (files + batches over HTTP) and the
// local endpoint: the records equal a live run's; a killed batch run resumes by polling the same batch;
// a batch that ends unanswered is finished live.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { run as replay } from '../../../src/cli/commands/replay';
import { workKey, type ResultRecord } from '../../../src/core/replay/records';
import type { BatchResultRecord, BatchState } from '../../../src/core/replay/batch';
import { capture, makeWorkspace, PLANTED_KEY, readRecords, scanId, writeCases } from './workspace';

const SCHEMA = { type: 'object', properties: { summary: { type: 'string' }, topic: { type: 'integer' } }, required: ['summary'] };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const postsTo = (stats: { byPath: Record<string, number> }, suffix: string) => Object.entries(stats.byPath).filter(([k]) => k.startsWith('POST ') && k.endsWith(suffix)).reduce((a, [, n]) => a + n, 0);

test('--batch: records have the live shape and outputs, at half the price, through one batch', async () => {
  const { root } = makeWorkspace();
  const id = await scanId(root);
  writeCases(root, id, 12);
  writeFileSync(join(root, 'schema.json'), JSON.stringify(SCHEMA));
  const server = await startLocalEndpoint({ latencyMs: 1, authKey: PLANTED_KEY });
  try {
    const common = ['--callsite', id, '--candidate', 'gpt-4.1-mini', '--base-url', server.url, '--schema', 'schema.json', '--no-cache'];
    const b = capture(root, { OPENAI_API_KEY: PLANTED_KEY });
    assert.equal(await replay([...common, '--batch', '--batch-poll-ms', '1', '--run-dir', 'batchRun', '--json'], b.io), 0, b.err());
    const out = JSON.parse(b.out());
    assert.equal(out.summary.done, 24);
    assert.equal(out.summary.stopReason, 'completed');
    assert.equal(out.summary.batch.priceFactor, 0.5);
    assert.equal(out.summary.batch.viaBatch, 24);
    assert.equal(out.summary.batch.batchIds.length, 1);
    const s = server.stats();
    assert.equal(s.byPath['POST /v1/batches'], 1);
    assert.equal(s.byPath['POST /v1/files'], 1);
    assert.equal(postsTo(s, '/chat/completions'), 0, 'nothing sent live');
    assert.match(b.err(), /batch batch_\w+: completed, 24\/24 done, 0 failed/);
    const state = JSON.parse(readFileSync(join(root, 'batchRun', 'batch.json'), 'utf8')) as BatchState;
    assert.equal(state.batches[0].batchId, out.summary.batch.batchIds[0]);
    assert.equal(state.batches[0].status, 'collected');

    const l = capture(root, { OPENAI_API_KEY: PLANTED_KEY });
    assert.equal(await replay([...common, '--run-dir', 'liveRun'], l.io), 0, l.err());

    const batch = readRecords(join(root, 'batchRun')) as BatchResultRecord[];
    const live = new Map(readRecords(join(root, 'liveRun')).map((r) => [workKey(r), r]));
    assert.equal(batch.length, 24);
    assert.equal(new Set(batch.map(workKey)).size, 24);
    for (const r of batch) {
      const o = live.get(workKey(r))!;
      assert.ok(o, workKey(r));
      assert.deepEqual(Object.keys(r).filter((k) => k !== 'batch').sort(), Object.keys(o).sort(), 'same fields as a live record');
      for (const k of ['status', 'error', 'output', 'json', 'schema', 'usage', 'requestHash', 'model'] as const) assert.deepEqual(r[k], o[k], k);
      assert.ok(r.schema !== null && r.json !== null, "validated like a live record");
      assert.equal(r.attempts, 1);
      assert.equal(r.latencyMs, 0);
      assert.equal(r.cached, false);
      assert.deepEqual(r.batch, { id: state.batches[0].batchId, priceFactor: 0.5 });
      assert.ok(typeof o.costUsd === 'number' && o.costUsd > 0);
      assert.ok(Math.abs(r.costUsd! - o.costUsd / 2) < 1e-12, `${r.costUsd} is half of ${o.costUsd}`);
    }
    for (const f of ['plan.json', 'results.jsonl', 'summary.json', 'batch.json']) {
      assert.ok(!readFileSync(join(root, 'batchRun', f), 'utf8').includes(PLANTED_KEY), f);
    }
  } finally {
    await server.close();
  }
});

function records(dir: string): ResultRecord[] {
  if (!existsSync(join(dir, 'results.jsonl'))) return [];
  return readFileSync(join(dir, 'results.jsonl'), 'utf8').split('\n').flatMap((l) => { try { return l ? [JSON.parse(l) as ResultRecord] : []; } catch { return []; } });
}

/** Starts a batch run in a child process that polls slowly, and SIGKILLs it once batch.json exists. */
async function startAndKill(root: string, args: string[]): Promise<BatchState> {
  const child = join(root, 'child.js');
  writeFileSync(child, `const { run } = require(${JSON.stringify(join(__dirname, '../../../src/cli/commands/replay.js'))});
const { processIo } = require(${JSON.stringify(join(__dirname, '../../../src/cli/io.js'))});
run(process.argv.slice(2), processIo()).then((c) => process.exit(c), (e) => { console.error(e); process.exit(3); });\n`);
  const p = spawn(process.execPath, [child, ...args], { cwd: root, env: { ...process.env, OPENAI_API_KEY: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  p.stderr!.on('data', (d) => { stderr += String(d); });
  const exited = new Promise((r) => p.on('exit', r));
  const state = join(root, 'run', 'batch.json');
  for (let waited = 0; !existsSync(state); waited += 10) {
    assert.ok(waited < 30_000 && p.exitCode === null, `no batch.json: ${stderr}`);
    await sleep(10);
  }
  // Let it reach its (minute-long) sleep between polls, then kill it.
  for (let waited = 0; !/in_progress/.test(stderr); waited += 10) { assert.ok(waited < 10_000, stderr); await sleep(10); }
  p.kill('SIGKILL');
  await exited;
  assert.equal(records(join(root, 'run')).length, 0, 'killed before anything was collected');
  return JSON.parse(readFileSync(state, 'utf8')) as BatchState;
}

test('a batch run killed while polling resumes by polling the same batch: no second submission, nothing sent twice', { timeout: 60_000 }, async () => {
  const { root } = makeWorkspace();
  const id = await scanId(root);
  writeCases(root, id, 40);
  const server = await startLocalEndpoint({ latencyMs: 1 });
  try {
    const state = await startAndKill(root, ['--callsite', id, '--candidate', 'gpt-4.1-mini', '--base-url', server.url, '--run-dir', 'run', '--no-cache', '--batch', '--batch-poll-ms', '60000']);
    assert.equal(state.batches.length, 1);
    assert.equal(state.batches[0].customIds.length, 80);
    // Resumed without --batch: the batch in batch.json is polled all the same.
    const r = capture(root, {});
    assert.equal(await replay(['--resume', 'run', '--no-cache', '--batch-poll-ms', '1', '--json'], r.io), 0, r.err());
    assert.equal(JSON.parse(r.out()).summary.done, 80);
    const s = server.stats();
    assert.equal(s.byPath['POST /v1/batches'], 1, 'the batch was created once');
    assert.equal(s.byPath['POST /v1/files'], 1);
    assert.equal(postsTo(s, '/chat/completions'), 0);
    assert.ok(Object.values(s.byHash).every((v) => v.requests === 1), 'every request answered once');
    assert.equal(Object.keys(s.byHash).length, 80);
    const final = records(join(root, 'run')) as BatchResultRecord[];
    assert.equal(final.length, 80);
    assert.equal(new Set(final.map(workKey)).size, 80);
    assert.ok(final.every((x) => x.batch.id === state.batches[0].batchId));
  } finally {
    await server.close();
  }
});

test('what a cancelled batch leaves unanswered is sent live on resume', { timeout: 60_000 }, async () => {
  const { root } = makeWorkspace();
  const id = await scanId(root);
  writeCases(root, id, 10);
  const server = await startLocalEndpoint({ latencyMs: 1 });
  try {
    const state = await startAndKill(root, ['--callsite', id, '--candidate', 'gpt-4.1-mini', '--base-url', server.url, '--run-dir', 'run', '--no-cache', '--batch', '--batch-poll-ms', '60000']);
    const res = await fetch(`${server.url}/batches/${state.batches[0].batchId}/cancel`, { method: 'POST' });
    assert.equal(res.status, 200);
    const r = capture(root, {});
    assert.equal(await replay(['--resume', 'run', '--no-cache', '--batch', '--batch-poll-ms', '1', '--json'], r.io), 0, r.err());
    assert.match(r.err(), /ended cancelled: 20 request\(s\) unanswered .* sent live/);
    const s = server.stats();
    assert.equal(s.byPath['POST /v1/batches'], 1, 'items of a known batch are not submitted again');
    assert.equal(postsTo(s, '/chat/completions'), 20);
    const final = records(join(root, 'run')) as Partial<BatchResultRecord>[];
    assert.equal(final.length, 20);
    assert.ok(final.every((x) => x.status === 'ok' && x.batch === undefined && x.attempts === 1));
    assert.equal(JSON.parse(r.out()).summary.batch.viaBatch, 0);
  } finally {
    await server.close();
  }
});
