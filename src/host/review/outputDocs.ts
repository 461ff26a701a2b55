// "Open Diff" for a case: VS Code's own diff editor over two read-only documents served by a
// `promptshift:` content provider — canonical pretty JSON in JSON mode when both outputs are JSON,
// the raw text otherwise — and Next/Previous Changed Case from the diff that is open.
import * as vscode from 'vscode';
import { canonicalPretty } from '../../core/compare/jsonChanges';
import type { CaseArmOutcome } from '../../core/compare/metrics';
import { OUTPUT_SCHEME } from '../ids';
import type { CaseRef } from './caseRef';
import { stepChanged } from './caseRef';
import { findCase, type RunCache } from './runCache';

type Arm = 'baseline' | 'candidate';

const hasJson = (o: CaseArmOutcome) => o.status === 'ok' && o.json !== null && o.json !== undefined;

/** What one side of the diff shows. */
export function armText(o: CaseArmOutcome, asJson: boolean): string {
  if (o.status === 'missing') return '(not run)\n';
  if (o.status === 'error') return `(request failed) ${o.error ?? ''}\n${o.output ? `\n${o.output}` : ''}`;
  if (asJson && hasJson(o)) return `${canonicalPretty(o.json)}\n`;
  return o.output ?? '';
}

export function outputUri(ref: CaseRef, arm: Arm, json: boolean): vscode.Uri {
  // The file name shows in the tab and picks the language mode; the query names the case.
  const name = `${ref.caseId.replace(/[\\/?#%]/g, '_')}.${arm}.${json ? 'json' : 'txt'}`;
  const query = new URLSearchParams({ run: ref.runDir, site: ref.callSiteId, case: ref.caseId, arm }).toString();
  return vscode.Uri.from({ scheme: OUTPUT_SCHEME, path: `/${name}`, query });
}

export function parseOutputUri(uri: vscode.Uri): (CaseRef & { arm: Arm }) | undefined {
  if (uri.scheme !== OUTPUT_SCHEME) return undefined;
  const q = new URLSearchParams(uri.query);
  const runDir = q.get('run'), callSiteId = q.get('site'), caseId = q.get('case'), arm = q.get('arm');
  if (!runDir || callSiteId === null || caseId === null || (arm !== 'baseline' && arm !== 'candidate')) return undefined;
  return { runDir, callSiteId, caseId, arm };
}

export class OutputDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly runs: RunCache) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseOutputUri(uri);
    if (!ref) return '(not a Promptshift output)\n';
    const loaded = await this.runs.get(ref.runDir);
    if (!loaded.ok) return `(the run cannot be read: ${loaded.error})\n`;
    const found = findCase(loaded.run, ref.callSiteId, ref.caseId);
    if (!found) return `(no case "${ref.caseId}" in this run)\n`;
    const asJson = hasJson(found.x.baseline) && hasJson(found.x.candidate);
    return armText(found.x[ref.arm], asJson);
  }
}

/** Opens the diff editor for a case; false (with a message) when the run or case is not there. */
export async function openCaseDiff(runs: RunCache, ref: CaseRef): Promise<boolean> {
  const loaded = await runs.get(ref.runDir);
  const found = loaded.ok ? findCase(loaded.run, ref.callSiteId, ref.caseId) : undefined;
  if (!found) {
    void vscode.window.showWarningMessage(`Promptshift: ${loaded.ok ? `no case "${ref.caseId}" in run ${ref.runDir}` : loaded.error}`);
    return false;
  }
  const json = hasJson(found.x.baseline) && hasJson(found.x.candidate);
  const m = found.site.comparison.models;
  const title = `${ref.caseId} · baseline ${m.baseline ?? '?'} ↔ candidate ${m.candidate ?? '?'}`;
  await vscode.commands.executeCommand('vscode.diff', outputUri(ref, 'baseline', json), outputUri(ref, 'candidate', json), title, { preview: true });
  return true;
}

/** The case of the diff in the active editor group, if it is one of ours. */
export function activeDiffCase(): CaseRef | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputTextDiff) return parseOutputUri(input.modified) ?? parseOutputUri(input.original);
  const doc = vscode.window.activeTextEditor?.document;
  return doc ? parseOutputUri(doc.uri) : undefined;
}

/** Next/Previous Changed Case: opens that case's diff in place of the current one. */
export async function stepChangedCase(runs: RunCache, direction: 1 | -1, from?: CaseRef): Promise<CaseRef | undefined> {
  const at = from ?? activeDiffCase();
  if (!at) { void vscode.window.showInformationMessage('Promptshift: open a case diff first (Open Diff in the review panel or a test result).'); return undefined; }
  const loaded = await runs.get(at.runDir);
  if (!loaded.ok) { void vscode.window.showWarningMessage(`Promptshift: ${loaded.error}`); return undefined; }
  const next = stepChanged(loaded.run.sites, at, direction);
  if (!next) { void vscode.window.showInformationMessage(`Promptshift: no ${direction === 1 ? 'later' : 'earlier'} changed case in this run.`); return undefined; }
  const ref = { runDir: at.runDir, ...next };
  await openCaseDiff(runs, ref);
  return ref;
}
