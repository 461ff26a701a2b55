// The shared queue of a path scan: threads taking files through one counter must never take the
// same file twice nor skip one, and the calling thread's bookkeeping must tell when all are done.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { claimNext, ClaimQueue } from '../../../src/node/claimQueue';

test('threads claiming from one counter take every index exactly once', async () => {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const limit = 200_000;
  // Each worker claims as fast as it can and reports what it took; this thread claims too.
  const source = `const { parentPort, workerData } = require('node:worker_threads');
    const { counter, limit } = workerData;
    const took = [];
    for (;;) {
      const t = Atomics.load(counter, 0);
      if (t >= limit) break;
      if (Atomics.compareExchange(counter, 0, t, t + 1) === t) took.push(t);
    }
    parentPort.postMessage(took);`;
  const workers = [0, 1].map(() => new Worker(source, { eval: true, workerData: { counter, limit } }));
  const answers = workers.map((w) => new Promise<number[]>((resolve) => w.once('message', resolve)));
  const mine: number[] = [];
  for (let i = claimNext(counter, limit); i >= 0; i = claimNext(counter, limit)) mine.push(i);
  const all = [mine, ...(await Promise.all(answers))];
  await Promise.all(workers.map((w) => w.terminate()));
  const seen = new Uint8Array(limit);
  for (const list of all) for (const i of list) { assert.equal(seen[i], 0, `index ${i} taken twice`); seen[i] = 1; }
  assert.equal(seen.reduce((n, x) => n + x, 0), limit, 'every index taken');
  assert.equal(claimNext(counter, limit), -1);
});

test('a queue publishes each path once, catches late workers up and knows when all are done', async () => {
  const q = new ClaimQueue(7, '/root', undefined);
  for (let i = 0; i < 5; i++) q.add(`f${i}.py`, i * 2);
  assert.deepEqual(q.unpublishedMessage()?.queue.paths, ['f0.py', 'f1.py', 'f2.py', 'f3.py', 'f4.py']);
  assert.equal(q.unpublishedMessage(), null, 'nothing new to send');
  q.add('f5.py', 10);
  assert.deepEqual(q.catchUpMessage()?.queue.paths, ['f0.py', 'f1.py', 'f2.py', 'f3.py', 'f4.py'], 'a late worker gets what was published');
  assert.deepEqual(q.unpublishedMessage()?.queue.paths, ['f5.py']);
  assert.equal(q.slotOf(5), 10);
  // Two files taken by "a worker", one by this thread.
  assert.equal(claimNext(q.claimed, 6), 0);
  assert.equal(claimNext(q.claimed, 6), 1);
  assert.equal(q.claim(), 2);
  assert.ok(q.markDone(2));
  assert.deepEqual([...q.takenNotDone()], [0, 1], 'what a dying worker held');
  assert.ok(q.markDone(0));
  assert.equal(q.markDone(0), false, 'a late second answer is ignored');
  let settled = false;
  const all = q.allDone().then(() => { settled = true; });
  for (let i = q.claim(); i >= 0; i = q.claim()) q.markDone(i);
  await new Promise((r) => setImmediate(r));
  assert.equal(settled, false, 'file 1 is still out');
  q.markDone(1);
  await all;
  assert.equal(settled, true);
});
