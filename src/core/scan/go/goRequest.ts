// Whether the request argument of a Go call is an SDK request. Apps wrap the SDK in methods of
// their own with the SDK's names (`func (c *Client) CreateChatCompletion(ctx, content string)`),
// and a call to such a method is not a call site: what it is handed gives it away (a string, a
// struct of the app's own). Unknown values are given the benefit of the doubt.
import { field, named, type Node } from '../common/treeSitter';
import { enclosingFunction, lookup, type GoIndex } from './goIndex';
import { structOf, unwrap, type Ctx } from './goValues';

const FUNCTIONS = new Set(['function_declaration', 'method_declaration', 'func_literal']);

/** `pkg.Type` (a qualified type, possibly behind `*` or `[]`) whose package is an SDK this file imports. */
function isSdkType(index: GoIndex, type: Node | null): boolean {
  const m = type ? /^[*&[\]]*(\w+)\.\w+$/.exec(type.text.replace(/\s+/g, '')) : null;
  return !!m && index.imports.has(m[1]);
}

/** The declared type of a parameter of the function enclosing `node`, when `name` is one. */
function parameterType(node: Node, name: string): Node | null | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (!FUNCTIONS.has(p.type)) continue;
    for (const decl of named(field(p, 'parameters'))) {
      if (decl.childrenForFieldName('name').some((n) => n?.text === name)) return field(decl, 'type');
    }
    return undefined;
  }
  return undefined;
}

export function looksLikeRequest(index: GoIndex, call: Node, arg: Node): boolean {
  const ctx: Ctx = { index, at: call.startIndex, fn: enclosingFunction(call) };
  const s = structOf(arg, ctx);
  if (s) {
    const type = field(s.lit, 'type');
    // A literal with no type of its own sits inside a typed one.
    return !type || isSdkType(index, type);
  }
  const n = unwrap(arg);
  if (!n) return true;
  if (n.type === 'interpreted_string_literal' || n.type === 'raw_string_literal' || n.type === 'binary_expression') return false;
  if (n.type !== 'identifier') return true;
  const b = lookup(index, n.text, call.startIndex, ctx.fn);
  if (b) {
    const v = unwrap(b.value);
    return !v || !/string_literal|binary_expression/.test(v.type);
  }
  const type = parameterType(call, n.text);
  return type === undefined || isSdkType(index, type);
}
