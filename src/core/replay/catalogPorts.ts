// The engine's catalog-backed functions, shared by the CLI and the extension: per-arm request
// adaptation and pricing from the model catalog (catalogAdapters.ts, re-exported), and one compiled
// validator per planned call site. Importing this module loads ajv; a caller that needs no
// validator imports catalogAdapters.ts instead.
import type { CallSite } from '../callsite';
import { compileSchema, type Validator } from '../validate/index';
import type { RunPlanFile } from './records';

export { catalogAdapt, catalogPriceOf } from './catalogAdapters';

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
