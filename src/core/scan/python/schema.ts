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

/** A class named by `node` (`Model`, `schemas.Model`), when it is a class defined in this file. */
function classNameOf(index: FileIndex, node: Node | null, scope: Scope, at: number): string | null {
  const n = unparen(node);
  if (!n) return null;
  const dotted = dottedName(n);
  if (!dotted) return null;
  const last = dotted.slice(dotted.lastIndexOf('.') + 1);
  if (n.type === 'identifier') {
    const found = lookup(n.text, scope, at);
    if (found && found.bindings.some((b) => b.kind === 'class')) return last;
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

export function resolveSchema(ev: Evaluator, index: FileIndex, c: Classified, args: EffectiveArgs, scope: Scope, at: number): SchemaInfo {
  if (c.kind === 'langchain') return NONE;
  for (const key of DIRECT_KEYS) {
    const entry = args.get(key);
    if (!entry) continue;
    const ref = modelRef(index, entry.node, scope, at);
    if (ref) return ref;
    const v = argValue(ev, entry, scope, at);
    if (v.k === 'none') return NONE;
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
