// `if not self.config.model: self.config.model = "gpt-4o-mini"` in the class: when the attribute
// itself cannot be known (a configuration object the caller hands in), the id the class fills in
// when it is unset is one the code uses. Reported as a partial list: the caller's configuration
// may set another.
import type { ModelHop } from '../../callsite';
import type { Node } from './tree';
import { field } from './tree';
import type { Scope } from './indexTypes';
import type { StrVal, Val } from './valueModel';
import { evaluate, type Evaluator } from './values';
import { hopAt } from './traceHops';

function classOf(scope: Scope): Scope | null {
  for (let s: Scope | null = scope; s; s = s.parent) if (s.kind === 'class') return s;
  return null;
}

const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The id assigned to `n` (an attribute chain of `self`) under `if not <n>:` / `if <n> is None:` in its class. */
export function guardedDefault(ev: Evaluator, n: Node, scope: Scope, depth: number, unknownStop: ModelHop | undefined): Val | null {
  const chain = n.text;
  if (!/^self(\.\w+){2,}$/.test(chain)) return null;
  const cls = classOf(scope);
  if (!cls) return null;
  const text = cls.node.text;
  const c = escape(chain);
  const guard = new RegExp(`\\bif\\s+(?:not\\s+${c}|${c}\\s+is\\s+None)\\s*:\\s*\\n\\s*(${c})\\s*=(?!=)`);
  const m = guard.exec(text);
  if (!m) return null;
  const at = cls.node.startIndex + m.index + m[0].length - m[0].slice(m[0].lastIndexOf(m[1])).length;
  const target = cls.node.descendantForIndex(at, at + chain.length);
  let assign: Node | null = target;
  while (assign && assign.type !== 'assignment') assign = assign.parent;
  const right = assign ? field(assign, 'right') : null;
  if (!assign || !right) return null;
  const v = evaluate(ev, right, cls, right.startIndex, depth + 1);
  if (v.k !== 'str' || v.holes.length || !v.s.trim()) return null;
  const hop = hopAt(ev, 'attribute', assign, { name: chain.slice('self.'.length) });
  const why = unknownStop?.reason ?? `\`${chain}\` is not known statically`;
  const { follow: _f, ...stop } = unknownStop ?? hopAt(ev, 'stop', n);
  return { k: 'choice', options: [{ ...(v as StrVal), via: [hop, ...(v.via ?? [])] }], via: [], partial: { ...stop, kind: 'stop', reason: `the list may be incomplete: the id is set when \`${chain}\` is unset; otherwise ${why}` } };
}
