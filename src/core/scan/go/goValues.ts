// What Go expressions stand for, as far as one file tells: strings (with `fmt.Sprintf` verbs and
// unknown values as {{holes}}), model ids (literals, SDK constants, same-file consts and vars),
// request structs (`openai.ChatCompletionNewParams{...}` at the call, in a variable, or returned by
// a helper in the file) and literal JSON (`map[string]any{...}`) for schemas.
import { decodeCEscapes, field, named, printfParts, type Node } from '../common/treeSitter';
import { holePart, joinParts, type TemplatePart } from '../common/template';
import { goAnthropicCommunityModel, goOpenAICommunityModel, goSdkModel } from '../common/sdkModels';
import type { ReadPoint } from '../common/bindings';
import { expressionText, type TextReader } from '../common/expressionText';
import { modelValueWith, type ModelValue } from '../common/modelValue';
import { enclosingFunction, lookup, type GoIndex } from './goIndex';

const MAX_DEPTH = 12;

export type Ctx = ReadPoint<GoIndex>;

export function unwrap(node: Node | null): Node | null {
  let n = node;
  for (let i = 0; n && i < 32; i++) {
    if (n.type === 'parenthesized_expression' || n.type === 'literal_element') n = named(n)[0] ?? null;
    else if (n.type === 'unary_expression' && n.child(0)?.text === '&') n = field(n, 'operand');
    else break;
  }
  return n;
}

export function stringLiteral(node: Node | null): string | null {
  const n = unwrap(node);
  if (!n) return null;
  if (n.type === 'raw_string_literal') return n.text.slice(1, -1).replace(/\r/g, '');
  if (n.type === 'interpreted_string_literal') return decodeCEscapes(n.text.slice(1, -1));
  return null;
}

/** `pkg.Name` → ['pkg', 'Name'] when `pkg` is a plain identifier. */
export function qualified(node: Node | null): [string, string] | null {
  const n = unwrap(node);
  if (!n || n.type !== 'selector_expression') return null;
  const op = field(n, 'operand');
  const f = field(n, 'field');
  return op && f && op.type === 'identifier' ? [op.text, f.text] : null;
}

/** The name a call is made to: `fmt.Sprintf` → 'Sprintf', `append` → 'append'. */
export function calleeName(call: Node): string {
  const fn = field(call, 'function');
  if (!fn) return '';
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'selector_expression') return field(fn, 'field')?.text ?? '';
  return '';
}

export function args(call: Node): Node[] {
  return named(field(call, 'arguments'));
}

/** Wrappers that only carry a value: `openai.String(x)`, `openai.F(x)`, `param.NewOpt(x)`, `openai.ChatModel(x)`. */
const WRAPPERS = new Set(['String', 'F', 'NewOpt', 'Opt', 'Float', 'Int', 'Bool', 'ChatModel', 'Model', 'ResponsesModel', 'Raw', 'TrimSpace', 'Ptr', 'ToPtr']);

function unwrapCall(n: Node, ctx: Ctx): Node | null {
  if (n.type !== 'call_expression') return null;
  const name = calleeName(n);
  const a = args(n);
  if (a.length !== 1) return null;
  const q = qualified(field(n, 'function'));
  // `to.Ptr(x)` is azcore's pointer helper (azopenai's deployment names), `aws.String(x)` the AWS SDK's.
  if (WRAPPERS.has(name) && (q ? ctx.index.imports.has(q[0]) || /^(strings|lo|to|aws)$/.test(q[0]) : name === 'Ptr' || name === 'ptr')) return a[0];
  return null;
}

/** Follows identifiers to what they were bound to. `resolved` says a binding was crossed. */
export function follow(node: Node | null, ctx: Ctx): { node: Node | null; resolved: boolean; at: number } {
  let n = unwrap(node);
  let resolved = false;
  let at = ctx.at;
  for (let i = 0; n && i < MAX_DEPTH; i++) {
    if (n.type === 'identifier' || n.type === 'selector_expression') {
      const b = lookup(ctx.index, n.text.replace(/\s+/g, ''), at, ctx.fn);
      if (!b || b.value.id === n.id) break;
      at = b.start;
      resolved = true;
      n = unwrap(b.value);
      continue;
    }
    const inner = unwrapCall(n, ctx);
    if (!inner) break;
    n = unwrap(inner);
  }
  return { node: n, resolved, at };
}

