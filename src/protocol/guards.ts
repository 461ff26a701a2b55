// Small runtime guards for messages that cross the host↔webview boundary. Each guard checks a value
// and narrows its type; `obj` takes one guard per field, so a message type and its guard cannot
// drift apart without a type error. No dependencies: the webview bundle stays small.

export type Guard<T> = (v: unknown) => v is T;

export const isStr: Guard<string> = (v): v is string => typeof v === 'string';
export const isNum: Guard<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);
export const isBool: Guard<boolean> = (v): v is boolean => typeof v === 'boolean';

export function literal<const L extends string>(...values: L[]): Guard<L> {
  return (v): v is L => typeof v === 'string' && (values as string[]).includes(v);
}

export function nullable<T>(g: Guard<T>): Guard<T | null> {
  return (v): v is T | null => v === null || g(v);
}

export function optional<T>(g: Guard<T>): Guard<T | undefined> {
  return (v): v is T | undefined => v === undefined || g(v);
}

export function arrayOf<T>(g: Guard<T>): Guard<T[]> {
  return (v): v is T[] => Array.isArray(v) && v.every((x) => g(x));
}

/** An object with exactly-typed fields (extra fields are tolerated and ignored). */
export function obj<T extends object>(shape: { [K in keyof T]-?: Guard<T[K]> }): Guard<T> {
  const entries = Object.entries(shape) as [string, Guard<unknown>][];
  return (v): v is T => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const o = v as Record<string, unknown>;
    return entries.every(([k, g]) => g(o[k]));
  };
}

/** One of several shapes told apart by their `type` field. */
export function tagged<T extends { type: string }>(byType: { [K in T['type']]: Guard<Extract<T, { type: K }>> }): Guard<T> {
  const table = byType as Record<string, Guard<T>>;
  return (v): v is T => {
    if (typeof v !== 'object' || v === null) return false;
    const t = (v as { type?: unknown }).type;
    return typeof t === 'string' && Object.prototype.hasOwnProperty.call(table, t) && table[t](v);
  };
}
