// Output schemas: `response_format`, Responses `text.format`, Anthropic `output_config.format`,
// Vercel `generateObject({ schema })` / `Output.object(...)`. A literal JSON Schema is taken as
// written; a zod schema built in this file is translated; anything else is "has a schema, unknown".
import ts from './compiler';
import type { JsonSchema } from '../../callsite';
import {
  arraySchema, enumSchema, extendObjectSchema, JSON_MODE_SCHEMA, literalSchema, nullableSchema, objectSchema, partialSchema,
  primitiveSchema, recordSchema, selectProperties, unionSchema, withDescription, withKeyword, type FieldSchema, type SchemaObject,
} from '../common/jsonSchema';
import type { Candidate } from './classify';
import { importOf, sdkOf } from './clients';
import { Ctx, deref, literalJson, MAX_DEPTH, objectOf, stringValue, unwrap } from './values';

export interface SchemaInfo {
  hasSchema: boolean;
  schema: JsonSchema | null;
}

const NONE: SchemaInfo = { hasSchema: false, schema: null };
const UNKNOWN: SchemaInfo = { hasSchema: true, schema: null };
const ZOD_FORMAT_HELPERS = /^(zodResponseFormat|zodTextFormat|zodOutputFormat|betaZodOutputFormat|zodFunction)$/;
const TO_JSON_SCHEMA = /^(zodToJsonSchema|toJSONSchema|toJsonSchema|jsonSchema)$/;
/** zod methods that validate or transform without changing the JSON shape. */
const SHAPE_NEUTRAL = new Set(['min', 'max', 'length', 'regex', 'positive', 'negative', 'nonnegative', 'nonpositive', 'nonempty', 'trim',
  'toLowerCase', 'toUpperCase', 'strict', 'passthrough', 'strip', 'refine', 'superRefine', 'transform', 'brand', 'catch', 'readonly',
  'finite', 'safe', 'gt', 'gte', 'lt', 'lte', 'multipleOf', 'startsWith', 'endsWith', 'includes', 'meta']);
const STRING_FORMATS: Record<string, string> = { email: 'email', url: 'uri', uuid: 'uuid', datetime: 'date-time', date: 'date', time: 'time', ipv4: 'ipv4', ipv6: 'ipv6' };

export function schemaOfCall(c: Candidate, props: Map<string, ts.Expression> | undefined, ctx: Ctx): SchemaInfo {
  if (!props) return NONE;
  const sub = (key: string, inner: string) => {
    const v = props.get(key);
    return v ? objectOf(v, ctx)?.props.get(inner) ?? (ts.isObjectLiteralExpression(deref(v, ctx).node) ? undefined : v) : undefined;
  };
  switch (c.shape) {
    case 'gemini': {
      const cfg = objectOf(props.get('config') ?? props.get('generationConfig'), ctx)?.props;
      const schema = cfg?.get('responseSchema') ?? cfg?.get('responseJsonSchema');
      if (schema) return { hasSchema: true, schema: schemaFromValue(schema, ctx) };
      const mime = cfg?.get('responseMimeType');
      return mime && stringValue(mime, ctx) === 'application/json' ? { hasSchema: true, schema: { ...JSON_MODE_SCHEMA } } : NONE;
    }
    case 'chat': case 'v3': case 'mistral': {
      const rf = props.get('response_format');
      return rf ? fromFormat(rf, ctx) : NONE;
    }
    case 'azure-sdk': {
      const rf = props.get('responseFormat');
      return rf ? fromFormat(rf, ctx) : NONE;
    }
    case 'responses': {
      const f = sub('text', 'format');
      return f ? fromFormat(f, ctx) : NONE;
    }
    case 'messages': {
      const f = sub('output_config', 'format') ?? props.get('output_format');
      return f ? fromFormat(f, ctx) : NONE;
    }
    case 'vercel':
      return vercelSchema(c.method, props, ctx);
    default:
      return NONE;
  }
}

/** A `response_format`-like value: `{ type: 'json_schema', ... }`, `{ type: 'json_object' }`, or a zod helper call. */
function fromFormat(expr: ts.Expression, ctx: Ctx): SchemaInfo {
  const d = unwrap(deref(expr, ctx).node);
  if (ts.isCallExpression(d)) {
    const name = calleeName(d);
    if (ZOD_FORMAT_HELPERS.test(name) && d.arguments[0]) return { hasSchema: true, schema: zodSchema(d.arguments[0], ctx, 0)?.schema ?? null };
    return UNKNOWN;
  }
  const obj = objectOf(d, ctx);
  if (!obj) return UNKNOWN;
  const type = stringValue(obj.props.get('type'), ctx);
  if (type === 'text') return NONE;
  if (type === 'json_object') return { hasSchema: true, schema: { ...JSON_MODE_SCHEMA } };
  const holder = objectOf(obj.props.get('json_schema'), ctx)?.props ?? obj.props;
  const schema = holder.get('schema');
  return { hasSchema: true, schema: schema ? schemaFromValue(schema, ctx) : null };
}

