// The cancellation the scheduler hands a client with each request: an aborted flag and 'abort'
// listeners, nothing else. Not an AbortController: node builds each one's signal through its
// EventTarget machinery, and in node 20 those signals outlive young-generation GCs even when
// dropped at once — with one a request they were the largest thing left filling the old
// generation in bench/replay (~0.7 KB a request; peak RSS at 20,000 results ~130-145 MB with them,
// ~112-126 MB without), and building them showed in the CPU profile too.
import type { AbortSignalLike } from '../ports';

export class AbortFlag implements AbortSignalLike {
  private flag = false;
  private listeners: (() => void)[] | null = null;

  get aborted(): boolean {
    return this.flag;
  }

  /** Listeners run once, on abort, whatever `once` says: a flag is aborted at most once. */
  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.flag) return;
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const l = this.listeners;
    if (!l) return;
    const i = l.indexOf(listener);
    if (i >= 0) l.splice(i, 1);
  }

  abort(): void {
    if (this.flag) return;
    this.flag = true;
    const l = this.listeners;
    this.listeners = null;
    if (l) for (const fn of l) fn();
  }
}
