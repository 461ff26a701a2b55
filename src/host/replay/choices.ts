// The candidate models and sweep families the Replay picker offers, as data (pure): the catalog's recommended
// replacement for the baseline first, then the provider's other models that are not retired.
import { lookupModel, type Catalog } from '../../core/models/catalog';
import { familyTiers } from '../../core/models/family';
import { replacementFor } from '../../core/models/lifecycle';

export interface ModelChoice {
  id: string;
  description: string;
  recommended: boolean;
}

export function candidateChoices(catalog: Catalog, baseline: string | null, today: string): ModelChoice[] {
  const out: ModelChoice[] = [];
  const seen = new Set<string>();
  const base = baseline ? lookupModel(catalog, baseline) : undefined;
  const rep = baseline ? replacementFor(catalog, baseline, today, 90) : undefined;
  if (rep) {
    out.push({ id: rep.id, description: `recommended replacement for ${baseline}${rep.chain.length > 1 ? ` (via ${rep.chain.slice(0, -1).join(' → ')})` : ''}`, recommended: true });
    seen.add(rep.id.toLowerCase());
  }
  const provider = base?.provider ?? 'openai';
  const live = catalog.models
    .filter((m) => m.provider === provider && !(m.retirementDate && m.retirementDate < today))
    .filter((m) => !baseline || m.id.toLowerCase() !== baseline.toLowerCase())
    .sort((a, b) => a.id.localeCompare(b.id));
  for (const m of live) {
    if (seen.has(m.id.toLowerCase())) continue;
    seen.add(m.id.toLowerCase());
    const price = m.inputPerMTok !== null && m.outputPerMTok !== null ? `$${m.inputPerMTok}/$${m.outputPerMTok} per 1M tokens` : 'price unknown';
    out.push({ id: m.id, description: `${m.provider} · ${price}${m.retirementDate ? ` · retires ${m.retirementDate}` : ''}`, recommended: false });
  }
  return out;
}

export interface FamilyChoice {
  /** What `--sweep` names: the family whose catalog tiers are swept. */
  family: string;
  /** Its tiers that are candidates (not the baseline, not retired), cheapest first. */
  tiers: string[];
}

/** A model's family: itself (gpt-4.1, gpt-4o) or its name without the tier (gpt-5.6-sol → gpt-5.6, gpt-4o-mini → gpt-4o). */
function familyOfModel(catalog: Catalog, model: string): string | null {
  const id = model.trim().toLowerCase();
  const stripped = /^(.+)-(?:[a-z]+|\d+b)$/.exec(id)?.[1];
  // Retired members count here (a retired baseline still has a family); they are never offered.
  for (const f of [stripped, id]) {
    if (f && familyTiers(catalog, f, ALL_TIME).models.some((m) => m.toLowerCase() === id)) return f;
  }
  return null;
}

const ALL_TIME = '0000-00-00';

/**
 * The families a sweep from `baseline` offers: the baseline's own, then its recommended replacement's
 * (a retiring model is usually swept against its successor's tiers). Families with no tier besides
 * the baseline are left out: sweeping them would compare nothing.
 */
export function familyChoices(catalog: Catalog, baseline: string | null, today: string): FamilyChoice[] {
  if (!baseline) return [];
  const rep = replacementFor(catalog, baseline, today, 90);
  const out: FamilyChoice[] = [];
  for (const model of [baseline, rep?.id]) {
    const family = model ? familyOfModel(catalog, model) : null;
    if (!family || out.some((f) => f.family === family)) continue;
    const live = familyTiers(catalog, family, today).models;
    const tiers = live.filter((m) => m.toLowerCase() !== baseline.toLowerCase());
    // A one-model "family" is that model: it is offered as a model, not as a sweep.
    if (tiers.length && live.length > 1) out.push({ family, tiers });
  }
  return out;
}
