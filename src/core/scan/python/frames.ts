// Which argument of a call a parameter of the called function takes: by keyword, else by position
// (a method's `self` is not passed), never through `*args`/`**kwargs` we cannot see into.
import type { Node } from './tree';
import { field, named } from './tree';
import type { Scope } from './indexTypes';
import type { Frame } from './valueModel';

/** The parameter names of a function, in order, and where keyword-only parameters start. */
function parameters(fn: Scope): { names: string[]; keywordOnlyFrom: number } {
  const names: string[] = [];
  let keywordOnlyFrom = Number.MAX_SAFE_INTEGER;
  for (const p of named(field(fn.node, 'parameters'))) {
    if (p.type === 'list_splat_pattern' || p.type === 'keyword_separator') { keywordOnlyFrom = Math.min(keywordOnlyFrom, names.length); continue; }
    if (p.type === 'dictionary_splat_pattern' || p.type === 'positional_separator') continue;
    const id = p.type === 'identifier' ? p : field(p, 'name') ?? named(p).find((c) => c.type === 'identifier') ?? null;
    if (id) names.push(id.text);
  }
  return { names, keywordOnlyFrom };
}

/** The argument node; null when the call passes nothing for it; 'unknown' when `*args`/`**kwargs` may hold it. */
export function frameArgument(frame: Frame, fn: Scope, name: string): Node | null | 'unknown' {
  const list = field(frame.call, 'arguments');
  if (!list || list.type !== 'argument_list') return null;
  const positional: Node[] = [];
  let listSplat = false;
  let dictSplat = false;
  for (const a of named(list)) {
    if (a.type === 'keyword_argument') {
      if (field(a, 'name')?.text === name) return field(a, 'value');
    } else if (a.type === 'dictionary_splat') dictSplat = true;
    else if (a.type === 'list_splat') listSplat = true;
    else positional.push(a);
  }
  const { names, keywordOnlyFrom } = parameters(fn);
  const index = names.indexOf(name);
  const pos = index - (frame.method ? 1 : 0);
  if (index >= 0 && index < keywordOnlyFrom && pos >= 0) {
    if (listSplat) return 'unknown';
    if (pos < positional.length) return positional[pos];
  }
  return dictSplat ? 'unknown' : null;
}
