// Model tiers for sweep tests and demos: models listed in the stand-in's `tiers` option all give the
// same reference answer to a prompt — so a cheaper tier agrees with the baseline — except on a set
// share of prompts, chosen deterministically from (model, prompt): there a tier disagrees (a different
// answer that still fits the schema), breaks the schema, or fails with an error. Shares are rates
// over prompts, decided by hash: the same run gives the same outcomes, byte for byte.
import { unitFloat } from './hash';
import { jsonForSchema } from './schemaValue';

export interface TierBehaviour {
  /** Share of prompts whose answer differs from the reference (JSON value, label or text). */
  disagreeRate?: number;
  /** Share of prompts answered with JSON that violates the requested schema (structured output only). */
  schemaBreakRate?: number;
  /** Share of prompts answered with a 400 error. */
  errorRate?: number;
}

/** The model whose answers all tiers share. */
export const REFERENCE_MODEL = 'promptshift-reference';

export type TierRoll = 'disagree' | 'schema' | 'error';

export function tierRolls(tier: TierBehaviour, model: string, promptKey: string): Record<TierRoll, boolean> {
  const roll = (what: TierRoll, rate: number | undefined) => (rate ?? 0) > 0 && unitFloat('tier', what, model, promptKey) < (rate ?? 0);
  return { disagree: roll('disagree', tier.disagreeRate), schema: roll('schema', tier.schemaBreakRate), error: roll('error', tier.errorRate) };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value for the schema unlike the reference: re-seeded, and changed at its first string if it came out equal. */
export function disagreeingValue(schema: unknown, promptKey: string, model: string, reference: unknown): unknown {
  // Seeded by the model but generated as the reference model: the stand-in's "sloppy small models"
  // would otherwise drop fields too, and a disagreeing tier must still fit the schema.
  const v = jsonForSchema(schema, `${promptKey}#disagree:${model}`, REFERENCE_MODEL);
  if (JSON.stringify(v) !== JSON.stringify(reference)) return v;
  const alter = (x: unknown): [unknown, boolean] => {
    if (typeof x === 'string') return [`${x} (differs)`, true];
    if (typeof x === 'number') return [x + 1, true];
    if (typeof x === 'boolean') return [!x, true];
    if (Array.isArray(x)) { for (let i = 0; i < x.length; i++) { const [y, ok] = alter(x[i]); if (ok) return [[...x.slice(0, i), y, ...x.slice(i + 1)], true]; } return [[...x, 'differs'], true]; }
    if (isObj(x)) { for (const k of Object.keys(x)) { const [y, ok] = alter(x[k]); if (ok) return [{ ...x, [k]: y }, true]; } }
    return [x, false];
  };
  return alter(v)[0];
}

/** The value with a required property removed (or, with none, not an object at all): it fails the schema. */
export function schemaBreaking(schema: unknown, value: unknown): unknown {
  const required = isObj(schema) && Array.isArray(schema.required) ? schema.required.filter((k): k is string => typeof k === 'string') : [];
  if (isObj(value) && required.length) {
    const { [required[0]]: _dropped, ...rest } = value;
    return rest;
  }
  return [value];
}
