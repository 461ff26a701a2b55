// The named scope a tree-sitter call sits in (`Summarizer.summarize`, `Svc.Run`), from a table of
// the node types that name a scope in each language. Anonymous functions (lambdas, func literals)
// add nothing: the call belongs to the named scope around them.
import type { Node } from './treeSitter';

export type ScopeRules = Readonly<Record<string, (n: Node) => string | null>>;

const byName = (n: Node): string | null => n.childForFieldName('name')?.text ?? null;

/** `(s *Service)` / `(s Service[T])` → `Service`. */
function goReceiverType(n: Node): string | null {
  const recv = n.childForFieldName('receiver')?.text;
  const m = recv ? /([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*\)\s*$/.exec(recv) : null;
  return m ? m[1] : null;
}

export const PYTHON_SCOPES: ScopeRules = { function_definition: byName, class_definition: byName };

export const GO_SCOPES: ScopeRules = {
  function_declaration: byName,
  method_declaration: (n) => { const name = byName(n); const recv = goReceiverType(n); return name && recv ? `${recv}.${name}` : name; },
};

export const JAVA_SCOPES: ScopeRules = {
  class_declaration: byName, interface_declaration: byName, enum_declaration: byName, record_declaration: byName,
  method_declaration: byName, constructor_declaration: byName,
};

export const CSHARP_SCOPES: ScopeRules = {
  class_declaration: byName, struct_declaration: byName, record_declaration: byName, interface_declaration: byName,
  method_declaration: byName, constructor_declaration: byName, local_function_statement: byName,
  property_declaration: byName,
};

/** Outermost first, joined by dots; '' at the top level of the file. */
export function treeSitterScopeOf(node: Node, rules: ScopeRules): string {
  const parts: string[] = [];
  for (let n = node.parent; n; n = n.parent) {
    const rule = rules[n.type];
    const part = rule ? rule(n) : null;
    if (part) parts.push(part);
  }
  return parts.reverse().join('.');
}
