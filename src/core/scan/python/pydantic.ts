// Pydantic models defined in the same file → JSON Schema, for `response_format=Model`,
// `text_format=Model` and friends. Covers the constructs structured-output code uses: primitives,
// list/dict, Optional/Union/`| None`, Literal, str Enums, nested models, inheritance,
// Field(description=..., default=...) and Annotated[..., Field(...)]. Unknown types become `{}`.
import type { Node } from './tree';
import { callArgs, dottedName, field, named, plainString, unparen } from './tree';
import type { FileIndex, Scope } from './fileIndex';
import {
  arraySchema, enumSchema, extendObjectSchema, literalSchema, nullableSchema, objectSchema, recordSchema,
  unionSchema, withDescription, withKeyword, type FieldSchema, type SchemaObject,
} from '../common/jsonSchema';

const PRIMITIVES: Record<string, SchemaObject> = {
  str: { type: 'string' }, int: { type: 'integer' }, float: { type: 'number' }, bool: { type: 'boolean' },
  bytes: { type: 'string' }, Decimal: { type: 'number' }, dict: { type: 'object' }, Dict: { type: 'object' },
  list: { type: 'array' }, List: { type: 'array' }, Any: {}, object: {},
  datetime: { type: 'string', format: 'date-time' }, date: { type: 'string', format: 'date' },
  UUID: { type: 'string', format: 'uuid' }, EmailStr: { type: 'string', format: 'email' }, HttpUrl: { type: 'string', format: 'uri' },
};
const ARRAYS = new Set(['list', 'List', 'Sequence', 'set', 'Set', 'frozenset', 'FrozenSet', 'tuple', 'Tuple', 'Iterable']);
const MAPS = new Set(['dict', 'Dict', 'Mapping', 'MutableMapping']);
const MAX_DEPTH = 24;

interface Ctx { index: FileIndex; active: Set<Scope>; depth: number }

function lastName(node: Node | null): string {
  const d = dottedName(node);
  return d ? d.slice(d.lastIndexOf('.') + 1) : '';
}

function sameFileClass(index: FileIndex, name: string): Scope | null {
  const list = index.classes.get(name);
  return list && list.length ? list[list.length - 1] : null;
}

function baseNames(cls: Scope): string[] {
  return named(field(cls.node, 'superclasses')).filter((b) => b.type !== 'keyword_argument').map(lastName);
}

/** A pydantic model: derives from BaseModel, directly or through same-file models. */
export function isModelClass(index: FileIndex, cls: Scope, depth = 0): boolean {
  if (depth > 16) return false;
  return baseNames(cls).some((b) => b === 'BaseModel' || b === 'RootModel' || (b !== cls.name && !!sameFileClass(index, b) && isModelClass(index, sameFileClass(index, b) as Scope, depth + 1)));
}

function isEnumClass(cls: Scope): boolean {
  return baseNames(cls).some((b) => /Enum$/.test(b));
}

function docstring(cls: Scope): string | null {
  const body = field(cls.node, 'body');
  const first = named(body)[0];
  if (!first || first.type !== 'expression_statement') return null;
  const s = plainString(named(first)[0] ?? null);
  return s === null ? null : s.trim();
}

function enumSchemaOf(cls: Scope): SchemaObject {
  const values: (string | number)[] = [];
  for (const st of named(field(cls.node, 'body'))) {
    const a = st.type === 'expression_statement' ? named(st)[0] : null;
    const right = a && a.type === 'assignment' ? unparen(field(a, 'right')) : null;
    if (!right) continue;
    const s = plainString(right);
    if (s !== null) values.push(s);
    else if (right.type === 'integer') values.push(Number(right.text));
  }
  return values.length ? enumSchema(values) : {};
}

function typeArgs(node: Node): Node[] {
  if (node.type === 'generic_type') return named(named(node).find((c) => c.type === 'type_parameter') ?? null);
  const sub = node.childrenForFieldName('subscript').filter((c): c is Node => !!c);
  return sub.length === 1 && sub[0].type === 'tuple' ? named(sub[0]) : sub;
}

function literalValue(node: Node): string | number | boolean | null | undefined {
  const n = unparen(node.type === 'type' ? named(node)[0] ?? null : node);
  if (!n) return undefined;
  const s = plainString(n);
  if (s !== null) return s;
  if (n.type === 'integer' || n.type === 'float') return Number(n.text);
  if (n.type === 'true') return true;
  if (n.type === 'false') return false;
  if (n.type === 'none') return null;
  return undefined;
}

