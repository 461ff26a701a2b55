// "Export Rollout Plan…": from a run (Runs view, review panel, palette) pick the formats and the
// stage, preview the plan in the Markdown preview, save the files (default: <run>/rollout/), and
// open the saved Markdown plan. A no-go plan asks before exporting. Called with
// {runDir, formats, ...} it runs without questions (tests, other views) and returns the outcome.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { EXPORT_FORMATS, exportPlan, FORMAT_DESCRIPTIONS, isExportFormat, SINGLE_WEIGHT_FORMATS, type ExportFile, type ExportFormat } from '../../core/canary/export/index';
import { renderMarkdown } from '../../core/canary/export/markdown';
import type { RolloutPlan } from '../../core/canary/types';
import { planForRun } from '../../node/rolloutInput';
import { writeFilesInto } from '../../node/exportFiles';
import { markWalkthroughDone } from '../walkthrough';
import { ROLLOUT_DRAFT_SCHEME } from '../ids';

export interface ExportRequest {
  runDir: string;
  formats?: string[];
  /** A stage's weight for single-weight formats; 0 the rollback; absent: every stage. */
  stage?: number;
  /** Default <runDir>/rollout. */
  outDir?: string;
  /** Export a no-go plan without asking. */
  force?: boolean;
  /** Open the saved Markdown plan in the preview (default true). */
  open?: boolean;
}

export type ExportOutcome =
  | { ok: true; verdict: 'go' | 'no-go'; reasons: string[]; files: string[]; markdown: string | null }
  | { ok: false; error: string };

export function isExportRequest(arg: unknown): arg is ExportRequest {
  return !!arg && typeof arg === 'object' && typeof (arg as ExportRequest).runDir === 'string' && Array.isArray((arg as ExportRequest).formats);
}

/**
 * The plan previewed before it is saved, served read-only: an untitled document would stay open
 * as unsaved ("Untitled-1"), and closing it would ask to save a plan that was saved elsewhere.
 */
const drafts = new Map<string, string>();
const MAX_DRAFTS = 20;
export const rolloutDrafts: vscode.TextDocumentContentProvider = { provideTextDocumentContent: (uri) => drafts.get(uri.toString()) ?? '' };

function draftOf(plan: RolloutPlan): vscode.Uri {
  const uri = vscode.Uri.from({ scheme: ROLLOUT_DRAFT_SCHEME, path: `/${plan.flagKey}.rollout.md`, query: plan.runId });
  drafts.delete(uri.toString());
  drafts.set(uri.toString(), renderMarkdown(plan));
  for (const old of [...drafts.keys()].slice(0, Math.max(0, drafts.size - MAX_DRAFTS))) drafts.delete(old);
  return uri;
}

const verdictText = (p: RolloutPlan) => (p.decision.verdict === 'go' ? 'GO' : `NO-GO: ${p.decision.reasons.join('; ')}`);

function render(plan: RolloutPlan, formats: readonly ExportFormat[], stage: number | undefined): { ok: true; files: ExportFile[] } | { ok: false; error: string } {
  const files: ExportFile[] = [];
  for (const f of formats) {
    const r = exportPlan(plan, f, SINGLE_WEIGHT_FORMATS.includes(f) ? { stage } : {});
    if (!r.ok) return r;
    files.push(...r.value);
  }
  return { ok: true, files };
}

async function save(plan: RolloutPlan, files: ExportFile[], dir: string, open: boolean): Promise<ExportOutcome> {
  const written = await writeFilesInto(files, dir);
  const markdown = written.find((p) => p.endsWith('.rollout.md')) ?? null;
  markWalkthroughDone('rollout');
  if (open && markdown) await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(markdown));
  else if (open && written[0]) await vscode.window.showTextDocument(vscode.Uri.file(written[0]));
  return { ok: true, verdict: plan.decision.verdict, reasons: plan.decision.reasons, files: written, markdown };
}

