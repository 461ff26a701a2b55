// A call's keyword arguments as the request sees them: written at the call, or spread in with
// `**params` from a dict built in the same function or file. Positionals are kept for the few
// APIs that take them (init_chat_model).
import type { Node } from './tree';
import { callArgs, forwardedArgs } from './tree';
import type { Scope } from './fileIndex';
import { evaluate, keysSetAfter, type Evaluator } from './values';
import type { Val } from './valueModel';

export interface ArgEntry {
  /** The argument's expression (for a spread dict, the dict entry's value), when known. */
  node: Node | null;
  /** Pre-evaluated value for spread entries; direct arguments are evaluated on demand. */
  val: Val | null;
  /** True when written at the call itself. */
  direct: boolean;
}

export interface EffectiveArgs {
  get(key: string): ArgEntry | undefined;
  keys(): string[];
  positional: Node[];
}

/** `forwarded`: the call is a forwarder (`asyncio.to_thread(method, ...)`) whose first argument is the method. */
export function effectiveArgs(ev: Evaluator, call: Node, scope: Scope, at: number, forwarded = false): EffectiveArgs {
  const raw = forwarded ? forwardedArgs(call) : callArgs(call);
  const map = new Map<string, ArgEntry>();
  // Spread first: explicit keywords win, as they would in Python (a duplicate is a TypeError anyway).
  for (const splat of raw.splats) {
    const v = evaluate(ev, splat, scope, at);
    // A dict not known as a whole may still have the keys set after it was made.
    const entries = v.k === 'dict' ? v.entries : keysSetAfter(ev, splat, scope, at);
    for (const e of entries) map.set(e.key, { node: e.node, val: e.val, direct: false });
  }
  for (const [key, node] of raw.keywords) map.set(key, { node, val: null, direct: true });
  return { get: (k) => map.get(k), keys: () => [...map.keys()], positional: raw.positional };
}

/** The value of an argument, evaluated with `ev` (prompt or model mode). */
export function argValue(ev: Evaluator, entry: ArgEntry, scope: Scope, at: number): Val {
  if (entry.node) return evaluate(ev, entry.node, scope, entry.direct ? at : Math.max(at, entry.node.startIndex));
  return entry.val ?? { k: 'unknown', node: null };
}