/** generateObject/streamObject take `schema` (+ `output` mode); generateText/streamText take `output: Output.object(...)`. */
function vercelSchema(method: string, props: Map<string, ts.Expression>, ctx: Ctx): SchemaInfo {
  if (method === 'generateObject' || method === 'streamObject') {
    const mode = stringValue(props.get('output'), ctx);
    if (mode === 'no-schema') return { hasSchema: true, schema: { ...JSON_MODE_SCHEMA } };
    if (mode === 'enum') {
      const values = literalJson(props.get('enum') ?? ts.factory.createNull(), ctx);
      return { hasSchema: true, schema: Array.isArray(values) ? enumSchema(values as string[]) : null };
    }
    const s = props.get('schema');
    if (!s) return UNKNOWN;
    const schema = schemaFromValue(s, ctx);
    return { hasSchema: true, schema: schema && mode === 'array' ? arraySchema(schema as SchemaObject) : schema };
  }
  const out = props.get('output') ?? props.get('experimental_output');
  if (!out) return NONE;
  const d = unwrap(deref(out, ctx).node);
  if (!ts.isCallExpression(d)) return UNKNOWN;
  const kind = calleeName(d);
  const opts = objectOf(d.arguments[0], ctx)?.props;
  if (kind === 'text') return NONE;
  if (kind === 'object') {
    const s = opts?.get('schema');
    return { hasSchema: true, schema: s ? schemaFromValue(s, ctx) : null };
  }
  if (kind === 'array') {
    const s = opts?.get('element');
    const el = s ? schemaFromValue(s, ctx) : null;
    return { hasSchema: true, schema: el ? arraySchema(el as SchemaObject) : null };
  }
  if (kind === 'choice') {
    const values = opts?.get('options') ? literalJson(opts.get('options')!, ctx) : undefined;
    return { hasSchema: true, schema: Array.isArray(values) ? enumSchema(values as string[]) : null };
  }
  return UNKNOWN;
}

function calleeName(call: ts.CallExpression): string {
  const c = unwrap(call.expression);
  return ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? c.name.text : '';
}

/** A schema given as a value: a JSON Schema literal, `jsonSchema({...})`, `zodToJsonSchema(Z)`, or a zod schema. */
export function schemaFromValue(expr: ts.Expression, ctx: Ctx): JsonSchema | null {
  const d = unwrap(deref(expr, ctx).node);
  if (ts.isObjectLiteralExpression(d)) {
    const json = literalJson(d, ctx);
    return json && typeof json === 'object' && !Array.isArray(json) ? json as SchemaObject : null;
  }
  if (ts.isCallExpression(d) && TO_JSON_SCHEMA.test(calleeName(d)) && d.arguments[0]) return schemaFromValue(d.arguments[0], ctx);
  return zodSchema(d, ctx, 0)?.schema ?? null;
}

type Zod = FieldSchema;

function isZodNamespace(e: ts.Expression, ctx: Ctx): boolean {
  const x = unwrap(e);
  if (!ts.isIdentifier(x)) return false;
  const info = importOf(x, ctx);
  if (info) return sdkOf(info.module) === 'zod' && (info.name === 'z' || info.name === '*' || info.name === 'default');
  return x.text === 'z' && !ctx.scopes.lookup(x.text, x);
}

/** A zod schema expression as JSON Schema, or null when any part is outside what we translate. */
export function zodSchema(expr: ts.Expression, ctx: Ctx, depth: number): Zod | null {
  if (depth > MAX_DEPTH * 2 || !ctx.tick()) return null;
  const e = unwrap(deref(expr, ctx).node);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return null;
  const method = e.expression.name.text;
  const recv = e.expression.expression;
  if (isZodNamespace(recv, ctx)) return zodBase(method, e.arguments, ctx, depth);
  const inner = zodSchema(recv, ctx, depth + 1);
  return inner ? zodModifier(inner, method, e.arguments, ctx, depth) : null;
}

