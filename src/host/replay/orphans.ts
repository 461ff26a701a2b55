// Cases files whose call site is gone — usually the call moved to another function or file, which
// gives it a new ID. They are never dropped: after a scan the user is told once per set of orphans,
// and "Re-link Cases File…" renames one to the call site it belongs to.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { effectiveModel, type CallSite } from '../../core/callsite';
import { Commands } from '../ids';
import { orphanedCasesFiles, readCaseLinks, type OrphanedCases } from '../../node/replayInputs';
import { rootOfSite, type ScanLike } from './flow';
import { workspaceRoots } from './roots';
import { casesFileOf } from './inputs';

export interface OrphanScan extends ScanLike {
  readonly onDidChange: vscode.Event<unknown>;
}

async function allOrphans(scan: ScanLike): Promise<Array<OrphanedCases & { root: string }>> {
  await scan.whenIdle();
  const out: Array<OrphanedCases & { root: string }> = [];
  for (const root of workspaceRoots()) {
    const sites = scan.callSites().filter((s) => rootOfSite(scan, s) === root);
    const { links } = await readCaseLinks(root);
    for (const o of await orphanedCasesFiles(root, sites, links)) out.push({ ...o, root });
  }
  return out;
}

/** `summarize-f1fdacec96` → `summarize`: the file stem both old and new IDs start with. */
const stemOfId = (id: string) => id.replace(/-[0-9a-f]{10}(-\d+)?$/, '');

async function relink(scan: ScanLike, log: vscode.LogOutputChannel, fileArg?: unknown): Promise<vscode.Uri | undefined> {
  const orphans = await allOrphans(scan);
  const given = typeof fileArg === 'string' ? fileArg : fileArg instanceof vscode.Uri ? fileArg.fsPath : undefined;
  const orphan = given ? orphans.find((o) => o.file === given) : orphans.length === 1 ? orphans[0]
    : (await vscode.window.showQuickPick(orphans.map((o) => ({ label: `${o.id}.jsonl`, description: vscode.workspace.asRelativePath(o.root), o })),
      { title: 'Re-link Cases File: which cases file?', placeHolder: orphans.length ? 'Cases files that belong to no call site' : 'No orphaned cases files' }))?.o;
  if (!orphan) {
    if (!orphans.length) void vscode.window.showInformationMessage('Promptshift: every cases file belongs to a call site; nothing to re-link.');
    return undefined;
  }
  const stem = stemOfId(orphan.id);
  const sites = scan.callSites().filter((s) => rootOfSite(scan, s) === orphan.root);
  const ranked: Array<{ site: CallSite; hasCases: boolean }> = [];
  for (const site of sites) ranked.push({ site, hasCases: !!(await casesFileOf(orphan.root, site)).file });
  ranked.sort((a, b) => Number(stemOfId(b.site.id) === stem) - Number(stemOfId(a.site.id) === stem) || Number(a.hasCases) - Number(b.hasCases));
  const pick = await vscode.window.showQuickPick(ranked.map(({ site, hasCases }) => ({
    label: `${site.path}:${site.line}`,
    description: `${effectiveModel(site) ?? 'model unknown'} · ${site.api}${hasCases ? ' · has cases already' : ''}`,
    detail: site.id, site, hasCases,
  })), { title: `Re-link ${orphan.id}.jsonl to which call site?`, matchOnDescription: true, matchOnDetail: true });
  if (!pick) return undefined;
  if (pick.hasCases) {
    void vscode.window.showWarningMessage(`Promptshift: ${pick.label} already has a cases file; merge ${orphan.id}.jsonl into it by hand.`);
    await vscode.window.showTextDocument(vscode.Uri.file(orphan.file), { preview: false });
    return undefined;
  }
  const target = vscode.Uri.file(join(orphan.root, '.promptshift', 'cases', `${pick.site.id}.jsonl`));
  await vscode.workspace.fs.rename(vscode.Uri.file(orphan.file), target, { overwrite: false });
  log.info(`Re-linked .promptshift/cases/${orphan.id}.jsonl to ${pick.label} (renamed to ${pick.site.id}.jsonl).`);
  void vscode.window.showInformationMessage(`Promptshift: ${orphan.id}.jsonl now holds the cases of ${pick.label}.`);
  return target;
}

export function registerOrphanedCases(context: vscode.ExtensionContext, scan: OrphanScan, log: vscode.LogOutputChannel): void {
  const told = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = async () => {
    const orphans = await allOrphans(scan);
    const fresh = orphans.filter((o) => !told.has(o.file));
    if (!fresh.length) return;
    for (const o of fresh) told.add(o.file);
    const names = fresh.slice(0, 3).map((o) => `${o.id}.jsonl`).join(', ') + (fresh.length > 3 ? `, +${fresh.length - 3} more` : '');
    log.warn(`Cases files that belong to no call site: ${fresh.map((o) => vscode.workspace.asRelativePath(o.file)).join(', ')}`);
    const choice = await vscode.window.showWarningMessage(
      `Promptshift: ${fresh.length === 1 ? 'a cases file belongs' : `${fresh.length} cases files belong`} to no call site (${names}). Its call may have moved to another function or file.`,
      'Re-link…', 'Open');
    if (choice === 'Re-link…') await relink(scan, log, fresh.length === 1 ? fresh[0].file : undefined);
    else if (choice === 'Open') await vscode.window.showTextDocument(vscode.Uri.file(fresh[0].file), { preview: false });
  };
  const schedule = () => { clearTimeout(timer); timer = setTimeout(() => void check().catch((e) => log.error(String(e))), 1_000); };
  const watcher = vscode.workspace.createFileSystemWatcher('**/.promptshift/cases/*.jsonl');
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.relinkCasesFile, (file?: unknown) => relink(scan, log, file)),
    scan.onDidChange(schedule), watcher, watcher.onDidCreate(schedule), watcher.onDidDelete(schedule),
    { dispose: () => clearTimeout(timer) },
  );
  schedule();
}
