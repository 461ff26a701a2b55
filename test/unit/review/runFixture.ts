// Result records and a run directory for review tests: a call site's cases on both arms, with
// outputs, JSON, schema verdicts, latency and cost chosen by each test.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResultRecord, RunPlanFile } from '../../../src/core/replay/records';

export interface ArmSpec {
  output?: string;
  json?: unknown;
  schemaErrors?: Array<{ path: string; message: string }> | null;
  error?: string;
  latencyMs?: number;
  costUsd?: number | null;
}

export interface CaseSpec { id: string; baseline: ArmSpec; candidate: ArmSpec }

export function record(callSiteId: string, caseId: string, arm: 'baseline' | 'candidate', model: string, s: ArmSpec, repeat = 0): ResultRecord {
  const json = s.json === undefined ? null : s.json;
  return {
    callSiteId, caseId, arm, repeat, model, requestHash: `${caseId}-${arm}-${repeat}`,
    status: s.error ? 'error' : 'ok', error: s.error ? { type: 'server', message: s.error, status: 500 } : null,
    output: s.output ?? (json !== null ? JSON.stringify(json) : ''), json,
    schema: s.schemaErrors === undefined ? null : s.schemaErrors === null ? { ok: true, errors: [] } : { ok: false, errors: s.schemaErrors },
    latencyMs: s.latencyMs ?? 100, usage: { input: 10, output: 5 }, costUsd: s.costUsd === undefined ? 0.001 : s.costUsd, cached: false, attempts: 1,
  };
}

export function records(callSiteId: string, cases: CaseSpec[], models = { baseline: 'gpt-4o', candidate: 'gpt-4.1' }): ResultRecord[] {
  return cases.flatMap((c) => [record(callSiteId, c.id, 'baseline', models.baseline, c.baseline), record(callSiteId, c.id, 'candidate', models.candidate, c.candidate)]);
}

export function plan(callSiteId: string, caseIds: string[], baseURL = 'https://api.openai.com/v1', models = { baseline: 'gpt-4o', candidate: 'gpt-4.1' }): RunPlanFile {
  return {
    version: 1, runId: 'run-test', createdAt: '2026-11-15T10:00:00.000Z', arms: { baseline: { model: null }, candidate: { model: models.candidate } },
    repeats: 1, endpoint: { baseURL }, shard: null,
    callSites: [{
      callSite: { id: callSiteId, path: 'src/summarize.ts', line: 12 } as RunPlanFile['callSites'][number]['callSite'],
      cases: caseIds.map((id) => ({ id, vars: {} })) as unknown as RunPlanFile['callSites'][number]['cases'],
      arms: { baseline: { model: models.baseline }, candidate: { model: models.candidate } }, api: 'chat', schema: null,
    }],
  };
}

/** A run directory on disk (plan.json + results.jsonl). */
export function runDir(p: RunPlanFile, recs: ResultRecord[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'ps-review-run-')), p.runId);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(p));
  writeFileSync(join(dir, 'results.jsonl'), recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return dir;
}

/** Outputs a model could send that must never become markup in the panel. */
export const HOSTILE = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '[click me](javascript:window.__pwned="link") <a href="javascript:alert(1)">link</a>',
  '**bold** <b>bold</b> <iframe src="https://example.com"></iframe> <svg onload="window.__pwned=\'svg\'"></svg>',
  '"><style>body{display:none}</style><input autofocus onfocus="window.__pwned=1">',
];
