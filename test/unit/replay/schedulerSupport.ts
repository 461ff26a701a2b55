// Shared by the scheduler's tests: a plan of n cases, the options and the fakes they run with.
import assert from 'node:assert/strict';
import { buildPlan, countWorkItems } from '../../../src/core/replay/plan';
import type { SchedulerOptions } from '../../../src/core/replay/scheduler';
import { workKey, type ResultRecord, type RunPlanFile } from '../../../src/core/replay/records';
import type { ReplayCase } from '../../../src/core/replay/cases';
import { FakeClient, MemoryRunStore, VirtualClock, site, type Script } from './fakes';

export function makePlan(n: number, repeats = 1): RunPlanFile {
  const cases = Array.from({ length: n }, (_, i): ReplayCase => ({ id: `c${i}`, vars: { doc: `doc ${i}`, lang: 'en' } }));
  const r = buildPlan({ runId: 'run', createdAt: '', targets: [{ callSite: site(), cases, schema: null }], baseline: null, candidate: 'gpt-5-mini', repeats, baseURL: null, shard: null });
  assert.ok(r.ok);
  return r.plan;
}

export const price = () => ({ inputPerMTok: 2, outputPerMTok: 8 }); // 1000 in + 500 out = $0.006 a request

export function setup(script?: Script, latency = 100) {
  const clock = new VirtualClock();
  const client = new FakeClient(clock, script, latency);
  const store = new MemoryRunStore();
  return { clock, client, store };
}

export function opts(plan: RunPlanFile, over: Partial<SchedulerOptions> = {}): SchedulerOptions {
  return { total: countWorkItems(plan), concurrency: 4, priceOf: price, validatorFor: () => null, random: undefined, ...over } as SchedulerOptions;
}

export function assertUnique(records: ResultRecord[]) {
  const keys = records.map(workKey);
  assert.equal(new Set(keys).size, keys.length, 'no duplicate records');
}
