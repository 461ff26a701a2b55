// The Replay flow's questions: which call site, which endpoint, baseline and candidate models.
import * as vscode from 'vscode';
import { effectiveModel, modelChoices, type CallSite } from '../../core/callsite';
import type { Catalog } from '../../core/models/catalog';
import { lifecycleToday } from '../models/catalogService';
import { candidateChoices, familyChoices } from './choices';
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

/** What the candidate picker returns: models one by one, and families whose tiers are swept. */
export interface CandidatePick { models: string[]; families: string[] }

type PickItem = vscode.QuickPickItem & { model?: string; family?: string };

/**
 * A multi-select over the catalog: the recommended replacement, "Sweep FAMILY tiers" entries (the
 * baseline's family and its replacement's, tiers as the CLI's --sweep takes them), those tiers one by
 * one, then the provider's other models; a typed id is offered too. Several picks make a sweep, one
 * a plain replay. Enter with nothing ticked takes the focused item, so one candidate is as quick as before.
 */
export function pickCandidates(catalog: Catalog, baseline: string): Promise<CandidatePick | undefined> {
  const today = lifecycleToday();
  const families = familyChoices(catalog, baseline, today);
  const listed = new Set<string>();
  const sweepItems: PickItem[] = families.map((f) => ({ label: `$(layers) Sweep ${f.family} tiers`, description: f.tiers.join(', '), detail: 'every tier of the family in the model catalog, cheapest first (retired ones left out)', family: f.family }));
  const tierItems: PickItem[] = families.flatMap((f) => f.tiers).filter((m) => !listed.has(m) && listed.add(m))
    .map((m) => ({ label: m, description: `tier of ${families.find((f) => f.tiers.includes(m))!.family}`, model: m }));
  const choices = candidateChoices(catalog, baseline, today);
  const others: PickItem[] = choices
    .map((c) => ({ label: c.recommended ? `$(star-full) ${c.id}` : c.id, description: c.description, model: c.id }));
  for (const t of tierItems) {
    const same = others.find((o) => o.model === t.model);
    if (same) { t.label = same.label; t.description = `${t.description} · ${same.description}`; }
  }
  const separator = (label: string): PickItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
  // The catalog's replacement stays first, as in the single-candidate picker: Enter alone replays it.
  const recommended = choices.filter((c) => c.recommended).map((c) => c.id);
  const top = [...tierItems, ...others].filter((i) => recommended.includes(i.model!)).slice(0, 1);
  const rest = (items: PickItem[]) => items.filter((i) => !top.includes(i));
  const base: PickItem[] = [
    ...(top.length ? [separator('recommended replacement'), ...top] : []),
    ...(sweepItems.length ? [separator('sweep'), ...sweepItems] : []),
    ...(tierItems.length ? [separator('family tiers'), ...rest(tierItems)] : []),
    separator('models'), ...rest(others.filter((o) => !listed.has(o.model!))),
  ];
  const qp = vscode.window.createQuickPick<PickItem>();
  qp.title = `Replay: candidate models (baseline ${baseline})`;
  qp.placeholder = 'Tick one model, several (a sweep), or a family\'s tiers; or type any model id — Space ticks, Enter starts';
  qp.canSelectMany = true;
  qp.matchOnDescription = true;
  qp.items = base;
  return new Promise((resolve) => {
    const subs = [
      qp.onDidChangeValue((v) => {
        const typed = v.trim();
        const ticked = qp.selectedItems;
        qp.items = typed && !base.some((i) => i.model === typed) ? [{ label: typed, description: 'model id as typed', model: typed }, ...base] : base;
        // Replacing the items clears the ticks: the user's choices so far stay ticked.
        qp.selectedItems = qp.items.filter((i) => ticked.some((t) => t.model === i.model && t.family === i.family));
      }),
      qp.onDidAccept(() => {
        // Nothing ticked: the focused item, else the first (the typed id or the recommended replacement).
        const first = qp.items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator).slice(0, 1);
        const picked = qp.selectedItems.length ? qp.selectedItems : qp.activeItems.length ? qp.activeItems.slice(0, 1) : first;
        const pick = { models: picked.flatMap((i) => (i.model ? [i.model] : [])), families: picked.flatMap((i) => (i.family ? [i.family] : [])) };
        resolve(pick.models.length || pick.families.length ? pick : undefined);
        qp.hide();
      }),
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
