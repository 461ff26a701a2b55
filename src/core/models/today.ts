// "Today" for model lifecycles. Verdicts (retired, retiring) change with the date, so every front end
// asks this one function, and a pinned date (a setting, PROMPTSHIFT_TODAY, a test) wins over the clock.
import { isIsoDate } from './catalog';

export const TODAY_ENV = 'PROMPTSHIFT_TODAY';

/** The local calendar date of `now` as YYYY-MM-DD: "today" for the person reading the verdict. */
export function localIsoDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export interface Today {
  date: string;
  /** True when the date came from a pin rather than the clock. */
  pinned: boolean;
  /** A pin that was given but is not a date (shown to the user, then ignored). */
  invalidPin?: string;
}

/** The first pin that is a real YYYY-MM-DD date, else the clock's local date. Blank pins are absent. */
export function resolveToday(pins: ReadonlyArray<string | null | undefined>, now: Date): Today {
  let invalidPin: string | undefined;
  for (const raw of pins) {
    const pin = raw?.trim();
    if (!pin) continue;
    if (isIsoDate(pin)) return { date: pin, pinned: true };
    invalidPin ??= pin;
  }
  return { date: localIsoDate(now), pinned: false, ...(invalidPin !== undefined ? { invalidPin } : {}) };
}
