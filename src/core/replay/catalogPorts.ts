// The engine's catalog-backed functions, shared by the CLI and the extension: per-arm request
// adaptation and pricing from the model catalog, and one compiled validator per planned call site.
import type { CallSite } from '../callsite';
import { armOffer, lookupModel, offerByHostId, type Catalog, type HostOffer } from '../models/catalog';
import { adaptParamsForModel } from '../models/requestOverrides';
import { compileSchema, type Validator } from '../validate/index';
import type { AdaptParams } from './plan';
import type { PriceOf } from './ports';
import type { RunPlanFile } from './records';

export function catalogAdapt(catalog: Catalog): AdaptParams {
  return (params, model) => adaptParamsForModel(params, lookupModel(catalog, model, { snapshotFallback: true })).params;
}

const priced = (o: Pick<HostOffer, 'inputPerMTok' | 'outputPerMTok'> | undefined) =>
  o && o.inputPerMTok !== null && o.outputPerMTok !== null ? { inputPerMTok: o.inputPerMTok, outputPerMTok: o.outputPerMTok } : null;

/**
 * Prices from the catalog. An arm the plan sends to a host (`llama-4-scout@cerebras`) is priced at
 * that host's offer, or unknown when the catalog has none for it (a self-hosted vLLM is the user's
 * hardware); a host's own model id (`accounts/fireworks/models/gpt-oss-120b`) is priced at that host's.
 */
export function catalogPriceOf(catalog: Catalog, plan?: Pick<RunPlanFile, 'arms'>): PriceOf {
  const byArmModel = new Map<string, ReturnType<typeof priced>>();
  for (const arm of Object.values(plan?.arms ?? {})) {
    if (arm.endpoint && arm.model) byArmModel.set(arm.model, priced(armOffer(catalog, arm.model, arm.endpoint)));
  }
  return (model) => {
    if (byArmModel.has(model)) return byArmModel.get(model) ?? null;
    const hosted = offerByHostId(catalog, model);
    if (hosted) return priced(hosted.offer);
    return priced(lookupModel(catalog, model, { snapshotFallback: true }) ?? undefined);
  };
}

export type ValidatorsOutcome =
  | { ok: true; validators: Map<string, Validator | null> }
  | { ok: false; callSite: CallSite; error: string };

/** Compiles each planned call site's schema once; a schema stored in a resumed plan is checked again. */
export function compileValidators(plan: RunPlanFile): ValidatorsOutcome {
  const validators = new Map<string, Validator | null>();
  for (const pc of plan.callSites) {
    if (pc.schema === null) { validators.set(pc.callSite.id, null); continue; }
    const c = compileSchema(pc.schema);
    if (!c.ok) return { ok: false, callSite: pc.callSite, error: c.error };
    validators.set(pc.callSite.id, c.validate);
  }
  return { ok: true, validators };
}
