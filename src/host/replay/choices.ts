// The candidate models the Replay picker offers, as data (pure): the catalog's recommended
// replacement for the baseline first, then the provider's other models that are not retired.
import { lookupModel, type Catalog } from '../../core/models/catalog';
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