function typeSchema(ctx: Ctx, raw: Node | null): SchemaObject {
  let node = raw;
  while (node && node.type === 'type') node = named(node)[0] ?? null;
  node = unparen(node);
  if (!node || ctx.depth > MAX_DEPTH) return {};
  const inner = (n: Node | null) => typeSchema({ ...ctx, depth: ctx.depth + 1 }, n);
  switch (node.type) {
    case 'none': return { type: 'null' };
    case 'string': {
      const name = plainString(node);
      return name ? classSchema(ctx, name) ?? {} : {};
    }
    case 'identifier': case 'attribute': {
      const name = lastName(node);
      return PRIMITIVES[name] ?? classSchema(ctx, name) ?? {};
    }
    case 'binary_operator': {
      const parts = [field(node, 'left'), field(node, 'right')];
      return union(parts.map(inner));
    }
    case 'generic_type': case 'subscript': {
      const head = node.type === 'generic_type' ? named(node)[0] : field(node, 'value');
      const name = lastName(head ?? null);
      const args = typeArgs(node);
      if (ARRAYS.has(name)) return arraySchema(args[0] ? inner(args[0]) : {});
      if (MAPS.has(name)) return recordSchema(args[1] ? inner(args[1]) : {});
      if (name === 'Optional') return nullableSchema(inner(args[0] ?? null));
      if (name === 'Union') return union(args.map(inner));
      if (name === 'Annotated') return annotated(ctx, args);
      if (name === 'Literal') {
        const values = args.map(literalValue).filter((v): v is string | number | boolean | null => v !== undefined);
        return values.length === 1 ? literalSchema(values[0]) : enumSchema(values);
      }
      return {};
    }
    default: return {};
  }
}

function union(options: SchemaObject[]): SchemaObject {
  const hasNull = options.some((o) => o.type === 'null');
  const rest = options.filter((o) => o.type !== 'null');
  const u = unionSchema(rest);
  return hasNull ? nullableSchema(u) : u;
}

function annotated(ctx: Ctx, args: Node[]): SchemaObject {
  let schema = typeSchema({ ...ctx, depth: ctx.depth + 1 }, args[0] ?? null);
  for (const extra of args.slice(1)) {
    const n = unparen(extra.type === 'type' ? named(extra)[0] ?? null : extra);
    if (n && n.type === 'call' && lastName(field(n, 'function')) === 'Field') schema = applyField(schema, n).schema;
  }
  return schema;
}

/** Field(...): description and constraints, and whether it gives a default. */
function applyField(schema: SchemaObject, call: Node): { schema: SchemaObject; hasDefault: boolean } {
  const args = callArgs(call);
  let out = schema;
  const description = plainString(args.keywords.get('description') ?? null);
  if (description !== null) out = withDescription(out, description);
  for (const key of ['min_length', 'max_length', 'ge', 'le', 'gt', 'lt', 'pattern']) {
    const v = args.keywords.get(key);
    if (!v) continue;
    const literal = v.type === 'integer' || v.type === 'float' ? Number(v.text) : plainString(v);
    const name = { min_length: 'minLength', max_length: 'maxLength', ge: 'minimum', le: 'maximum', gt: 'exclusiveMinimum', lt: 'exclusiveMaximum', pattern: 'pattern' }[key] as string;
    if (literal !== null) out = withKeyword(out, name, literal);
  }
  const first = args.positional[0];
  const hasDefault = (!!first && first.type !== 'ellipsis') || args.keywords.has('default') || args.keywords.has('default_factory');
  return { schema: out, hasDefault };
}

function fieldsOf(ctx: Ctx, cls: Scope): [string, FieldSchema][] {
  const out: [string, FieldSchema][] = [];
  for (const st of named(field(cls.node, 'body'))) {
    const a = st.type === 'expression_statement' ? named(st)[0] : null;
    if (!a || a.type !== 'assignment') continue;
    const left = field(a, 'left');
    const type = field(a, 'type');
    if (!left || left.type !== 'identifier' || !type || left.text.startsWith('_') || left.text === 'model_config') continue;
    if (/^\s*(typing\.)?ClassVar\b/.test(type.text)) continue;
    let schema = typeSchema(ctx, type);
    const right = unparen(field(a, 'right'));
    let optional = !!right;
    if (right && right.type === 'call' && lastName(field(right, 'function')) === 'Field') {
      const f = applyField(schema, right);
      schema = f.schema;
      optional = f.hasDefault;
    } else if (right && right.type === 'ellipsis') optional = false;
    out.push([left.text, { schema, optional }]);
  }
  return out;
}

function classSchema(ctx: Ctx, name: string): SchemaObject | null {
  const cls = sameFileClass(ctx.index, name);
  if (!cls) return null;
  if (isEnumClass(cls)) return enumSchemaOf(cls);
  if (!isModelClass(ctx.index, cls)) return null;
  return modelSchemaOf(ctx, cls);
}

function modelSchemaOf(ctx: Ctx, cls: Scope): SchemaObject {
  // A recursive model refers to itself; an open schema is honest where $refs would be needed.
  if (ctx.active.has(cls) || ctx.depth > MAX_DEPTH) return { type: 'object' };
  ctx.active.add(cls);
  try {
    const next = { ...ctx, depth: ctx.depth + 1 };
    let schema: SchemaObject | null = null;
    for (const base of baseNames(cls)) {
      const b = sameFileClass(ctx.index, base);
      if (b && b !== cls && isModelClass(ctx.index, b)) schema = extendObjectSchema(modelSchemaOf(next, b), fieldsOf(next, cls));
    }
    schema ??= objectSchema(fieldsOf(next, cls));
    const doc = docstring(cls);
    return { title: cls.name, ...(doc ? { description: doc } : {}), ...schema };
  } finally {
    ctx.active.delete(cls);
  }
}

/** The JSON Schema of a same-file pydantic model, or null when `name` is not one. */
export function pydanticSchema(index: FileIndex, name: string): SchemaObject | null {
  const cls = sameFileClass(index, name);
  if (!cls || !isModelClass(index, cls)) return null;
  return modelSchemaOf({ index, active: new Set(), depth: 0 }, cls);
}
