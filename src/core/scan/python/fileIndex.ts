// One iterative walk over a Python tree that records what later questions need: scopes and the
// names bound in them (assignments, parameters, imports, with-targets, defs), attributes set on
// `self`, list/str mutations (`messages.append(...)`, `prompt += ...`), and the calls that might
// be call sites. Iterative because generated code nests deeper than the JS stack allows.
import type { Node } from './tree';
import { attributeChain, field, named, unparen } from './tree';

export type { Binding, CandidateCall, FileIndex, ModuleAttr, Mutation, Scope, ScopeKind } from './indexTypes';
import type { Binding, FileIndex, Scope, ScopeKind } from './indexTypes';
import {
  CANDIDATE_LAST, FORWARDER_LAST, isSdkMethodRef, LANGCHAIN_NAMES, methodArgument, RECORDED_CALL_WORD, recordPatch, recordStoredMethodCalls,
  SDK_NAMED, WRAPPER_LAST,
} from './candidates';

export { LANGCHAIN_NAMES, VENDOR_METHODS } from './candidates';

function newScope(kind: ScopeKind, node: Node, parent: Scope | null, name: string): Scope {
  return { kind, node, parent, name, end: node.endIndex, bindings: new Map(), mutations: new Map(), returnStatements: [] };
}

/** The scope's bindings, binding a function's parameters first if that has not happened yet. */
export function scopeBindings(scope: Scope): Map<string, Binding[]> {
  if (scope.paramsPending) {
    scope.paramsPending = false;
    bindParams(scope);
  }
  return scope.bindings;
}

/** Values returned or yielded by a function, in source order. */
export function returnsOf(scope: Scope): Node[] {
  const out: Node[] = [];
  for (const st of scope.returnStatements) {
    const v = named(st)[0];
    if (v) out.push(v);
  }
  return out;
}

/** Decorator texts of a function or class (`@pytest.fixture`), read on first use. */
export function decoratorsOf(scope: Scope): string[] {
  if (!scope.decorators) {
    const decorators: string[] = [];
    const parent = scope.node.parent;
    if (parent && parent.type === 'decorated_definition') {
      for (const d of named(parent)) if (d.type === 'decorator') decorators.push(d.text);
    }
    scope.decorators = decorators;
  }
  return scope.decorators;
}

