// JSON Schema built from schema-library shapes (zod in TypeScript, pydantic in Python). Each
// scanner reads its own syntax and calls these builders, so both languages emit the same shapes
// as the SDK helpers do (`zodResponseFormat`, pydantic's `model_json_schema` in strict mode).
export type SchemaObject = Record<string, unknown>;

export interface FieldSchema {
  schema: SchemaObject;
  /** Optional fields are left out of `required`. */
  optional: boolean;
}

export type PrimitiveName = 'string' | 'number' | 'integer' | 'boolean' | 'null';

export function primitiveSchema(type: PrimitiveName): SchemaObject {
  return { type };
}

/** An object with closed properties, as the strict structured-output helpers produce. */
export function objectSchema(fields: readonly (readonly [string, FieldSchema])[]): SchemaObject {
  const properties: SchemaObject = {};
  const required: string[] = [];
  for (const [name, field] of fields) {
    properties[name] = field.schema;
    if (!field.optional) required.push(name);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

export function arraySchema(items: SchemaObject): SchemaObject {
  return { type: 'array', items };
}

export function enumSchema(values: readonly (string | number | boolean | null)[]): SchemaObject {
  const types = [...new Set(values.map((v) => (v === null ? 'null' : typeof v)))];
  return types.length === 1 ? { type: types[0], enum: [...values] } : { enum: [...values] };
}

export function literalSchema(value: string | number | boolean | null): SchemaObject {
  return { type: value === null ? 'null' : typeof value, const: value };
}

export function unionSchema(options: readonly SchemaObject[]): SchemaObject {
  return options.length === 1 ? options[0] : { anyOf: [...options] };
}

/** `T | null`: widens a plain `type` when it can, otherwise wraps in anyOf. */
export function nullableSchema(schema: SchemaObject): SchemaObject {
  const t = schema.type;
  if (typeof t === 'string' && !('enum' in schema) && !('anyOf' in schema)) {
    return t === 'null' ? schema : { ...schema, type: [t, 'null'] };
  }
  if (Array.isArray(t) && !('enum' in schema)) return t.includes('null') ? schema : { ...schema, type: [...t, 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}

export function recordSchema(values: SchemaObject): SchemaObject {
  return { type: 'object', additionalProperties: values };
}

export function withDescription(schema: SchemaObject, description: string): SchemaObject {
  return { ...schema, description };
}

/** Adds a keyword (minLength, format, ...) without disturbing the rest. */
export function withKeyword(schema: SchemaObject, key: string, value: unknown): SchemaObject {
  return { ...schema, [key]: value };
}

/** Marks every property optional (zod `.partial()`, pydantic `Optional[...] = None` everywhere). */
export function partialSchema(schema: SchemaObject): SchemaObject {
  return schema.type === 'object' ? { ...schema, required: [] } : schema;
}

/** Keeps or drops named properties of an object schema (zod `.pick` / `.omit`). */
export function selectProperties(schema: SchemaObject, keys: readonly string[], keep: boolean): SchemaObject | null {
  if (schema.type !== 'object' || typeof schema.properties !== 'object' || schema.properties === null) return null;
  const props = schema.properties as SchemaObject;
  const wanted = (k: string) => keys.includes(k) === keep;
  const properties = Object.fromEntries(Object.entries(props).filter(([k]) => wanted(k)));
  const required = Array.isArray(schema.required) ? (schema.required as string[]).filter(wanted) : [];
  return { ...schema, properties, required };
}

/** Adds properties to an object schema (zod `.extend`, pydantic subclassing). */
export function extendObjectSchema(base: SchemaObject, fields: readonly (readonly [string, FieldSchema])[]): SchemaObject | null {
  if (base.type !== 'object' || typeof base.properties !== 'object' || base.properties === null) return null;
  const extra = objectSchema(fields);
  const required = [...((base.required as string[] | undefined) ?? []).filter((k) => !fields.some(([n]) => n === k)), ...(extra.required as string[])];
  return { ...base, properties: { ...(base.properties as SchemaObject), ...(extra.properties as SchemaObject) }, required };
}

/** The schema JSON mode guarantees when no schema is given (`response_format: json_object`). */
export const JSON_MODE_SCHEMA: SchemaObject = Object.freeze({ type: 'object' }) as SchemaObject;
