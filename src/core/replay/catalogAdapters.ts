// The engine's catalog-backed functions, shared by the CLI and the extension: per-arm request
// adaptation and pricing from the model catalog. (Validators: catalogPorts.ts, which loads ajv.)
import { armOffer, lookupModel, offerByHostId, type Catalog, type HostOffer } from '../models/catalog';
import { adaptParamsForModel } from '../models/requestOverrides';
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
  const lookUp = (model: string) => {
    if (byArmModel.has(model)) return byArmModel.get(model) ?? null;
    const hosted = offerByHostId(catalog, model);
    if (hosted) return priced(hosted.offer);
    return priced(lookupModel(catalog, model, { snapshotFallback: true }) ?? undefined);
  };
  // Asked for every request (estimate, spend guard, each record) about the same few models; a
  // catalog look-up runs regular expressions over model names, so each model's answer is kept.
  const known = new Map<string, ReturnType<typeof priced>>();
  return (model) => {
    let price = known.get(model);
    if (price === undefined) {
      price = lookUp(model) ?? null;
      known.set(model, price);
    }
    return price;
  };
}
