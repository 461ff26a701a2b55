// Choices among traced values: the ids a registry, switch, condition or several callers give, and
// the partial list when some of them are not known statically (its stop hop says which). Pure.
import type { ModelHop } from '../../callsite';
import { readsAsModelId } from '../common/modelIds';
import { UNKNOWN, type StrVal, type Val } from './valueModel';
import { prepend } from './traceHops';

export function isId(v: Val): v is StrVal {
  return v.k === 'str' && !v.holes.length && v.s.trim() !== '';
}

/**
 * The ids among `vals` as one choice, or null when one of them is not an id. None among them (a
 * caller that passes nothing to `model=None`) makes the choice `absent`, for `or` to fill.
 */
export function choiceOf(vals: readonly Val[], via: ModelHop[] = []): Val | null {
  const options: StrVal[] = [];
  let absent = false;
  let partial: ModelHop | undefined;
  for (const v of vals) {
    if (v.k === 'none' || (v.k === 'choice' && v.absent)) absent = true;
    if (v.k === 'choice' && v.partial) partial ??= v.partial;
    if (v.k === 'none') continue;
    const parts = v.k === 'choice' ? v.options.map((o) => prepend(o, v.via ?? []) as StrVal) : [v];
    for (const p of parts) {
      if (!isId(p)) return null;
      if (!options.some((o) => o.s === p.s)) options.push(p);
    }
  }
  if (!options.length) return absent ? { k: 'none' } : null;
  if (options.length === 1 && !absent && !partial) return prepend(options[0], via);
  return { k: 'choice', options, via, ...(absent ? { absent } : {}), ...(partial ? { partial } : {}) };
}

/**
 * The known ids among `vals` when the others are values not known statically (a caller passing a
 * request field, `model or DEFAULT` with `model` unknown): a partial choice, whose stop hop says
 * which path is unknown; null when no id is known or a value is known but not an id.
 */
export function partialChoice(vals: readonly Val[], via: ModelHop[] = []): Val | null {
  const unknown = vals.find((v) => v.k === 'unknown' || v.k === 'env');
  const known = vals.filter((v) => v.k !== 'unknown' && v.k !== 'env');
  if (!unknown || !known.some((v) => isId(v) || v.k === 'choice')) return null;
  const c = choiceOf(known, via);
  if (!c || c.k === 'none' || (c.k === 'choice' && c.absent)) return null;
  const options = c.k === 'choice' ? c.options : [c as StrVal];
  const cvia = c.k === 'choice' ? c.via ?? [] : [];
  return { k: 'choice', options: c.k === 'choice' ? options : [{ ...options[0], via: options[0].via }], via: cvia, partial: partialStop(unknown) };
}

function partialStop(v: Val): ModelHop {
  const stop = v.k === 'unknown' ? v.stop : undefined;
  const { follow: _f, ...hop } = stop ?? { kind: 'stop' as const, path: '', line: 0, text: '' };
  const why = stop?.reason ?? (v.k === 'env' ? `an environment variable${v.name ? ` ${v.name}` : ''} with no default` : 'a value not known statically');
  return { ...hop, kind: 'stop', reason: `the list may be incomplete: ${why}` };
}

/** The first unknown among `vals` (its stop says why), else a plain unknown; never a continuation: it is one of several values. */
export function firstUnknown(vals: readonly Val[]): Val {
  const u = vals.find((v) => v.k === 'unknown' && (v.stop || v.via));
  return u && u.k === 'unknown' ? withFollowKey(u, null) : UNKNOWN;
}

/** An unknown at the file's edge read further (`settings.model`): the member joins its continuation. */
export function withFollowKey(v: Extract<Val, { k: 'unknown' }>, key: string | null): Val {
  const f = v.stop?.follow;
  if (!f) return v;
  const stop = { ...v.stop! };
  if (key === null) delete stop.follow;
  else stop.follow = { ...f, path: [...f.path, key] };
  return { ...v, stop };
}

/** Every id of a registry: only when every entry reads as a model id (a dict of prompts is no registry). */
export function registryChoice(vals: readonly Val[], via: ModelHop[]): Val | null {
  if (!vals.length || !vals.every((v) => v.k === 'str' && readsAsModelId(v.s))) return null;
  return choiceOf(vals, via);
}
