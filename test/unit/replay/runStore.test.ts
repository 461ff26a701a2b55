// results.jsonl (src/node/runStore.ts): records appended in one turn of the event loop are written
// together at its end, so a killed process loses nothing whose append had resolved; appends resolve
// only after an fsync that began after their write, and fsyncs are shared by every record written in
// one interval.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
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

const nextTurn = () => new Promise((r) => setImmediate(r));

/** Counts write(2) calls on results.jsonl's descriptor (runStore writes with fs.writeSync). */
async function countingWrites<T>(body: (count: () => number) => Promise<T>): Promise<T> {
  const original = fs.writeSync;
  let n = 0;
  fs.writeSync = ((...a: Parameters<typeof fs.writeSync>) => { n++; return original(...a); }) as typeof fs.writeSync;
  try {
    return await body(() => n);
  } finally {
    fs.writeSync = original;
  }
}

test('records are in the file at the end of the turn they are appended in, and one fsync covers an interval', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ps-store-'));
  try {
    await countingDatasync(async (syncs) => {
      const store = new NodeRunStore(dir, { syncIntervalMs: 200 });
      await store.appendResult(rec(0));
      const before = syncs();
      let resolved = 0;
      const pending = Array.from({ length: 20 }, (_, i) => store.appendResult(rec(i + 1)).then(() => { resolved++; }));
      await nextTurn();
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

test('records appended in one turn go out in one write, before their fsync, and stay in order across turns', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ps-store-'));
  try {
    const store = new NodeRunStore(dir, { syncIntervalMs: 50 });
    await store.appendResult(rec(0));
    await countingWrites(async (writes) => {
      const first = Array.from({ length: 30 }, (_, i) => store.appendResult(rec(i + 1)));
      await nextTurn();
      assert.equal(writes(), 1, 'one write for the turn');
      assert.equal(lines(dir).length, 31);
      const second = Array.from({ length: 5 }, (_, i) => store.appendResult(rec(i + 31)));
      await Promise.all([...first, ...second]);
      assert.equal(writes(), 2, 'one more for the next turn');
    });
    await store.close();
    assert.deepEqual(lines(dir).map((l) => (JSON.parse(l) as ResultRecord).caseId), Array.from({ length: 36 }, (_, i) => `c${i}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a process killed mid-batch keeps every acknowledged record and whole lines only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ps-store-'));
  // A child appends 10 records and waits for them (acknowledged), then appends 10 more and is
  // SIGKILLed either in the same turn (before their write) or one turn later (written, not fsync'd).
  const child = (killAfterWrite: boolean) => `
    const { NodeRunStore } = require(${JSON.stringify(join(__dirname, '../../../src/node/runStore.js'))});
    const rec = ${rec.toString()};
    (async () => {
      const store = new NodeRunStore(${JSON.stringify(dir)}, { syncIntervalMs: 10_000 });
      await Promise.all(Array.from({ length: 10 }, (_, i) => store.appendResult(rec(i))));
      process.stdout.write('acked 10\\n');
      for (let i = 10; i < 20; i++) void store.appendResult(rec(i));
      ${killAfterWrite ? 'await new Promise((r) => setImmediate(r));' : ''}
      process.kill(process.pid, 'SIGKILL');
    })();`;
  try {
    for (const killAfterWrite of [false, true]) {
      rmSync(join(dir, RESULTS_FILE), { force: true });
      const r = spawnSync(process.execPath, ['-e', child(killAfterWrite)], { encoding: 'utf8' });
      assert.equal(r.signal, 'SIGKILL', r.stderr);
      assert.match(r.stdout, /acked 10/);
      const ids = lines(dir).map((l) => (JSON.parse(l) as ResultRecord).caseId);
      // Killed before the write: only the acknowledged ten; after it: the page cache kept all twenty.
      assert.deepEqual(ids, Array.from({ length: killAfterWrite ? 20 : 10 }, (_, i) => `c${i}`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