function bind(scope: Scope, name: string, b: Binding): void {
  const list = scope.bindings.get(name);
  if (list) list.push(b);
  else scope.bindings.set(name, [b]);
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Node types the index records, plus `interpolation` (below). Asking tree-sitter for just these in one
 * native walk (`descendantsOfType`) instead of stepping a TreeCursor over every node from JS is what
 * keeps indexing cheap: each cursor step crosses into WebAssembly and back, and most nodes are
 * punctuation and identifiers we never look at. The result is in document (pre-)order, as a walk's.
 */
const INDEXED_TYPES = [
  'import_statement', 'import_from_statement', 'function_definition', 'class_definition', 'assignment',
  'augmented_assignment', 'with_item', 'for_statement', 'for_in_clause', 'return_statement', 'yield', 'call',
  'interpolation',
];

export function buildFileIndex(root: Node): FileIndex {
  const module = newScope('module', root, null, '<module>');
  const index: FileIndex = {
    module, classes: new Map(), functions: new Map(), calls: [], moduleAttrs: new Map(), langchainAliases: new Map(),
    scopes: [module], storedMethods: new Set(), stubbed: new Map(), patchesSdk: false, starImports: [],
  };
  // Calls through an aliased LangChain import (`LC(...)`) carry none of the words above; they are
  // recorded by their alias, which only a file importing one under another name has.
  let aliasWord: RegExp | null = null;
  const stack: Scope[] = [module];
  // Nothing inside a string is code we index (docstrings included): an f-string's interpolations are
  // the only way a string holds indexed node types, so everything up to their end is skipped.
  let skipUntil = -1;
  for (const node of root.descendantsOfType(INDEXED_TYPES)) {
    if (!node) continue;
    const start = node.startIndex;
    if (start < skipUntil) continue;
    while (stack.length > 1 && stack[stack.length - 1].end <= start) stack.pop();
    const scope = stack[stack.length - 1];
    switch (node.type) {
      case 'interpolation': skipUntil = node.endIndex; break;
      case 'import_statement': case 'import_from_statement':
        if (recordImport(node, scope, index)) aliasWord = new RegExp(`\\b(?:${[...index.langchainAliases.keys()].join('|')})\\b`);
        break;
      case 'function_definition': case 'class_definition': {
        const inner = recordDefinition(node, scope, index);
        stack.push(inner);
        index.scopes.push(inner);
        break;
      }
      case 'assignment': recordAssignment(node, scope, index); break;
      case 'augmented_assignment': recordAugmented(node, scope); break;
      case 'with_item': recordWithItem(node, scope); break;
      case 'for_statement': case 'for_in_clause': recordOpaqueTargets(field(node, 'left'), scope); break;
      case 'return_statement': case 'yield':
        // The anonymous `yield` keyword shares the type name; it has no named children (returnsOf skips it).
        if (scope.kind === 'function') scope.returnStatements.push(node);
        break;
      case 'call':
        if (RECORDED_CALL_WORD.test(node.text) || (aliasWord && aliasWord.test(node.text))) recordCall(node, scope, index);
        break;
      default: break;
    }
  }
  if (index.storedMethods.size) {
    recordStoredMethodCalls(root, index);
    index.calls.sort((a, b) => a.node.startIndex - b.node.startIndex);
  }
  return index;
}

/** Binds the names an import introduces; true when it added a LangChain alias. */
function recordImport(node: Node, scope: Scope, index: FileIndex): boolean {
  const at = node.startIndex;
  const line = node.startPosition.row + 1;
  if (node.type === 'import_statement') {
    for (const n of named(node)) {
      if (n.type === 'aliased_import') {
        const name = field(n, 'name');
        const alias = field(n, 'alias');
        if (name && alias) bind(scope, alias.text, { kind: 'import', qualified: name.text, scope, at, module: name.text, name: null, line });
      } else if (n.type === 'dotted_name') {
        // `import os.path` binds `os`.
        const first = n.text.split('.')[0];
        bind(scope, first, { kind: 'import', qualified: first, scope, at, module: first, name: null, line });
      }
    }
    return false;
  }
  let aliased = false;
  const moduleNode = field(node, 'module_name');
  const moduleName = moduleNode ? moduleNode.text : '';
  if (scope.kind === 'module' && named(node).some((c) => c.type === 'wildcard_import')) index.starImports.push(moduleName);
  for (const n of node.childrenForFieldName('name')) {
    if (!n) continue;
    if (n.type === 'aliased_import') {
      const name = field(n, 'name');
      const alias = field(n, 'alias');
      if (name && alias) bind(scope, alias.text, { kind: 'import', qualified: `${moduleName}.${name.text}`, scope, at, module: moduleName, name: name.text, line });
      if (name && alias && LANGCHAIN_NAMES.has(name.text) && !LANGCHAIN_NAMES.has(alias.text) && /^\w+$/.test(alias.text)) {
        index.langchainAliases.set(alias.text, name.text);
        aliased = true;
      }
    } else {
      bind(scope, n.text, { kind: 'import', qualified: `${moduleName}.${n.text}`, scope, at, module: moduleName, name: n.text, line });
    }
  }
  return aliased;
}

function recordDefinition(node: Node, scope: Scope, index: FileIndex): Scope {
  const nameNode = field(node, 'name');
  const name = nameNode ? nameNode.text : '';
  const at = node.startIndex;
  if (node.type === 'class_definition') {
    const inner = newScope('class', node, scope, name);
    inner.attrs = new Map();
    bind(scope, name, { kind: 'class', node, classScope: inner, scope, at });
    pushTo(index.classes, name, inner);
    return inner;
  }
  const inner = newScope('function', node, scope, name);
  inner.paramsPending = true;
  bind(scope, name, { kind: 'def', node, fnScope: inner, scope, at });
  pushTo(index.functions, name, inner);
  return inner;
}

/** Binds a function's parameters ahead of whatever its body bound, as if done when the def was indexed. */
function bindParams(inner: Scope): void {
  const at = inner.node.startIndex;
  const params: [string, Binding][] = [];
  for (const p of named(field(inner.node, 'parameters'))) {
    let pname: Node | null = null;
    let fallback: Node | null = null;
    let annotation: Node | null = null;
    switch (p.type) {
      case 'identifier': pname = p; break;
      case 'default_parameter': pname = field(p, 'name'); fallback = field(p, 'value'); break;
      case 'typed_parameter': pname = named(p).find((c) => c.type === 'identifier') ?? null; annotation = field(p, 'type'); break;
      case 'typed_default_parameter': pname = field(p, 'name'); annotation = field(p, 'type'); fallback = field(p, 'value'); break;
      case 'list_splat_pattern': case 'dictionary_splat_pattern': pname = named(p)[0] ?? null; break;
      default: break;
    }
    if (pname && pname.type === 'identifier') {
      params.push([pname.text, { kind: 'param', fallback, annotation, scope: inner, at, name: pname.text }]);
    }
  }
  for (let i = params.length - 1; i >= 0; i--) {
    const [name, b] = params[i];
    const list = inner.bindings.get(name);
    if (list) list.unshift(b);
    else inner.bindings.set(name, [b]);
  }
}

/** The class whose method `scope` is, when the name is the method's first parameter (`self`). */
function selfClass(scope: Scope, receiver: Node): Scope | null {
  if (scope.kind !== 'function' || !scope.parent || scope.parent.kind !== 'class') return null;
  const params = named(field(scope.node, 'parameters'));
  const first = params[0];
  const firstName = first && (first.type === 'identifier' ? first.text : field(first, 'name')?.text ?? named(first)[0]?.text);
  return receiver.type === 'identifier' && receiver.text === firstName ? scope.parent : null;
}

/**
 * `Service.client = Groq(...)` in a method: a class attribute set through the class's own name. The
 * walk is in document order, so a class defined in this file is indexed before its methods are.
 */
function namedClass(index: FileIndex, receiver: Node): Scope | null {
  if (receiver.type !== 'identifier') return null;
  const classes = index.classes.get(receiver.text);
  return classes && classes.length === 1 ? classes[0] : null;
}

function valueOf(node: Node | null): Node | null {
  // `a = b = value`: the value of the outer assignment is the inner one's value.
  let n = node;
  for (let i = 0; n && n.type === 'assignment' && i < 64; i++) n = field(n, 'right');
  return n;
}

function recordAssignment(node: Node, scope: Scope, index: FileIndex): void {
  const left = field(node, 'left');
  const right = valueOf(field(node, 'right'));
  const annotation = field(node, 'type');
  const at = node.startIndex;
  if (!left) return;
  if (isSdkMethodRef(right)) {
    const name = left.type === 'identifier' ? left.text : left.type === 'attribute' ? field(left, 'attribute')?.text : undefined;
    if (name) index.storedMethods.add(name);
  }
  if (left.type === 'attribute' && isSdkMethodRef(left)) index.stubbed.set(left.text.replace(/\s+/g, ''), right);
  // `sys.modules["openai"] = MagicMock()`
  if (left.type === 'subscript' && /^sys\.modules$/.test(field(left, 'value')?.text ?? '') && SDK_NAMED.test(field(left, 'subscript')?.text ?? '')) {
    index.patchesSdk = true;
  }
  if (left.type === 'identifier') {
    if (right) bind(scope, left.text, { kind: 'value', value: right, annotation, scope, at });
    else if (annotation) bind(scope, left.text, { kind: 'annotation', annotation, scope, at });
    if (scope.kind === 'class' && scope.attrs) {
      if (right) pushTo(scope.attrs, left.text, { kind: 'value', value: right, annotation, scope, at });
      else if (annotation) pushTo(scope.attrs, left.text, { kind: 'annotation', annotation, scope, at });
    }
    return;
  }
  if (left.type === 'attribute') {
    const obj = unparen(field(left, 'object'));
    const attr = field(left, 'attribute');
    if (!obj || !attr) return;
    const cls = selfClass(scope, obj) ?? namedClass(index, obj);
    if (cls && cls.attrs) {
      const b: Binding = right ? { kind: 'value', value: right, annotation, scope, at } : annotation ? { kind: 'annotation', annotation, scope, at } : { kind: 'opaque', scope, at };
      pushTo(cls.attrs, attr.text, b);
    } else if (obj.type === 'identifier' && right) {
      pushTo(index.moduleAttrs, `${obj.text}.${attr.text}`, { value: right, scope });
    }
    return;
  }
  if (left.type === 'subscript' && right) {
    const obj = unparen(field(left, 'value'));
    const key = field(left, 'subscript');
    if (obj && obj.type === 'identifier' && key && key.type === 'string') {
      pushTo(scope.mutations, obj.text, { kind: 'setitem', key: key.text.slice(1, -1), value: right, at });
    }
    return;
  }
  if ((left.type === 'pattern_list' || left.type === 'tuple_pattern') && right && (right.type === 'expression_list' || right.type === 'tuple')) {
    const ls = named(left);
    const rs = named(right);
    if (ls.length === rs.length) {
      ls.forEach((l, i) => {
        if (l.type === 'identifier') bind(scope, l.text, { kind: 'value', value: rs[i], annotation: null, scope, at });
      });
      return;
    }
  }
  recordOpaqueTargets(left, scope);
}

function recordOpaqueTargets(left: Node | null, scope: Scope): void {
  if (!left) return;
  const at = left.startIndex;
  if (left.type === 'identifier') bind(scope, left.text, { kind: 'opaque', scope, at });
  else if (left.type === 'pattern_list' || left.type === 'tuple_pattern' || left.type === 'list_pattern') {
    for (const c of named(left)) recordOpaqueTargets(c, scope);
  }
}

function recordAugmented(node: Node, scope: Scope): void {
  const left = field(node, 'left');
  const right = field(node, 'right');
  const op = field(node, 'operator');
  if (!left || !right) return;
  if (left.type === 'identifier' && op && op.text === '+=') {
    pushTo(scope.mutations, left.text, { kind: 'augadd', value: right, at: node.startIndex });
  } else if (left.type === 'identifier') {
    bind(scope, left.text, { kind: 'opaque', scope, at: node.startIndex });
  }
}

function recordWithItem(node: Node, scope: Scope): void {
  const value = field(node, 'value');
  if (!value || value.type !== 'as_pattern') return;
  const target = field(value, 'alias');
  const source = named(value)[0];
  const id = target ? named(target)[0] ?? target : null;
  if (id && id.type === 'identifier' && source) {
    bind(scope, id.text, { kind: 'value', value: source, annotation: null, scope, at: node.startIndex });
  }
}

function recordCall(node: Node, scope: Scope, index: FileIndex): void {
  const fn = unparen(field(node, 'function'));
  if (!fn) return;
  if (fn.type === 'call') {
    // `sync_to_async(client.chat.completions.create)(model=..., messages=...)`
    const inner = unparen(field(fn, 'function'));
    const innerLast = inner?.type === 'identifier' ? inner.text : inner?.type === 'attribute' ? field(inner, 'attribute')?.text : undefined;
    const target = innerLast && WRAPPER_LAST.has(innerLast) ? methodArgument(fn, index) : null;
    if (target) index.calls.push({ node, scope, forwarded: target, via: 'wrapper' });
    return;
  }
  let last: string | null = null;
  if (fn.type === 'identifier') last = fn.text;
  else if (fn.type === 'attribute') last = field(fn, 'attribute')?.text ?? null;
  if (!last) return;
  if (CANDIDATE_LAST.has(last) || index.langchainAliases.has(last)) {
    index.calls.push({ node, scope });
    return;
  }
  if (recordPatch(node, fn, index)) return;
  const target = methodArgument(node, index);
  if (target) {
    // A library forwarder (checked by import), or perhaps a same-file retry helper (checked by its body).
    index.calls.push({ node, scope, forwarded: target, via: FORWARDER_LAST.has(last) ? 'library' : 'local' });
    return;
  }
  if ((last === 'append' || last === 'extend') && fn.type === 'attribute') {
    const { root, segments } = attributeChain(fn);
    const arg = named(field(node, 'arguments'))[0];
    if (root.type === 'identifier' && segments.length === 1 && arg) {
      pushTo(scope.mutations, root.text, { kind: last, value: arg, at: node.startIndex });
    }
  }
  if (last === 'update' && fn.type === 'attribute') {
    // `params.update({"model": ...})`: the whole call is kept, its arguments read when applied.
    const { root, segments } = attributeChain(fn);
    if (root.type === 'identifier' && segments.length === 1) pushTo(scope.mutations, root.text, { kind: 'update', value: node, at: node.startIndex });
  }
}