/** A model id only when the file states it: literal, SDK constant, or same-file const/var of those. */
export function modelValue(node: Node | null, ctx: Ctx): ModelValue | null {
  // Go reads what a followed name stands for from the call's point of view: the ctx is not moved.
  const followFromCall = (n: Node | null, c: Ctx) => ({ ...follow(n, c), ctx: c });
  return modelValueWith({ follow: followFromCall, stringLiteral, otherForms: otherModelForms }, node, ctx);
}

function otherModelForms(n: Node, ctx: Ctx, resolved: boolean, recurse: (node: Node | null, ctx: Ctx) => ModelValue | null): ModelValue | null {
  const q = qualified(n);
  if (q) {
    const sdk = ctx.index.imports.get(q[0]);
    const id = sdk === 'goopenai' ? goOpenAICommunityModel(q[1]) : sdk === 'goanthropic' ? goAnthropicCommunityModel(q[1]) : sdk ? goSdkModel(q[1]) : null;
    return id ? { id, resolved, span: null } : null;
  }
  if (n.type === 'call_expression') {
    // getEnv("MODEL", "gpt-4o") / cmp.Or(os.Getenv("MODEL"), "gpt-4o"): the literal default.
    const a = args(n);
    const name = calleeName(n);
    if (a.length >= 2 && /env|^Or$|default/i.test(name)) {
      const last = recurse(a[a.length - 1], ctx);
      return last ? { ...last, resolved: true } : null;
    }
  }
  return null;
}

function holeFor(n: Node): TemplatePart {
  if (n.type === 'identifier') return holePart(n.text);
  if (n.type === 'selector_expression') return holePart(field(n, 'field')?.text ?? n.text, n.text);
  if (n.type === 'call_expression') {
    const name = calleeName(n);
    return name ? holePart(name, field(n, 'function')?.text) : holePart('value');
  }
  if (n.type === 'index_expression') return holePart(n.text);
  return holePart('value');
}

/** Text of a prompt expression, with what is only known at run time as holes. */
export function textParts(node: Node | null, ctx: Ctx): TemplatePart[] {
  return expressionText({ unwrap, stringLiteral, holeFor, compose: composedText }, node, ctx);
}

/** Go's own ways of making a string: names, value-carrying wrappers, `fmt.Sprintf`, `strings.Join`. */
function composedText(n: Node, ctx: Ctx, read: TextReader<Ctx>): TemplatePart[] | null {
  if (n.type === 'identifier') {
    const b = lookup(ctx.index, n.text, ctx.at, ctx.fn);
    if (!b || b.value.id === n.id) return null;
    const inner = read.parts(b.value, { ...ctx, at: b.start });
    return inner.length ? inner : null;
  }
  if (n.type !== 'call_expression') return null;
  const name = calleeName(n);
  const a = args(n);
  const inner = unwrapCall(n, ctx);
  if (inner) return read.parts(inner);
  if ((name === 'Sprintf' || name === 'Errorf') && a.length >= 1) {
    const format = stringLiteral(follow(a[0], ctx).node);
    if (format !== null) return printfParts(format, a.slice(1), (arg) => (arg ? read.onePart(arg) : holePart('value')));
  }
  if (name === 'Join' && a.length === 2) {
    const list = follow(a[0], ctx).node;
    const sep = stringLiteral(a[1]);
    if (list && list.type === 'composite_literal' && sep !== null) {
      return joinParts(named(field(list, 'body')).map((e) => read.parts(e)), sep);
    }
  }
  return null;
}

