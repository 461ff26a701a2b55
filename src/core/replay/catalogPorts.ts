// The engine's catalog-backed functions, shared by the CLI and the extension: per-arm request
// adaptation and pricing from the model catalog, and one compiled validator per planned call site.
import type { CallSite } from '../callsite';
import { lookupModel, type Catalog } from '../models/catalog';
import { adaptParamsForModel } from '../models/requestOverrides';
import { compileSchema, type Validator } from '../validate/index';
import type { AdaptParams } from './plan';
import type { PriceOf } from './ports';
import type { RunPlanFile } from './records';

export function catalogAdapt(catalog: Catalog): AdaptParams {
  return (params, model) => adaptParamsForModel(params, lookupModel(catalog, model, { snapshotFallback: true })).params;
}

export function catalogPriceOf(catalog: Catalog): PriceOf {
  return (model) => {
    const m = lookupModel(catalog, model, { snapshotFallback: true });
    return m && m.inputPerMTok !== null && m.outputPerMTok !== null ? { inputPerMTok: m.inputPerMTok, outputPerMTok: m.outputPerMTok } : null;
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
