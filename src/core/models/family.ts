// The tiers of a model family in the catalog, for `replay --sweep FAMILY`: the family's own entry and
// its one-word tiers (gpt-4.1 → gpt-4.1, gpt-4.1-mini, gpt-4.1-nano; gpt-5.6 → -sol, -terra, -luna).
// Dated snapshots, previews and variants (gpt-4o-2024-05-13, gpt-4o-audio-preview) are not tiers, and
// a model retired by `today` is left out: a sweep must not plan requests that can only fail.
// Open-weight families have size tiers (gpt-oss → -20b, -120b) and are swept on one host at a time:
// `--sweep llama-4@cerebras` takes the tiers that host serves, as `llama-4-scout@cerebras`, cheapest
// first by that host's prices.
import type { Catalog, ModelInfo } from './catalog';

export interface FamilyTiers {
  /** Cheapest first by input price (unknown prices last), then by id. */
  models: string[];
  /** Family members left out because they are retired, with their retirement dates. */
  retired: string[];
}

export function familyTiers(catalog: Catalog, family: string, today: string, host?: string): FamilyTiers {
  const f = family.trim().toLowerCase();
  const tier = new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(-[a-z]+|-\\d+b)?$`);
  const h = host?.trim().toLowerCase();
  const members: ModelInfo[] = catalog.models.filter((m) => tier.test(m.id.toLowerCase()) && (!h || m.hosts?.[h] !== undefined));
  const retired = members.filter((m) => m.retirementDate !== undefined && m.retirementDate <= today);
  const price = (m: ModelInfo) => (h ? m.hosts?.[h]?.inputPerMTok : m.inputPerMTok) ?? Number.POSITIVE_INFINITY;
  const models = members.filter((m) => !retired.includes(m))
    .sort((a, b) => price(a) - price(b) || a.id.localeCompare(b.id))
    .map((m) => (h ? `${m.id}@${h}` : m.id));
  return { models, retired: retired.map((m) => `${m.id} (retired ${m.retirementDate})`) };
}

export type SweepModels = { ok: true; models: string[]; notes: string[] } | { ok: false; error: string };

/**
 * The candidates of a run: the --candidate models as given, then each --sweep family's tiers not
 * already named. A tier that is the baseline of every call site is the reference, not a candidate.
 */
export function sweepModels(explicit: readonly string[], families: readonly string[], baselines: readonly string[], catalog: Catalog, today: string): SweepModels {
  const models = [...explicit];
  const notes: string[] = [];
  const reference = new Set(baselines);
  const onlyBaseline = reference.size === 1 ? [...reference][0] : null;
  for (const family of families) {
    const at = family.lastIndexOf('@');
    const host = at > 0 ? family.slice(at + 1) : undefined;
    const tiers = familyTiers(catalog, host ? family.slice(0, at) : family, today, host);
    if (!tiers.models.length) {
      const served = host ? ` served by "${host}"` : '';
      return { ok: false, error: `--sweep ${family}: the model catalog has no family "${host ? family.slice(0, at) : family}"${served}${tiers.retired.length ? ` that is not retired (${tiers.retired.join(', ')})` : ''}` };
    }
    if (tiers.retired.length) notes.push(`--sweep ${family}: left out ${tiers.retired.join(', ')}`);
    for (const m of tiers.models) if (m !== onlyBaseline && !models.includes(m)) models.push(m);
  }
  if (!models.length) return { ok: false, error: `--sweep ${families.join(', ')}: no tier besides the baseline ${onlyBaseline ?? ''} to compare`.trimEnd() };
  return { ok: true, models, notes };
}
