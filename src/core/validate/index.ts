// The ajv wrapper: schemas compile to a validator or an error value, outputs validate to data.
// Expected failures (a broken schema, an output that is not JSON, a schema violation) are values,
// never exceptions, so the replay engine records them per result and the CLI reports them plainly.
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { SchemaError, Validator } from './types';

export type { SchemaError, SchemaVerdict, Validator } from './types';
// Parsing and checking an output needs no ajv: it lives apart (output.ts) so a replay without a
// schema never loads ajv (dist/validator.js, ~30 ms of start-up CPU); re-exported for other users.
export { parseJsonOutput, validateOutput, type JsonParse, type OutputVerdict } from './output';

export type CompileOutcome = { ok: true; validate: Validator } | { ok: false; error: string };

const DRAFT_07 = /json-schema\.org\/draft-0[4-7]\/schema/;

// One ajv instance per draft, built on first use: ajv compiles each schema to a function, and the
// instance caches compiled schemas by content, so compiling the same schema twice costs nothing.
let ajv2020: Ajv2020 | undefined;
let ajv07: Ajv | undefined;

function instanceFor(draft: '2020-12' | '07'): Ajv | Ajv2020 {
  // strict: false — real-world schemas (zod-to-json-schema, OpenAI structured outputs) carry
  // keywords ajv's strict mode rejects (e.g. unknown formats' siblings, "strict" hints); a schema
  // is only an error when ajv cannot compile it at all.
  const options = { allErrors: true, strict: false, validateFormats: true } as const;
  if (draft === '07') {
    if (!ajv07) { ajv07 = new Ajv(options); addFormats(ajv07); }
    return ajv07;
  }
  if (!ajv2020) { ajv2020 = new Ajv2020(options); addFormats(ajv2020); }
  return ajv2020;
}

/** Draft 2020-12 unless `$schema` names draft-07 (or older, which ajv's draft-07 mode reads). */
export function draftOf(schema: unknown): '2020-12' | '07' {
  if (schema && typeof schema === 'object' && typeof (schema as { $schema?: unknown }).$schema === 'string') {
    if (DRAFT_07.test((schema as { $schema: string }).$schema)) return '07';
  }
  return '2020-12';
}

export function compileSchema(schema: unknown): CompileOutcome {
  if (typeof schema !== 'boolean' && (schema === null || typeof schema !== 'object' || Array.isArray(schema))) {
    return { ok: false, error: `invalid JSON Schema: expected an object or a boolean, got ${schema === null ? 'null' : Array.isArray(schema) ? 'an array' : typeof schema}` };
  }
  const draft = draftOf(schema);
  let fn: ValidateFunction;
  try {
    // ajv registers a schema under its $id and refuses a second one with the same $id; the newest
    // schema for an id wins (a user editing --schema between runs in the same process, or tests).
    const ajv = instanceFor(draft);
    const id = typeof schema === 'object' ? (schema as { $id?: unknown }).$id : undefined;
    if (typeof id === 'string' && ajv.getSchema(id)) ajv.removeSchema(id);
    fn = ajv.compile(schema as object | boolean);
  } catch (e) {
    return { ok: false, error: `invalid JSON Schema (draft ${draft}): ${e instanceof Error ? e.message : String(e)}` };
  }
  return {
    ok: true,
    validate: {
      draft,
      check(value) {
        if (fn(value)) return { ok: true, errors: [] };
        return { ok: false, errors: (fn.errors ?? []).map(toSchemaError) };
      },
    },
  };
}

function toSchemaError(e: ErrorObject): SchemaError {
  // ajv reports a missing property at its parent; pointing at the property itself is what a
  // reviewer wants to read ("/address/zip is required").
  if (e.keyword === 'required' && typeof e.params.missingProperty === 'string') {
    return { path: `${e.instancePath}/${escapePointer(e.params.missingProperty)}`, message: 'is required' };
  }
  if (e.keyword === 'additionalProperties' && typeof e.params.additionalProperty === 'string') {
    return { path: `${e.instancePath}/${escapePointer(e.params.additionalProperty)}`, message: 'is not allowed by the schema' };
  }
  return { path: e.instancePath, message: e.message ?? e.keyword };
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