/** Without questions: the formats and stage are given. */
export async function exportNonInteractive(req: ExportRequest): Promise<ExportOutcome> {
  const unknown = (req.formats ?? []).filter((f) => !isExportFormat(f));
  if (unknown.length || !req.formats?.length) return { ok: false, error: `formats must be some of ${EXPORT_FORMATS.join(', ')} (got ${(req.formats ?? []).join(', ') || 'none'})` };
  const planned = await planForRun(req.runDir, {});
  if (!planned.ok) return planned;
  const plan = planned.value.plan;
  if (plan.decision.verdict === 'no-go' && !req.force) return { ok: false, error: `The plan is NO-GO: ${plan.decision.reasons.join('; ')}` };
  const files = render(plan, req.formats as ExportFormat[], req.stage);
  if (!files.ok) return files;
  return save(plan, files.files, req.outDir ?? join(req.runDir, 'rollout'), req.open !== false);
}

async function pickFormats(plan: RolloutPlan): Promise<ExportFormat[] | undefined> {
  const picked = await vscode.window.showQuickPick(EXPORT_FORMATS.map((f) => ({ label: f, description: FORMAT_DESCRIPTIONS[f], picked: f === 'markdown' || f === 'json', format: f })), {
    canPickMany: true, title: `Export Rollout Plan — run ${plan.runId}: ${plan.decision.verdict.toUpperCase()}`, placeHolder: 'Formats to export',
  });
  return picked?.length ? picked.map((p) => p.format) : undefined;
}

async function pickStage(plan: RolloutPlan): Promise<number | null | undefined> {
  const items = [
    { label: 'Every stage', description: 'one file per stage, and the rollback', stage: null as number | null },
    ...plan.stages.map((s) => ({ label: `Stage ${s.index}: ${s.weight}%`, description: `at least ${s.minCandidateRequests} candidate requests`, stage: s.weight as number | null })),
    { label: 'Rollback: 0%', description: 'every request to the baseline', stage: 0 as number | null },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Which stage (flagd, LaunchDarkly, LiteLLM, Portkey)?' });
  return pick ? pick.stage : undefined;
}

/**
 * Asked in a quick pick that stays open while the user reads the preview: a notification hides
 * after about ten seconds and its question then waits, unseen, in the Notification Center.
 */
async function askWhereToSave(plan: RolloutPlan, count: number, dir: string): Promise<'here' | 'elsewhere' | undefined> {
  const items = [
    { label: `$(save) Save to ${vscode.workspace.asRelativePath(dir)}`, description: "beside the run", target: 'here' as const },
    { label: '$(folder-opened) Save to Folder…', target: 'elsewhere' as const },
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: `Rollout plan ${verdictText(plan)}: save ${count} file${count === 1 ? '' : 's'}?`,
    placeHolder: 'Read the plan in the preview, then save it (Escape saves nothing)', ignoreFocusOut: true,
  });
  return pick?.target;
}

/** The whole interactive flow for one run. */
export async function exportInteractive(runDir: string): Promise<ExportOutcome | undefined> {
  const planned = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Promptshift: reading the run…' }, () => planForRun(runDir, {}));
  if (!planned.ok) { void vscode.window.showErrorMessage(`Promptshift: ${planned.error}`); return planned; }
  const plan = planned.value.plan;
  const formats = await pickFormats(plan);
  if (!formats) return undefined;
  let stage: number | undefined;
  if (formats.some((f) => SINGLE_WEIGHT_FORMATS.includes(f))) {
    const s = await pickStage(plan);
    if (s === undefined) return undefined;
    stage = s ?? undefined;
  }
  if (plan.decision.verdict === 'no-go') {
    const anyway = 'Export Anyway';
    const answer = await vscode.window.showWarningMessage(`The rollout plan is NO-GO.`, { modal: true, detail: `${plan.decision.reasons.join('\n')}\n\nThe exported files record the verdict.` }, anyway);
    if (answer !== anyway) return undefined;
  }
  const files = render(plan, formats, stage);
  if (!files.ok) { void vscode.window.showErrorMessage(`Promptshift: ${files.error}`); return files; }
  // Preview before anything is written: the plan as people read it.
  await vscode.commands.executeCommand('markdown.showPreview', draftOf(plan));
  const dir = join(runDir, 'rollout');
  const answer = await askWhereToSave(plan, files.files.length, dir);
  let target = answer === 'here' ? dir : undefined;
  if (answer === 'elsewhere') target = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: vscode.Uri.file(runDir), openLabel: 'Save Here' }))?.[0]?.fsPath;
  if (!target) return undefined;
  const out = await save(plan, files.files, target, true);
  if (out.ok) void vscode.window.showInformationMessage(`Promptshift: wrote ${out.files.length} file${out.files.length === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(target)}.`);
  return out;
}
