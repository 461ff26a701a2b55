// "Replay…" and "Resume Run" as flows: gather what is missing (call site, endpoint, baseline,
// candidate) by asking, check the cases before anything is sent, build the plan with the engine's
// buildPlan, and hand it to the session. Everything can be given up front for non-interactive use.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { effectiveModel, modelChoices, type CallSite } from '../../core/callsite';
import type { RunPlanFile } from '../../core/replay/records';
import { readSettings } from '../settings';
import { findProfile, parseProfiles, type EndpointProfile } from './endpoints';
import { loadReplayTarget, type LocatedProblem } from './inputs';
import { offerCases, pickBaseline, pickCallSite, pickCandidates, pickProfile, type CandidatePick } from './pickers';
import { lifecycleToday } from '../models/catalogService';
import { resolveEndpoint, runSession, showReplayError, type SessionDeps, type SessionOutcome } from './session';
import { replayRefusal, type ReplayOptions } from './text';
import { Commands } from '../ids';
import { rootOf, workspaceRoots } from './roots';

export interface ScanLike {
  whenIdle(): Promise<void>;
  callSites(): readonly CallSite[];
  uriOf(site: Pick<CallSite, 'id' | 'path'>): vscode.Uri | undefined;
  /** The model a call site used before a migration edit, while the code holds the new one. */
  readonly migrations?: { before(site: CallSite): string | undefined };
}

export interface FlowDeps extends SessionDeps {
  scan: ScanLike;
  state: vscode.Memento;
  profiles(): EndpointProfile[];
}

export interface ReplayRequest extends Partial<ReplayOptions> {
  site?: CallSite;
  testRequest?: vscode.TestRunRequest;
  token?: vscode.CancellationToken;
}

const LAST_KEY = 'promptshift.replay.last';
const atLeastOne = (n: number): number => (Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1);
const RUN_ENDPOINTS_KEY = 'promptshift.replay.runEndpoints';

/** `candidates`: the sweep's other candidates after `candidate` (the Testing view replays the same sweep). */
export interface LastChoices { endpoint: string; candidate: string; candidates?: string[] }

export function lastChoices(state: vscode.Memento): LastChoices | undefined {
  return state.get<LastChoices>(LAST_KEY);
}

/** The folder whose .promptshift holds a call site's cases and runs. */
export function rootOfSite(scan: ScanLike, site: CallSite): string | undefined {
  return rootOf(scan.uriOf(site));
}

const failed = (error: string, setKey = false, quiet = false): SessionOutcome => {
  if (!quiet) showReplayError(error, setKey);
  return { ok: false, error };
};