/** A request struct: the composite literal at the call, in a variable, or returned by a same-file helper. */
export function structOf(node: Node | null, ctx: Ctx): { lit: Node; direct: boolean; ctx: Ctx } | null {
  let n = unwrap(node);
  let direct = true;
  let c = ctx;
  for (let i = 0; n && i < MAX_DEPTH; i++) {
    if (n.type === 'composite_literal') return { lit: n, direct, ctx: c };
    if (n.type === 'identifier') {
      const b = lookup(c.index, n.text, c.at, c.fn);
      if (!b) return null;
      c = { ...c, at: b.start };
      direct = false;
      n = unwrap(b.value);
      continue;
    }
    if (n.type === 'call_expression' && field(n, 'function')?.type === 'identifier') {
      const fn = c.index.functions.get(calleeName(n));
      const ret = fn ? lastReturn(fn) : null;
      if (!ret) return null;
      c = { ...c, at: ret.startIndex, fn: enclosingFunction(ret) };
      direct = false;
      n = unwrap(ret);
      continue;
    }
    return null;
  }
  return null;
}

function lastReturn(fn: Node): Node | null {
  const body = field(fn, 'body');
  const stmts = named(named(body).find((s) => s.type === 'statement_list') ?? body);
  for (let i = stmts.length - 1; i >= 0; i--) {
    if (stmts[i].type === 'return_statement') return named(named(stmts[i])[0])[0] ?? named(stmts[i])[0] ?? null;
  }
  return null;
}

/** Keyed elements of a composite literal: `Model: x` → Map('Model' → x). */
export function keyed(lit: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  const body = lit.type === 'literal_value' ? lit : field(lit, 'body');
  for (const e of named(body)) {
    if (e.type !== 'keyed_element') continue;
    const k = unwrap(field(e, 'key'));
    const v = unwrap(field(e, 'value'));
    if (k && v) out.set(k.type === 'identifier' || k.type === 'field_identifier' ? k.text : stringLiteral(k) ?? k.text, v);
  }
  return out;
}

/** A struct field as the request sees it: set later with `params.X = ...`, else in the literal. */
export function structField(s: { lit: Node; ctx: Ctx }, varName: string | null, name: string, callAt = s.ctx.at): { node: Node; ctx: Ctx; direct: boolean } | null {
  if (varName) {
    const b = lookup(s.ctx.index, `${varName}.${name}`, callAt, s.ctx.fn);
    if (b && b.start > s.lit.startIndex) return { node: b.value, ctx: { ...s.ctx, at: b.start }, direct: false };
  }
  const v = keyed(s.lit).get(name);
  return v ? { node: v, ctx: s.ctx, direct: true } : null;
}

/** Literal JSON from `map[string]any{...}`, `[]any{...}` and scalars, else undefined. */
export function jsonValue(node: Node | null, ctx: Ctx, depth = 0): unknown {
  if (depth > 24) return undefined;
  const n = follow(node, ctx).node;
  if (!n) return undefined;
  const s = stringLiteral(n);
  if (s !== null) return s;
  switch (n.type) {
    case 'int_literal': case 'float_literal': return Number(n.text.replace(/_/g, ''));
    case 'true': return true;
    case 'false': return false;
    case 'nil': return null;
    case 'unary_expression': {
      const v = jsonValue(field(n, 'operand'), ctx, depth + 1);
      return n.child(0)?.text === '-' && typeof v === 'number' ? -v : undefined;
    }
    case 'composite_literal': {
      const t = field(n, 'type');
      const body = field(n, 'body');
      if (t?.type === 'map_type') {
        const out: Record<string, unknown> = {};
        for (const e of named(body)) {
          if (e.type !== 'keyed_element') return undefined;
          const k = stringLiteral(field(e, 'key'));
          const v = jsonValue(field(e, 'value'), ctx, depth + 1);
          if (k === null || v === undefined) return undefined;
          out[k] = v;
        }
        return out;
      }
      if (t?.type === 'slice_type' || t?.type === 'array_type') {
        const out: unknown[] = [];
        for (const e of named(body)) {
          const v = jsonValue(e, ctx, depth + 1);
          if (v === undefined) return undefined;
          out.push(v);
        }
        return out;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
