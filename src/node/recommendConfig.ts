// The recommendation's settings from `.promptshift/config.json` (`"recommend"`), under the flags that
// override them: the monthly volume (one number, or per call site with "*" for the rest) and the gates.
//   {"recommend": {"monthlyCalls": {"*": 100000, "<callSiteId>": 2500000}, "minAgreement": 0.9,
//                  "textSimilarity": 0.6, "maxSchemaPassDrop": 0.02, "maxErrorRateIncrease": 0.02}}
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_MONTHLY_CALLS, type RecommendGates, type Volume } from '../core/compare/recommend';

export interface RecommendConfig {
  volumeFor(callSiteId: string): Volume;
  gates: Partial<RecommendGates>;
}

export interface RecommendFlags {
  volume?: number;
  gates: Partial<RecommendGates>;
}

const GATE_KEYS: (keyof RecommendGates)[] = ['minAgreement', 'textSimilarity', 'maxSchemaPassDrop', 'maxErrorRateIncrease'];
const isRate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Reads the config (a missing file or section is no config) and lays the flags over it; problems name the file and key. */
export async function readRecommendConfig(root: string, flags: RecommendFlags): Promise<{ config: RecommendConfig; problems: string[] }> {
  const path = join(root, '.promptshift', 'config.json');
  const problems: string[] = [];
  let section: Record<string, unknown> = {};
  try {
    const cfg = JSON.parse(await readFile(path, 'utf8')) as { recommend?: unknown };
    if (cfg.recommend !== undefined) {
      if (cfg.recommend && typeof cfg.recommend === 'object' && !Array.isArray(cfg.recommend)) section = cfg.recommend as Record<string, unknown>;
      else problems.push(`${path}: "recommend" must be an object`);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const gates: Partial<RecommendGates> = {};
  for (const k of GATE_KEYS) {
    const v = section[k];
    if (v === undefined) continue;
    if (isRate(v)) gates[k] = v; else problems.push(`${path}: recommend.${k} must be a number from 0 to 1`);
  }
  Object.assign(gates, flags.gates);
  const perSite = new Map<string, number>();
  let configured: number | undefined;
  const calls = section.monthlyCalls;
  if (isCount(calls)) configured = calls;
  else if (calls && typeof calls === 'object' && !Array.isArray(calls)) {
    for (const [id, v] of Object.entries(calls as Record<string, unknown>)) {
      if (!isCount(v)) { problems.push(`${path}: recommend.monthlyCalls["${id}"] must be a number of calls`); continue; }
      if (id === '*') configured = v; else perSite.set(id, v);
    }
  } else if (calls !== undefined) problems.push(`${path}: recommend.monthlyCalls must be a number or an object of numbers by call site ID`);
  const volumeFor = (id: string): Volume => {
    if (flags.volume !== undefined) return { callsPerMonth: flags.volume, source: 'flag' };
    const v = perSite.get(id) ?? configured;
    return v !== undefined ? { callsPerMonth: v, source: 'config' } : { callsPerMonth: DEFAULT_MONTHLY_CALLS, source: 'default' };
  };
  return { config: { volumeFor, gates }, problems };
}

/** The workspace of a run under `<root>/.promptshift/runs/<id>`, else `fallback`. */
export function workspaceOfRun(runDir: string, fallback: string): string {
  const m = /^(.*)[\\/]\.promptshift[\\/]runs[\\/][^\\/]+[\\/]?$/.exec(runDir);
  return m ? m[1] : fallback;
}
