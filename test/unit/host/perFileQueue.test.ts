import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PerFileQueue } from '../../../src/host/scan/perFileQueue';

test('a burst of schedules for one file runs its work once; other files run on their own', async () => {
  const runs: string[] = [];
  const q = new PerFileQueue<string>((k) => k, async (k) => { runs.push(k); }, () => undefined);
  for (let i = 0; i < 5; i++) q.schedule('a.ts', 5);
  q.schedule('b.ts', 5);
  await q.settle(2);
  assert.deepEqual(runs.sort(), ['a.ts', 'b.ts']);
  assert.equal(q.busy, false);
});

test('runs for the same file are serialised in call order; a failure is reported and does not block the next', async () => {
  const order: string[] = [];
  const errors: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  let n = 0;
  const q = new PerFileQueue<string>((k) => k, async () => {
    const mine = ++n;
    order.push(`start ${mine}`);
    if (mine === 1) { await gate; throw new Error('parse failed'); }
    order.push(`end ${mine}`);
  }, (_k, e) => errors.push((e as Error).message));
  const first = q.run('a.ts');
  const second = q.run('a.ts');
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(order, ['start 1'], 'the second run waits for the first');
  release();
  await Promise.all([first, second]);
  assert.deepEqual(order, ['start 1', 'start 2', 'end 2']);
  assert.deepEqual(errors, ['parse failed']);
});

test('a cancelled or disposed timer never runs', async () => {
  const runs: string[] = [];
  const q = new PerFileQueue<string>((k) => k, async (k) => { runs.push(k); }, () => undefined);
  q.schedule('a.ts', 5);
  q.cancel('a.ts');
  q.schedule('b.ts', 5);
  q.dispose();
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(runs, []);
});
