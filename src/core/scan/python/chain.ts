// The method path of a call with stored SDK resources and methods put back: after
// `chat = client.chat`, `self._create = client.chat.completions.create` or
// `self.responses_api = client.responses`, the calls `chat.completions.create(...)`,
// `self._create(...)` and `self.responses_api.create(...)` read as `client.chat.completions.create(...)`
// and so on. The receiver is then read where the alias was made (its scope), so `client` there
// resolves as it did when it was stored.
import type { Node } from './tree';
import { attributeChain, field, named, unparen } from './tree';
import type { Binding, FileIndex, Scope } from './fileIndex';
import { classAttrBindings, lookup, receiverClass } from './nameLookup';

export interface Chain {
  /** `[root, ...segments]`; the root is '' when it is not a plain name (a call, a subscript). */
  names: string[];
  /** The node the names start from (the alias's value once expanded). */
  root: Node;
  /** True when an alias was put back. */
  expanded: boolean;
  /** The receiver left after dropping the last `consumed` names, with where to read it. */
  receiver(consumed: number): { node: Node | null; scope: Scope; at: number };
}

/** Words an alias's value must end with to be put back: SDK resources and request methods. */
const RESOURCE_WORDS = /^(chat|completions|responses|messages|beta|models|aio|create|parse|stream|run_tools|acreate|tool_runner|generate_content|generate_content_stream|complete|complete_async|stream_async|converse|converse_stream|invoke_model|send_message)$/;

const MAX_ALIASES = 4;

function stepUp(node: Node, steps: number): Node | null {
  let n: Node | null = node;
  for (let k = 0; k < steps && n; k++) n = n.type === 'attribute' ? unparen(field(n, 'object')) : null;
  return n;
}

/** The one value a name or `self.x` was given, when it is a stored SDK resource or method. */
function aliasValue(bindings: Binding[]): { value: Node; scope: Scope; at: number } | null {
  if (bindings.length !== 1) return null;
  const b = bindings[0];
  if (b.kind !== 'value') return null;
  const v = resourceOf(b.value);
  return v ? { value: v, scope: b.scope, at: b.at } : null;
}

/**
 * `client.chat`, or one of two such resources picked by a condition (`client.beta.messages if betas
 * else client.messages`): either branch ends with the same SDK word, and the first stands for both.
 */
function resourceOf(node: Node | null): Node | null {
  const v = unparen(node);
  if (!v) return null;
  if (v.type === 'conditional_expression') {
    const [a, , b] = named(v).map(resourceOf);
    return a && b && field(a, 'attribute')?.text === field(b, 'attribute')?.text ? a : null;
  }
  return v.type === 'attribute' && RESOURCE_WORDS.test(field(v, 'attribute')?.text ?? '') ? v : null;
}

/** The alias a chain starts with: its root name, or `self.x` in a method. `prefix` counts the segments it covers. */
function findAlias(index: FileIndex, root: Node, segments: string[], scope: Scope, at: number): { value: Node; scope: Scope; at: number; prefix: number } | null {
  if (root.type !== 'identifier') return null;
  const cls = segments.length ? receiverClass(index, root, scope) : null;
  if (cls) {
    const found = aliasValue(classAttrBindings(index, cls, segments[0]));
    return found ? { ...found, prefix: 1 } : null;
  }
  const found = lookup(root.text, scope, at);
  const alias = found ? aliasValue(found.bindings) : null;
  return alias ? { ...alias, prefix: 0 } : null;
}

export function expandChain(index: FileIndex, fn: Node, scope: Scope, at: number): Chain {
  let node = fn;
  let nodeScope = scope;
  let nodeAt = at;
  let extra: string[] = [];
  let expanded = false;
  for (let i = 0; i < MAX_ALIASES; i++) {
    const { root, segments } = node.type === 'attribute' ? attributeChain(node) : { root: node, segments: [] as string[] };
    const alias = findAlias(index, root, segments, nodeScope, nodeAt);
    if (!alias) break;
    extra = [...segments.slice(alias.prefix), ...extra];
    node = alias.value;
    nodeScope = alias.scope;
    nodeAt = alias.at;
    expanded = true;
  }
  const { root, segments } = node.type === 'attribute' ? attributeChain(node) : { root: node, segments: [] as string[] };
  const names = [root.type === 'identifier' ? root.text : '', ...segments, ...extra];
  const base = node;
  const [baseScope, baseAt, tail] = [nodeScope, nodeAt, extra.length];
  return {
    names,
    root,
    expanded,
    receiver(consumed: number) {
      // The receiver lies inside the alias's value whenever the alias ends with an SDK word.
      if (consumed < tail) return { node: null, scope, at };
      return { node: stepUp(base, consumed - tail), scope: baseScope, at: baseAt };
    },
  };
}
