// Lifecycle notes beside each model in the CLI's inventory, from the built-in catalog.
import { BUILTIN_CATALOG, loadCatalog, lookupModel } from '../../core/models/catalog';
import { modelStatus, replacementFor } from '../../core/models/lifecycle';

export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** `  ← RETIRED 2025-07-14, replace with gpt-4.1` for retired/retiring models, else ''. */
export function lifecycleAnnotator(today = todayIso()): (model: string | null) => string {
  const catalog = loadCatalog(BUILTIN_CATALOG);
  return (model) => {
    if (!model) return '';
    const info = lookupModel(catalog, model);
    const chain = replacementFor(catalog, model, today);
    const status = modelStatus(info, today, 90, chain?.id ?? info?.replacement);
    if (status.kind === 'retired') return `  ← RETIRED ${status.retirementDate}${status.replacement ? `, replace with ${status.replacement}` : ''}`;
    if (status.kind === 'retiring') return `  ← retiring ${status.retirementDate} (${status.daysLeft} days)${status.replacement ? `, replace with ${status.replacement}` : ''}`;
    return '';
  };
}