function zodBase(method: string, args: ts.NodeArray<ts.Expression>, ctx: Ctx, depth: number): Zod | null {
  const req = (schema: SchemaObject | null): Zod | null => (schema ? { schema, optional: false } : null);
  const arg = (i: number) => args[i] ? zodSchema(args[i], ctx, depth + 1) : null;
  switch (method) {
    case 'string': return req(primitiveSchema('string'));
    case 'number': return req(primitiveSchema('number'));
    case 'int': case 'bigint': return req(primitiveSchema('integer'));
    case 'boolean': return req(primitiveSchema('boolean'));
    case 'null': return req(primitiveSchema('null'));
    case 'any': case 'unknown': return req({});
    case 'object': case 'strictObject': case 'looseObject': return req(zodObject(args[0], ctx, depth));
    case 'array': { const a = arg(0); return a ? req(arraySchema(a.schema)) : null; }
    case 'enum': {
      const v = args[0] ? literalJson(args[0], ctx) : undefined;
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? req(enumSchema(v as string[])) : null;
    }
    case 'literal': {
      const v = args[0] ? literalJson(args[0], ctx) : undefined;
      return v === null || ['string', 'number', 'boolean'].includes(typeof v) ? req(literalSchema(v as string)) : null;
    }
    case 'union': case 'discriminatedUnion': {
      const list = args[method === 'union' ? 0 : 1];
      const arr = list && unwrap(deref(list, ctx).node);
      if (!arr || !ts.isArrayLiteralExpression(arr)) return null;
      const options = arr.elements.map((el) => zodSchema(el, ctx, depth + 1));
      return options.every(Boolean) ? req(unionSchema(options.map((o) => o!.schema))) : null;
    }
    case 'nullable': { const a = arg(0); return a ? { schema: nullableSchema(a.schema), optional: a.optional } : null; }
    case 'optional': { const a = arg(0); return a ? { schema: a.schema, optional: true } : null; }
    case 'record': { const a = arg(args.length - 1); return a ? req(recordSchema(a.schema)) : null; }
    case 'date': return req({ type: 'string', format: 'date-time' });
    default: return null;
  }
}

function zodObject(shapeExpr: ts.Expression | undefined, ctx: Ctx, depth: number): SchemaObject | null {
  const fields = zodFields(shapeExpr, ctx, depth);
  return fields ? objectSchema(fields) : null;
}

function zodFields(shapeExpr: ts.Expression | undefined, ctx: Ctx, depth: number): [string, FieldSchema][] | null {
  const shape = objectOf(shapeExpr, ctx);
  if (!shape) return null;
  const fields: [string, FieldSchema][] = [];
  for (const [k, v] of shape.props) {
    const f = zodSchema(v, ctx, depth + 1);
    if (!f) return null;
    fields.push([k, f]);
  }
  return fields;
}

function zodModifier(inner: Zod, method: string, args: ts.NodeArray<ts.Expression>, ctx: Ctx, depth: number): Zod | null {
  const s = inner.schema;
  const keep = (schema: SchemaObject | null, optional = inner.optional): Zod | null => (schema ? { schema, optional } : null);
  if (SHAPE_NEUTRAL.has(method)) return inner;
  if (method in STRING_FORMATS) return keep(withKeyword(s, 'format', STRING_FORMATS[method]));
  switch (method) {
    case 'describe': {
      const d = args[0] ? stringValue(args[0], ctx) : undefined;
      return d === undefined ? inner : keep(withDescription(s, d));
    }
    case 'optional': case 'default': return keep(s, true);
    case 'nullable': return keep(nullableSchema(s));
    case 'nullish': return keep(nullableSchema(s), true);
    case 'int': return keep({ ...s, type: 'integer' });
    case 'array': return keep(arraySchema(s), false);
    case 'partial': return keep(partialSchema(s));
    case 'or': { const o = args[0] && zodSchema(args[0], ctx, depth + 1); return o ? keep(unionSchema([s, o.schema])) : null; }
    case 'extend': { const f = zodFields(args[0], ctx, depth); return f ? keep(extendObjectSchema(s, f)) : null; }
    case 'merge': {
      const other = args[0] && zodSchema(args[0], ctx, depth + 1);
      const props = other?.schema.properties as Record<string, SchemaObject> | undefined;
      if (!other || !props) return null;
      const req = new Set((other.schema.required as string[] | undefined) ?? []);
      return keep(extendObjectSchema(s, Object.entries(props).map(([k, v]) => [k, { schema: v, optional: !req.has(k) }] as [string, FieldSchema])));
    }
    case 'pick': case 'omit': {
      const mask = args[0] ? literalJson(args[0], ctx) : undefined;
      if (!mask || typeof mask !== 'object' || Array.isArray(mask)) return null;
      return keep(selectProperties(s, Object.keys(mask as object), method === 'pick'));
    }
    default: return null;
  }
}
