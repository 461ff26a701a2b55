// The Replay flow's questions: which call site, which endpoint, baseline and candidate models.
import * as vscode from 'vscode';
import { effectiveModel, modelChoices, type CallSite } from '../../core/callsite';
import type { Catalog } from '../../core/models/catalog';
import { lifecycleToday } from '../models/catalogService';
import { candidateChoices } from './choices';
import { Commands } from '../ids';
import { describeProfile, LOCAL_PROFILE_DETAIL, type EndpointProfile } from './endpoints';

/** `title`: what the call site is picked for (the quick pick's title), e.g. "Replay". */
export async function pickCallSite(sites: readonly CallSite[], title = 'Replay'): Promise<CallSite | undefined> {
  if (!sites.length) {
    void vscode.window.showInformationMessage('Promptshift: no call sites found in this workspace.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    sites.map((s) => ({ label: `${s.path}:${s.line}`, description: `${effectiveModel(s) ?? 'model unknown'} · ${s.api}`, detail: s.prompt?.messages.find((m) => m.role === 'user')?.content.split('\n')[0], site: s })),
    { title: `${title}: call site`, placeHolder: 'Which call site?', matchOnDescription: true, matchOnDetail: true },
  );
  return pick?.site;
}

export async function pickProfile(profiles: readonly EndpointProfile[], lastName: string | undefined): Promise<EndpointProfile | undefined> {
  const items = profiles.map((p) => ({
    label: p.builtin ? `$(beaker) ${p.name}` : p.name,
    description: describeProfile(p),
    detail: p.builtin ? LOCAL_PROFILE_DETAIL : undefined,
    profile: p,
  }));
  const last = items.findIndex((i) => i.profile.name === lastName);
  if (last > 0) items.unshift(...items.splice(last, 1));
  const pick = await vscode.window.showQuickPick(items, { title: 'Replay: endpoint', placeHolder: 'Send the requests to which endpoint? (add profiles in the promptshift.endpoints setting)' });
  return pick?.profile;
}

/** `before`: the model the call site used before a migration edit — what production still runs. */
export async function pickBaseline(site: CallSite, before?: string): Promise<string | undefined> {
  const current = effectiveModel(site);
  const choices = modelChoices(site);
  const v = await vscode.window.showInputBox({
    title: 'Replay: baseline model',
    prompt: before ? `${before}: the model ${site.path}:${site.line} used before it was migrated to ${current}`
      : choices.length > 1 ? `${site.path}:${site.line} uses one of ${choices.join(', ')} (a registry or switch picks): the first is proposed; type another to compare against it`
      : current ? `The model in use at ${site.path}:${site.line}${site.model === null ? ' (resolved through configuration)' : ''}` : `The model at ${site.path}:${site.line} is not statically known: which model does it use?`,
    value: before ?? current ?? '',
    validateInput: (x) => (x.trim() ? null : 'A model id, e.g. gpt-4o'),
  });
  return v?.trim() || undefined;
}

/** A quick pick over the catalog with the replacement first, accepting any typed model id. */
export function pickCandidate(catalog: Catalog, baseline: string): Promise<string | undefined> {
  const choices = candidateChoices(catalog, baseline, lifecycleToday());
  const base: vscode.QuickPickItem[] = choices.map((c) => ({ label: c.recommended ? `$(star-full) ${c.id}` : c.id, description: c.description }));
  const qp = vscode.window.createQuickPick();
  qp.title = `Replay: candidate model (baseline ${baseline})`;
  qp.placeholder = 'Pick a model or type any model id';
  qp.items = base;
  const idOf = (item: vscode.QuickPickItem) => item.label.replace(/^\$\([^)]+\)\s*/, '');
  return new Promise((resolve) => {
    const subs = [
      qp.onDidChangeValue((v) => {
        const typed = v.trim();
        qp.items = typed && !choices.some((c) => c.id === typed) ? [{ label: typed, description: 'model id as typed' }, ...base] : base;
      }),
      qp.onDidAccept(() => { const s = qp.selectedItems[0]; resolve(s ? idOf(s) : qp.value.trim() || undefined); qp.hide(); }),
      qp.onDidHide(() => { resolve(undefined); for (const d of subs) d.dispose(); qp.dispose(); }),
    ];
    qp.show();
  });
}

/**
 * Replay of a call site without cases: say so where the user is, with the ways to get cases, instead
 * of closing the picker and leaving a notification.
 */
export async function offerCases(site: CallSite): Promise<void> {
  const items = [
    { label: '$(new-file) Create Cases File', detail: `.promptshift/cases/${site.id}.jsonl with ${site.prompt?.holes.length ? `the template's holes (${site.prompt.holes.join(', ')})` : 'example messages'} to fill in`, command: Commands.createCasesFile },
    { label: '$(cloud-download) Import Captured Requests…', detail: 'Turn logged chat request bodies (JSONL) into cases', command: Commands.importCapturedRequests },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: `Replay ${site.path}:${site.line}: no cases yet`, placeHolder: 'A replay needs test cases. How do you want to add them?' });
  if (pick) await vscode.commands.executeCommand(pick.command, site);
}
