// Output schemas: `response_format` (json_schema / json_object dicts, or a pydantic model),
// `text_format`/`response_model`/`output_format` models, Responses `text={"format": ...}` and
// Anthropic `output_config={"format": ...}`. A schema we can see but not recover is
// `hasSchema: true, schema: null`.
import type { JsonSchema } from '../../callsite';
import type { Node } from './tree';
import { callArgs, dottedName, field, unparen } from './tree';
import type { FileIndex, Scope } from './fileIndex';
import type { Classified } from './family';
import type { Evaluator } from './values';
import { dictGet, toPlain, type Val } from './valueModel';
import { lookup } from './nameLookup';
import { argValue, type EffectiveArgs } from './args';
import { pydanticSchema } from './pydantic';
import { JSON_MODE_SCHEMA } from '../common/jsonSchema';

export interface SchemaInfo { hasSchema: boolean; schema: JsonSchema | null }

const NONE: SchemaInfo = { hasSchema: false, schema: null };
const OPAQUE: SchemaInfo = { hasSchema: true, schema: null };
/** Arguments whose value is the format itself, then arguments that wrap it in `{"format": ...}`. */
const DIRECT_KEYS = ['response_format', 'text_format', 'response_model', 'output_format'];
const WRAPPED_KEYS = ['text', 'output_config'];

/** A class named by `node` (`Model`, `schemas.Model`, `fmt` after `fmt = Model`), when it is a class defined in this file. */
function classNameOf(index: FileIndex, node: Node | null, scope: Scope, at: number, depth = 0): string | null {
  const n = unparen(node);
  if (!n) return null;
  const dotted = dottedName(n);
  if (!dotted) return null;
  const last = dotted.slice(dotted.lastIndexOf('.') + 1);
  if (n.type === 'identifier') {
    const found = lookup(n.text, scope, at);
    if (found && found.bindings.some((b) => b.kind === 'class')) return last;
    const only = found?.bindings.length === 1 ? found.bindings[0] : null;
    if (only && only.kind === 'value' && depth < 4) return classNameOf(index, only.value, only.scope, only.at, depth + 1);
    if (found) return null;
  }
  return index.classes.has(last) ? last : null;
}

/** A reference to a model class: pydantic schema when we can build it, else opaque. */
function modelRef(index: FileIndex, node: Node | null, scope: Scope, at: number): SchemaInfo | null {
  const n = unparen(node);
  if (!n) return null;
  const name = classNameOf(index, n, scope, at);
  if (name) return { hasSchema: true, schema: pydanticSchema(index, name) };
  if (n.type === 'call') {
    // type_to_response_format_param(Model), Model.model_json_schema()
    const fn = field(n, 'function');
    const args = callArgs(n);
    if (args.positional.length === 1) {
      const inner = classNameOf(index, args.positional[0], scope, at);
      if (inner) return { hasSchema: true, schema: pydanticSchema(index, inner) };
    }
    const d = dottedName(fn);
    if (d && d.endsWith('.model_json_schema')) {
      const owner = d.slice(0, -'.model_json_schema'.length).split('.').pop() ?? '';
      if (index.classes.has(owner)) return { hasSchema: true, schema: pydanticSchema(index, owner) };
    }
  }
  // A class imported from elsewhere (`from .schemas import Summary`): a schema, not recoverable here.
  if (n.type === 'identifier' || n.type === 'attribute') {
    const found = n.type === 'identifier' ? lookup(n.text, scope, at) : null;
    if (found && found.bindings.some((b) => b.kind === 'import')) return OPAQUE;
  }
  return null;
}

/** `{"type": "json_schema", ...}` and friends. */
function fromFormat(index: FileIndex, v: Val, scope: Scope, at: number): SchemaInfo {
  if (v.k !== 'dict') return OPAQUE;
  const type = dictGet(v, 'type');
  const t = type && type.val.k === 'str' ? type.val.s : null;
  if (t === 'text') return NONE;
  if (t === 'json_object') return { hasSchema: true, schema: { ...JSON_MODE_SCHEMA } };
  const holder = dictGet(v, 'json_schema');
  const entry = holder ? dictGet(holder.val, 'schema') : dictGet(v, 'schema');
  if (!entry) return OPAQUE;
  const plain = toPlain(entry.val);
  if (plain !== undefined && typeof plain === 'object' && plain !== null) return { hasSchema: true, schema: plain as JsonSchema };
  return modelRef(index, entry.node, scope, at) ?? OPAQUE;
}

/**
 * A function's parameter handed on as the format (`def ask(prompt, response_format=None)`): the
 * callers choose the schema, so there is one, though not one this file states.
 */
function isParameter(node: Node | null, scope: Scope, at: number): boolean {
  const n = unparen(node);
  if (!n || n.type !== 'identifier') return false;
  const found = lookup(n.text, scope, at);
  return !!found && found.bindings.length > 0 && found.bindings.every((b) => b.kind === 'param');
}

/** Gemini's `config=GenerateContentConfig(response_schema=..., response_mime_type="application/json")` (or a dict). */
function geminiSchema(ev: Evaluator, index: FileIndex, args: EffectiveArgs, scope: Scope, at: number): SchemaInfo {
  const entry = args.get('config') ?? args.get('generation_config');
  const n = unparen(entry?.node ?? null);
  if (!entry || !n) return NONE;
  let fields: Map<string, Node>;
  if (n.type === 'call') fields = callArgs(n).keywords;
  else {
    const v = argValue(ev, entry, scope, at);
    if (v.k !== 'dict') return NONE;
    fields = new Map(v.entries.flatMap((e) => (e.node ? [[e.key, e.node] as [string, Node]] : [])));
  }
  const schemaNode = fields.get('response_schema') ?? fields.get('response_json_schema');
  if (schemaNode) return modelRef(index, schemaNode, scope, at) ?? OPAQUE;
  const mime = fields.get('response_mime_type');
  return mime && /application\/json/.test(mime.text) ? { hasSchema: true, schema: { ...JSON_MODE_SCHEMA } } : NONE;
}

export function resolveSchema(ev: Evaluator, index: FileIndex, c: Classified, args: EffectiveArgs, scope: Scope, at: number): SchemaInfo {
  if (c.kind === 'langchain') return NONE;
  if (c.kind === 'gemini') return geminiSchema(ev, index, args, scope, at);
  for (const key of DIRECT_KEYS) {
    const entry = args.get(key);
    if (!entry) continue;
    const ref = modelRef(index, entry.node, scope, at);
    if (ref) return ref;
    const v = argValue(ev, entry, scope, at);
    if (v.k === 'none') return isParameter(entry.node, scope, at) ? OPAQUE : NONE;
    return fromFormat(index, v, scope, at);
  }
  for (const key of WRAPPED_KEYS) {
    const entry = args.get(key);
    if (!entry) continue;
    const v = argValue(ev, entry, scope, at);
    const format = dictGet(v, 'format');
    if (!format) continue;
    const ref = modelRef(index, format.node, scope, at);
    if (ref) return ref;
    return fromFormat(index, format.val, scope, at);
  }
  return NONE;
}
