// The candidate arms of a new run, as the CLI's `replay --candidate … --sweep FAMILY` and the editor's
// Replay command plan them alike: the named models, then each family's catalog tiers (not the
// baseline, not retired), and `MODEL@HOST` arms sent to that host under the host's own model id.
import { hostOffer, type Catalog } from '../models/catalog';
import { sweepModels } from '../models/family';
import type { HostEndpoint } from '../models/hosts';
import type { CandidateSpec } from './plan';

/** `MODEL@NAME` with NAME a known endpoint becomes a hosted arm; anything else (`claude-…@20241022`) stays a model. */
export function candidateSpec(given: string, endpoints: readonly HostEndpoint[], catalog: Catalog, note: (m: string) => void): string | CandidateSpec {
  const at = given.lastIndexOf('@');
  const endpoint = at > 0 ? endpoints.find((e) => e.name === given.slice(at + 1)) : undefined;
  if (!endpoint) return given;
  const asked = given.slice(0, at);
  const offer = hostOffer(catalog, endpoint.id, asked);
  if (!offer) note(`the model catalog has no ${endpoint.label} id for ${asked}; it is sent as given`);
  return {
    arm: given,
    model: offer?.modelId ?? asked,
    endpoint: { host: endpoint.name, baseURL: endpoint.baseURL, ...(endpoint.id !== endpoint.name ? { catalogHost: endpoint.id } : {}) },
  };
}

export interface CandidateRequest {
  /** Models named one by one (`--candidate`), in order. */
  models: readonly string[];
  /** Families whose tiers are swept (`--sweep FAMILY` or `FAMILY@HOST`). */
  families: readonly string[];
  /** The call sites' baselines: a tier that is every call site's baseline is not its own candidate. */
  baselines: readonly string[];
  catalog: Catalog;
  /** Retired tiers (by this date) are left out. */
  today: string;
  endpoints: readonly HostEndpoint[];
}

export type PlannedCandidates =
  /** `candidate`: what buildPlan takes — one model as a plain run, else the sweep's arms. */
  | { ok: true; candidate: string | (string | CandidateSpec)[]; models: string[]; notes: string[] }
  | { ok: false; error: string };

export function planCandidates(req: CandidateRequest): PlannedCandidates {
  const swept = sweepModels(req.models, req.families, req.baselines, req.catalog, req.today);
  if (!swept.ok) return swept;
  const notes = [...swept.notes];
  const specs = swept.models.map((m) => candidateSpec(m, req.endpoints, req.catalog, (n) => notes.push(`${m}: ${n}`)));
  const candidate = specs.length === 1 && typeof specs[0] === 'string' ? specs[0] : specs;
  return { ok: true, candidate, models: swept.models, notes };
}
