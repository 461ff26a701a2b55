// results.jsonl (src/node/runStore.ts): each record is written the moment it is appended, so a killed
// process loses nothing it appended; appends resolve only after an fsync that began after their write,
// and fsyncs are shared by every record written in one interval.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeRunStore, RESULTS_FILE } from '../../../src/node/runStore';
import type { ResultRecord } from '../../../src/core/replay/records';

const rec = (i: number): ResultRecord => ({
  callSiteId: 's', caseId: `c${i}`, arm: 'baseline', repeat: 0, model: 'm', requestHash: 'h', status: 'ok', error: null,
  output: `out ${i}`, json: null, schema: null, latencyMs: 1, usage: { input: 1, output: 1 }, costUsd: 0, cached: false, attempts: 1,
});
const lines = (dir: string) => readFileSync(join(dir, RESULTS_FILE), 'utf8').split('\n').filter(Boolean);

async function countingDatasync<T>(body: (count: () => number) => Promise<T>): Promise<T> {
  const probe = await open(join(tmpdir(), `ps-probe-${process.pid}`), 'w');
  const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
  await probe.close();
  const original = proto.datasync;
  let n = 0;
  proto.datasync = function (this: unknown) { n++; return original.call(this); };
  try {
    return await body(() => n);
  } finally {
    proto.datasync = original;
  }
}

test('records are in the file as soon as they are appended, and one fsync covers an interval', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ps-store-'));
  try {
    await countingDatasync(async (syncs) => {
      const store = new NodeRunStore(dir, { syncIntervalMs: 200 });
      await store.appendResult(rec(0));
      const before = syncs();
      let resolved = 0;
      const pending = Array.from({ length: 20 }, (_, i) => store.appendResult(rec(i + 1)).then(() => { resolved++; }));
      assert.equal(lines(dir).length, 21, 'written before any of them is durable');
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(resolved, 0, 'not reported durable before their fsync');
      await Promise.all(pending);
      assert.equal(syncs() - before, 1, 'one fsync for the interval');
      await store.close();
    });
    assert.deepEqual(lines(dir).map((l) => (JSON.parse(l) as ResultRecord).caseId), Array.from({ length: 21 }, (_, i) => `c${i}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a torn last line is cut off before appending, and close waits for pending appends', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ps-store-'));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, RESULTS_FILE), `${JSON.stringify(rec(0))}\n{"callSiteId":"s","caseId":"c1","ar`);
    const store = new NodeRunStore(dir);
    const appends = [store.appendResult(rec(1)), store.appendResult(rec(2))];
    await store.close();
    await Promise.all(appends);
    assert.deepEqual(lines(dir).map((l) => (JSON.parse(l) as ResultRecord).caseId), ['c0', 'c1', 'c2']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
