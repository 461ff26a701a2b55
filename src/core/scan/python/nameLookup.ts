// Which bindings a Python name refers to at a point of the file, as a reader resolves it: the
// enclosing scopes (class bodies excepted), imports, `self.x` / `Cls.X` class attributes and
// same-file base classes. Pure lookups over the file index; evaluating what is found is values.ts'.
import type { Node } from './tree';
import { dottedName, field, named } from './tree';
import { scopeBindings, type Binding, type FileIndex, type Scope } from './fileIndex';

/** Bindings visible for `name` at offset `at` in `scope`, with the scope they were found in. */
export function lookup(name: string, scope: Scope, at: number): { bindings: Binding[]; scope: Scope; restricted: boolean } | null {
  let s: Scope | null = scope;
  let innermost = true;
  while (s) {
    // A class body is not an enclosing scope for the functions inside it.
    if (s.kind === 'class' && !innermost) { s = s.parent; continue; }
    const list = scopeBindings(s).get(name);
    if (list && list.length) {
      // Code runs top to bottom in its own scope; an enclosing scope is complete by the time a
      // function body runs, so every binding there counts.
      if (innermost) {
        const before = list.filter((b) => b.at < at);
        // Straight-line code: an assignment at the top level of the body replaces what came before
        // it (`model = model or DEFAULT`); assignments under if/for/try stay ambiguous together.
        const last = before[before.length - 1];
        const chosen = last && isUnconditional(last, s) ? [last] : before;
        return { bindings: chosen.length ? chosen : list.filter((b) => b.kind === 'param'), scope: s, restricted: true };
      }
      return { bindings: list, scope: s, restricted: false };
    }
    innermost = false;
    s = s.parent;
  }
  return null;
}

function isUnconditional(b: Binding, scope: Scope): boolean {
  if (b.kind !== 'value') return false;
  let statement = b.value.parent?.parent;
  // `with open(...) as f:` binds f as surely as an assignment does.
  if (b.value.parent?.type === 'as_pattern') statement = b.value.parent.parent?.parent?.parent;
  const body = scope.kind === 'module' ? scope.node : field(scope.node, 'body');
  return !!statement && (statement.type === 'expression_statement' || statement.type === 'with_statement') && !!body && statement.parent?.id === body.id;
}

/** The import a name refers to (`OpenAI` → `openai.OpenAI`), bare names as themselves, else null. */
export function qualifiedName(node: Node | null, scope: Scope, at: number): string | null {
  const dotted = dottedName(node);
  if (!dotted) return null;
  const [root, ...rest] = dotted.split('.');
  const found = lookup(root, scope, at);
  if (!found) return dotted;
  const imp = found.bindings.find((b) => b.kind === 'import');
  if (imp && imp.kind === 'import') return [imp.qualified, ...rest].join('.');
  return null;
}

/** `self.x` and `Cls.X` for classes in this file, with same-file base classes. */
export function classAttrBindings(index: FileIndex, cls: Scope, attr: string, seen = new Set<Scope>()): Binding[] {
  if (seen.has(cls) || seen.size > 16) return [];
  seen.add(cls);
  const own = cls.attrs?.get(attr);
  if (own && own.length) return own;
  for (const base of named(field(cls.node, 'superclasses'))) {
    if (base.type !== 'identifier') continue;
    for (const b of index.classes.get(base.text) ?? []) {
      const found = classAttrBindings(index, b, attr, seen);
      if (found.length) return found;
    }
  }
  return [];
}

/** The class a receiver refers to: `self`/`cls` in a method, a same-file class name, or an instance of one. */
export function receiverClass(index: FileIndex, obj: Node, scope: Scope): Scope | null {
  return ownClass(index, obj, scope) ?? (obj.type === 'identifier' ? instanceClass(index, obj, scope) : null);
}

/**
 * `self`/`cls` in a method, or a same-file class name — not an instance. Model tracing follows an
 * instance itself (its binding is a hop, and a settings instance's fields may come from `.env`).
 */
export function ownClass(index: FileIndex, obj: Node, scope: Scope): Scope | null {
  if (obj.type !== 'identifier') return null;
  let s: Scope | null = scope;
  while (s && s.kind === 'function' && s.parent?.kind === 'function') s = s.parent;
  if (s && s.kind === 'function' && s.parent?.kind === 'class') {
    const first = named(field(s.node, 'parameters'))[0];
    const firstName = first && (first.type === 'identifier' ? first.text : field(first, 'name')?.text);
    if (firstName === obj.text) return s.parent;
  }
  const classes = index.classes.get(obj.text);
  return classes && classes.length === 1 ? classes[0] : null;
}

/**
 * `settings = Settings()` or `s: Settings = settings` with `class Settings` in this file: its
 * attributes are the class's (a settings object's defaults are its class attributes).
 */
function instanceClass(index: FileIndex, obj: Node, scope: Scope): Scope | null {
  const found = lookup(obj.text, scope, obj.startIndex);
  if (!found || found.bindings.length !== 1) return null;
  const b = found.bindings[0];
  let className: string | null = null;
  if ((b.kind === 'param' || b.kind === 'value' || b.kind === 'annotation') && b.annotation) className = dottedName(b.annotation.type === 'type' ? named(b.annotation)[0] ?? null : b.annotation);
  if (!className && b.kind === 'value' && b.value.type === 'call' && named(field(b.value, 'arguments')).length === 0) className = dottedName(field(b.value, 'function'));
  const classes = className ? index.classes.get(className) : undefined;
  return classes && classes.length === 1 ? classes[0] : null;
}
