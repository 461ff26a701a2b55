// Lifecycle notes beside each model in the CLI's inventory, from the built-in catalog.
import { BUILTIN_CATALOG, loadCatalog } from '../../core/models/catalog';
import { lifecycleOf } from '../../core/models/lifecycle';
import { TODAY_ENV, resolveToday } from '../../core/models/today';

/** "Today" for lifecycle verdicts: PROMPTSHIFT_TODAY when it is a date, else the local date. */
export function todayIso(env: Record<string, string | undefined> = process.env, now: Date = new Date()): string {
  return resolveToday([env[TODAY_ENV]], now).date;
}

/** `  ← RETIRED 2025-07-14, replace with gpt-4.1` for retired/retiring models, else ''. */
export function lifecycleAnnotator(today = todayIso()): (model: string | null) => string {
  const catalog = loadCatalog(BUILTIN_CATALOG);
  return (model) => {
    if (!model) return '';
    const { status } = lifecycleOf(catalog, model, today);
    if (status.kind === 'retired') return `  ← RETIRED ${status.retirementDate}${status.replacement ? `, replace with ${status.replacement}` : ''}`;
    if (status.kind === 'retiring') return `  ← retiring ${status.retirementDate} (${status.daysLeft} days)${status.replacement ? `, replace with ${status.replacement}` : ''}`;
    return '';
  };
}
