// One walk over a Go file: which SDK packages it imports and under which names, every binding a
// reader would follow (`x := ...`, `var`, `const`, `x = ...`, `params.Model = ...`), the file's
// functions (for params built by a helper) and its calls. Scoping is by enclosing function, which
// is what a reader of one file resolves; blocks inside a function are not told apart.
import { eachNode, field, named, type Node } from '../common/treeSitter';
import { addBinding, enclosingFunctionFinder, visibleBinding, type Binding, type Bindings } from '../common/bindings';

export type GoSdk = 'openai' | 'azure' | 'anthropic' | 'goopenai' | 'goanthropic' | 'azopenai' | 'genai' | 'genai-model' | 'bedrock' | 'param' | 'shared' | 'responses';

export interface GoIndex {
  /** Local package name → which SDK package it is. */
  imports: Map<string, GoSdk>;
  bindings: Bindings;
  functions: Map<string, Node>;
  calls: Node[];
}

export const enclosingFunction = enclosingFunctionFinder(new Set(['function_declaration', 'method_declaration', 'func_literal']));

function sdkOf(path: string): { sdk: GoSdk; name: string } | null {
  let m = /^github\.com\/openai\/openai-go(?:\/v\d+)?(?:\/(azure|responses|shared|packages\/param))?$/.exec(path);
  if (m) {
    const sub = m[1];
    if (!sub) return { sdk: 'openai', name: 'openai' };
    if (sub === 'packages/param') return { sdk: 'param', name: 'param' };
    return { sdk: sub as GoSdk, name: sub };
  }
  m = /^github\.com\/anthropics\/anthropic-sdk-go(?:\/v\d+)?(?:\/(packages\/param|shared))?$/.exec(path);
  if (m) return m[1] ? { sdk: m[1] === 'shared' ? 'shared' : 'param', name: m[1] === 'shared' ? 'shared' : 'param' } : { sdk: 'anthropic', name: 'anthropic' };
  if (/^github\.com\/sashabaranov\/go-openai$/.test(path)) return { sdk: 'goopenai', name: 'openai' };
  if (/^github\.com\/liushuangls\/go-anthropic(\/v\d+)?$/.test(path)) return { sdk: 'goanthropic', name: 'anthropic' };
  if (/^github\.com\/Azure\/azure-sdk-for-go\/sdk\/ai\/azopenai$/.test(path)) return { sdk: 'azopenai', name: 'azopenai' };
  if (path === 'google.golang.org/genai') return { sdk: 'genai', name: 'genai' };
  if (/^(github\.com\/google\/generative-ai-go|cloud\.google\.com\/go\/vertexai)\/genai$/.test(path)) return { sdk: 'genai-model', name: 'genai' };
  if (/^github\.com\/aws\/aws-sdk-go-v2\/service\/bedrockruntime$/.test(path)) return { sdk: 'bedrock', name: 'bedrockruntime' };
  return null;
}

/** `a, b := x, y` (pairs) and `c, err := f()` (the call belongs to the first name). */
function bindPairs(index: GoIndex, left: Node[], right: Node[], at: Node): void {
  const fn = enclosingFunction(at);
  left.forEach((l, i) => {
    const value = right.length === left.length ? right[i] : i === 0 ? right[0] : undefined;
    if (!value) return;
    if (l.type === 'identifier' && l.text !== '_') addBinding(index.bindings, l.text, { value, start: at.startIndex, fn });
    else if (l.type === 'selector_expression') addBinding(index.bindings, l.text.replace(/\s+/g, ''), { value, start: at.startIndex, fn });
  });
}

export function buildGoIndex(root: Node): GoIndex {
  const index: GoIndex = { imports: new Map(), bindings: new Map(), functions: new Map(), calls: [] };
  eachNode(root, (n) => {
    switch (n.type) {
      case 'import_spec': {
        const path = field(n, 'path');
        const sdk = path ? sdkOf(path.text.slice(1, -1)) : null;
        if (!sdk) return;
        const alias = field(n, 'name');
        index.imports.set(alias && alias.type === 'package_identifier' ? alias.text : sdk.name, sdk.sdk);
        return;
      }
      case 'short_var_declaration':
      case 'assignment_statement': {
        const op = n.child(1)?.text;
        if (op !== ':=' && op !== '=') return;
        bindPairs(index, named(field(n, 'left')), named(field(n, 'right')), n);
        return;
      }
      case 'var_spec':
      case 'const_spec': {
        const names = n.childrenForFieldName('name').filter((c): c is Node => !!c);
        const value = field(n, 'value');
        if (value) bindPairs(index, names, named(value), n);
        return;
      }
      case 'function_declaration': {
        const name = field(n, 'name');
        if (name) index.functions.set(name.text, n);
        return;
      }
      case 'call_expression':
        index.calls.push(n);
        return;
      default:
    }
  });
  return index;
}

/** The binding of `name` a reader sees at `at` inside function `fn`: the latest before it, else package level. */
export function lookup(index: GoIndex, name: string, at: number, fn: number): Binding | null {
  return visibleBinding(index.bindings, name, at, fn);
}
