// What every exporter shares: the files it returns, the stages a single-weight format writes (one
// file per stage, or the one `--stage` picked; 0 is the rollback file), and the header that names
// the plan, run and stage in formats that allow comments.
import { err, ok, type Result } from '../../result';
import type { RolloutPlan } from '../types';

export interface ExportFile {
  /** A file name (no folders), unique within one export. */
  name: string;
  content: string;
}

export interface ExportOptions {
  /** A stage's weight (for formats that hold one weight); 0 writes the rollback configuration. */
  stage?: number;
}

export interface StageChoice {
  /** 0 for the rollback configuration. */
  index: number;
  weight: number;
}

/** The stages a single-weight export writes: every stage and the rollback, or the one asked for. */
export function stagesToWrite(plan: RolloutPlan, stage: number | undefined): Result<StageChoice[]> {
  if (stage === undefined) return ok([...plan.stages.map((s) => ({ index: s.index, weight: s.weight })), { index: 0, weight: 0 }]);
  if (stage === 0) return ok([{ index: 0, weight: 0 }]);
  const s = plan.stages.find((x) => x.weight === stage);
  if (!s) return err(`stage ${stage} is not in the plan (its stages: ${plan.stages.map((x) => x.weight).join(', ')}; 0 is the rollback)`);
  return ok([{ index: s.index, weight: s.weight }]);
}

export function stageLabel(plan: RolloutPlan, s: StageChoice): string {
  return s.index === 0 ? 'rollback: 0% to the candidate' : `stage ${s.index} of ${plan.stages.length}: ${s.weight}% to the candidate`;
}

export const stageSuffix = (s: StageChoice) => (s.index === 0 ? 'rollback' : `stage-${s.weight}`);

/** `# `-comment lines for YAML files: what the file is and where it came from. */
export function yamlHeader(lines: string[]): string {
  return lines.flatMap((l) => l.split('\n')).map((l) => `# ${l}`.trimEnd()).join('\n') + '\n';
}

export function provenance(plan: RolloutPlan): string {
  return `Promptshift rollout plan ${plan.flagKey} from run ${plan.runId} (verdict: ${plan.decision.verdict})`;
}

export const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
