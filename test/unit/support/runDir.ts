// A run directory written by hand (plan.json + results.jsonl) for tests and benchmarks of `compare`,
// without replaying anything: the records say exactly what each case and arm answered.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallSite } from '../../../src/core/callsite';
import { buildPlan } from '../../../src/core/replay/plan';
import type { ResultRecord, RunPlanFile } from '../../../src/core/replay/records';

export const SITE: CallSite = {
  id: 'triage-0000000000', path: 'src/triage.ts', line: 12, column: 3, endLine: 20, language: 'ts', api: 'openai.chat',
  model: 'gpt-4o', modelExpr: "'gpt-4o'", modelResolved: null, modelSource: [], modelSpan: null, hasSchema: true,
  schema: { type: 'object', properties: { team: { type: 'string' } }, required: ['team'] },
  prompt: { messages: [{ role: 'user', content: 'Triage: {{ticket}}' }], holes: ['ticket'] },
  params: { temperature: 0 },
};

export function syntheticPlan(caseIds: readonly string[], opts: { repeats?: number; simulated?: boolean; candidate?: string } = {}): RunPlanFile {
  const built = buildPlan({
    runId: 'run-test', createdAt: '2026-11-15T10:00:00.000Z', baseline: null, candidate: opts.candidate ?? 'gpt-4.1', repeats: opts.repeats ?? 1,
    baseURL: 'http://127.0.0.1:9/v1', shard: null, simulatedEndpoint: opts.simulated ? { label: 'promptshift-local: a local test stand-in, not a real model' } : null,
    targets: [{ callSite: SITE, cases: caseIds.map((id) => ({ id, vars: { ticket: id } })), schema: SITE.schema }],
  });
  if (!built.ok) throw new Error(built.error);
  return built.plan;
}

export function record(over: Partial<ResultRecord>): ResultRecord {
  return {
    callSiteId: SITE.id, caseId: 'c0', arm: 'baseline', repeat: 0, model: over.arm === 'candidate' ? 'gpt-4.1' : 'gpt-4o', requestHash: 'h', status: 'ok', error: null,
    output: '{"team":"a"}', json: { team: 'a' }, schema: { ok: true, errors: [] }, latencyMs: 100, usage: { input: 100, output: 20 },
    costUsd: 0.001, cached: false, attempts: 1, ...over,
  };
}

/** Writes plan.json and results.jsonl into `dir` (created); returns `dir`. */
export function writeRun(dir: string, plan: RunPlanFile, records: Iterable<ResultRecord>): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan, null, 2));
  const lines: string[] = [];
  for (const r of records) lines.push(JSON.stringify(r));
  writeFileSync(join(dir, 'results.jsonl'), lines.join('\n') + '\n');
  return dir;
}