/** A malformed cases file: the first problem named file:line, with an action opening it there. */
export function showProblems(problems: LocatedProblem[]): void {
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''}; see the log)` : '';
  const open = 'Open File';
  void vscode.window.showErrorMessage(`Promptshift: nothing was sent. ${first.text}${more}`, ...(first.file ? [open] : [])).then(async (a) => {
    if (a !== open || !first.file) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(first.file));
    const line = Math.max(0, Math.min((first.line ?? 1) - 1, doc.lineCount - 1));
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(line, 0, line, doc.lineAt(line).text.length) });
  });
}

function profileFrom(deps: FlowDeps, given: string | Record<string, unknown>): EndpointProfile | string {
  if (typeof given === 'string') return findProfile(deps.profiles(), given) ?? `no endpoint profile named "${given}" (promptshift.endpoints)`;
  const { profiles, problems } = parseProfiles([given]);
  return problems.length ? problems.join('; ') : profiles[0];
}

export async function startReplay(deps: FlowDeps, req: ReplayRequest): Promise<SessionOutcome> {
  const refusal = replayRefusal(vscode.workspace.isTrusted);
  if (refusal) { void vscode.window.showWarningMessage(refusal, 'Manage Workspace Trust').then((a) => { if (a) void vscode.commands.executeCommand('workbench.trust.manage'); }); return { ok: false, error: refusal }; }
  if (!workspaceRoots().length) return failed('open a folder to replay its call sites.');

  // Candidates given up front (scripts, tests, the Testing view): nothing is asked about them.
  const given: CandidatePick | undefined = req.candidate !== undefined || req.candidates?.length || req.sweep?.length
    ? { models: [...(req.candidate !== undefined ? [req.candidate] : []), ...(req.candidates ?? [])], families: [...(req.sweep ?? [])] } : undefined;
  let site = req.site;
  if (!site) {
    await deps.scan.whenIdle();
    site = req.callSiteId ? deps.scan.callSites().find((s) => s.id === req.callSiteId) : await pickCallSite(deps.scan.callSites());
    if (!site) return req.callSiteId ? failed(`no call site with id "${req.callSiteId}" in this workspace.`) : { ok: false, error: 'cancelled' };
  }

  const root = rootOfSite(deps.scan, site);
  if (!root) return failed('open a folder to replay its call sites.');
  // The cases are checked first: a typo in the file never costs a question or a request.
  const loaded = await loadReplayTarget(root, site, req.caseIds, (m) => deps.log.info(m));
  if (!loaded.ok) {
    if (loaded.kind === 'noCases') {
      // Asked from the UI (no candidate given yet): answer in a picker right there; from scripts and the Testing view, a message.
      if (!given && !req.testRequest) void offerCases(site);
      else void vscode.window.showInformationMessage(`Promptshift: ${loaded.message}`, 'Create Cases File', 'Import Captured Requests…').then((a) => {
        if (a) void vscode.commands.executeCommand(a === 'Create Cases File' ? Commands.createCasesFile : Commands.importCapturedRequests, site);
      });
      return { ok: false, error: loaded.message };
    }
    for (const p of loaded.problems) deps.log.error(p.text);
    showProblems(loaded.problems);
    return { ok: false, error: loaded.problems.map((p) => p.text).join('\n') };
  }

  const last = lastChoices(deps.state);
  let profile: EndpointProfile | undefined;
  if (req.endpoint !== undefined) {
    const p = profileFrom(deps, req.endpoint);
    if (typeof p === 'string') return failed(p);
    profile = p;
  } else {
    profile = await pickProfile(deps.profiles(), last?.endpoint);
    if (!profile) return { ok: false, error: 'cancelled' };
  }
  const before = deps.scan.migrations?.before(site);
  const baseline = req.baseline ?? (given ? before ?? effectiveModel(site) : await pickBaseline(site, before));
  const choices = modelChoices(site);
  if (!req.baseline && !before && given && choices.length > 1) {
    deps.log.info(`${site.path}:${site.line} uses one of ${choices.join(', ')}; the baseline is the first, ${baseline}.`);
  }
  if (!baseline) return given ? failed(`the model at ${site.path}:${site.line} is not statically known: give a baseline.`) : { ok: false, error: 'cancelled' };
  const { BUILTIN_CATALOG, loadCatalog } = await import('../../core/models/catalog');
  const catalog = loadCatalog(BUILTIN_CATALOG, readSettings().catalogOverrides);
  const pick = given ?? await pickCandidates(catalog, baseline);
  if (!pick) return { ok: false, error: 'cancelled' };
  // The arms as the CLI plans them (core/replay/sweepArms): one candidate is a plain run, several a sweep.
  const [{ planCandidates }, { readHostEndpoints }] = await Promise.all([import('../../core/replay/sweepArms'), import('../../node/endpointConfig')]);
  const hosts = await readHostEndpoints(root);
  if (hosts.problems.length) return failed(hosts.problems[0]);
  const planned = planCandidates({ models: pick.models, families: pick.families, baselines: [baseline], catalog, today: lifecycleToday(), endpoints: hosts.endpoints });
  if (!planned.ok) return failed(planned.error);
  for (const n of planned.notes) deps.log.info(`Replay: ${n}`);
  // The editor sends every arm to the profile's endpoint; arms on other hosts need the CLI's per-host keys.
  const hosted = planned.models.filter((m, i) => Array.isArray(planned.candidate) && typeof planned.candidate[i] !== 'string');
  if (hosted.length) return failed(`${hosted.join(', ')}: arms on another host (MODEL@HOST) are swept from the CLI (promptshift replay --candidate MODEL@HOST); the editor sends every arm to the endpoint picked`);
  const [first, ...rest] = planned.models;

  const endpoint = await resolveEndpoint(deps, profile);
  if (!endpoint.ok) return failed(endpoint.error, endpoint.setKey);
  const { endpointProblems } = await import('../../core/replay/endpointFit');
  const misfit = endpointProblems([{ site, models: [baseline, ...planned.models] }], endpoint.options, catalog);
  if (misfit.length) return failed(misfit[0]);
  const settings = readSettings();
  const [{ buildPlan }, { newRunId }, { runsDir }] = await Promise.all([import('../../core/replay/plan'), import('../../node/runId'), import('../../node/runStore')]);
  const runId = newRunId();
  const built = buildPlan({
    runId, createdAt: new Date().toISOString(), targets: [loaded.target], baseline, candidate: planned.candidate,
    repeats: req.repeats ?? settings.replayRepeats, baseURL: endpoint.baseURL, shard: null,
  });
  if (!built.ok) return failed(built.error);
  if (profile.host) {
    const [{ hostArmProblems }, { builtinHost }, { catalogAdapt }] = await Promise.all([import('../../core/replay/endpointFit'), import('../../core/models/hosts'), import('../../core/replay/catalogPorts')]);
    const refused = hostArmProblems(built.plan, catalogAdapt(catalog), builtinHost, profile.host);
    if (refused.length) return failed(refused[0]);
  }
  // Remembered for the Testing view's run profile; an inline profile (scripts, tests) cannot be found again.
  if (typeof req.endpoint !== 'object') await deps.state.update(LAST_KEY, { endpoint: profile.builtin ? 'local' : profile.name, candidate: first, ...(rest.length ? { candidates: rest } : {}) } satisfies LastChoices);
  await rememberRunEndpoint(deps.state, runId, profile);
  const out = await runSession(deps, {
    root, plan: built.plan, runDir: join(runsDir(root), runId), resume: false, endpoint,
    concurrency: atLeastOne(req.concurrency ?? settings.replayConcurrency), budgetUsd: req.budgetUsd !== undefined ? req.budgetUsd : settings.replayBudgetUsd,
    confirm: req.confirm !== false, label: `${site.path}:${site.line} (${baseline} → ${planned.models.join(', ')})`, testRequest: req.testRequest, token: req.token,
  });
  if (!out.ok && !out.notConfirmed) showReplayError(out.error, false, out.resumeDir);
  return out;
}

async function rememberRunEndpoint(state: vscode.Memento, runId: string, profile: EndpointProfile): Promise<void> {
  const map = { ...state.get<Record<string, string>>(RUN_ENDPOINTS_KEY, {}) };
  map[runId] = profile.builtin ? 'local' : profile.name;
  const keys = Object.keys(map).sort();
  for (const k of keys.slice(0, Math.max(0, keys.length - 200))) delete map[k];
  await state.update(RUN_ENDPOINTS_KEY, map);
}

/** Which profile a run used: remembered at start, else the one with the plan's base URL, else asked. */
async function profileForRun(deps: FlowDeps, plan: RunPlanFile): Promise<EndpointProfile | undefined> {
  const profiles = deps.profiles();
  const remembered = deps.state.get<Record<string, string>>(RUN_ENDPOINTS_KEY, {})[plan.runId];
  const byName = remembered ? findProfile(profiles, remembered) : undefined;
  if (byName) return byName;
  const byUrl = profiles.find((p) => !p.builtin && p.baseURL && plan.endpoint.baseURL && p.baseURL.replace(/\/+$/, '') === plan.endpoint.baseURL.replace(/\/+$/, ''));
  return byUrl ?? pickProfile(profiles, undefined);
}

/** Resumes a run through the engine: finished requests (in results.jsonl) are not sent again. */
export async function resumeRun(deps: FlowDeps, runDir: string, opts: { confirm?: boolean; endpoint?: string | Record<string, unknown>; token?: vscode.CancellationToken } = {}): Promise<SessionOutcome> {
  const refusal = replayRefusal(vscode.workspace.isTrusted);
  if (refusal) { void vscode.window.showWarningMessage(refusal); return { ok: false, error: refusal }; }
  const root = rootOf(vscode.Uri.file(runDir));
  if (!root) return failed('open a folder to resume its runs.');
  const { NodeRunStore } = await import('../../node/runStore');
  let plan: RunPlanFile;
  try {
    plan = await new NodeRunStore(runDir).readPlan();
  } catch (e) {
    return failed(`cannot read the run's plan.json: ${e instanceof Error ? e.message : String(e)}`);
  }
  let profile: EndpointProfile | undefined;
  if (opts.endpoint !== undefined) {
    const p = profileFrom(deps, opts.endpoint);
    if (typeof p === 'string') return failed(p);
    profile = p;
  } else profile = await profileForRun(deps, plan);
  if (!profile) return { ok: false, error: 'cancelled' };
  const endpoint = await resolveEndpoint(deps, profile);
  if (!endpoint.ok) return failed(endpoint.error, endpoint.setKey);
  const [{ endpointProblems, hostArmProblems }, { BUILTIN_CATALOG, loadCatalog }, { builtinHost }, { catalogAdapt }] = await Promise.all([import('../../core/replay/endpointFit'), import('../../core/models/catalog'), import('../../core/models/hosts'), import('../../core/replay/catalogPorts')]);
  const planned = plan.callSites.map((pc) => ({ site: pc.callSite, models: Object.values(pc.arms).map((a) => a.model) }));
  const catalog = loadCatalog(BUILTIN_CATALOG, readSettings().catalogOverrides);
  // A profile on an open-weight host: what that host refuses is refused here, before anything is sent.
  const misfit = [...endpointProblems(planned, endpoint.options, catalog), ...hostArmProblems(plan, catalogAdapt(catalog), builtinHost, profile.host)];
  if (misfit.length) return failed(misfit[0]);
  const settings = readSettings();
  const first = plan.callSites[0];
  const label = `run ${plan.runId}${first ? ` of ${first.callSite.path}:${first.callSite.line}` : ''}`;
  const out = await runSession(deps, {
    root, plan, runDir, resume: true, endpoint, concurrency: atLeastOne(settings.replayConcurrency), budgetUsd: settings.replayBudgetUsd,
    confirm: opts.confirm !== false, label, token: opts.token,
  });
  if (!out.ok && !out.notConfirmed) showReplayError(out.error, false, out.resumeDir);
  return out;
}
