// Whether a scheduler run goes on, and why it stopped. Stopping closes the slots (nothing new is
// sent); cancelling — by the user, a failed write, or an endpoint that answers nothing — also
// aborts every attempt in flight. Each running item has an abort flag of its own, aborted with the
// run: one listener per item instead of one per sleep and attempt on a shared signal.
import { AbortFlag } from './abortFlag';
import type { StopReason } from './records';

export class RunControl {
  private readonly controller = new AbortController();
  private readonly flags = new Set<AbortFlag>();
  reason: StopReason | null = null;
  detail: string | null = null;
  /** An unexpected exception: rethrown by the scheduler once everything has settled. */
  fatal: unknown = null;

  constructor(private readonly onStop: () => void) {
    this.controller.signal.addEventListener('abort', () => { for (const f of this.flags) f.abort(); }, { once: true });
  }

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  get stopped(): boolean {
    return this.reason !== null || this.aborted || this.fatal !== null;
  }

  /** A budget stop lets in-flight attempts finish and may still turn into a cancellation. */
  stop(reason: StopReason, detail: string | null): void {
    if (this.reason && this.reason !== 'budget') return;
    if (this.reason === 'budget' && reason !== 'cancelled') return;
    this.reason = reason;
    this.detail = detail;
    this.onStop();
    if (reason === 'cancelled' || reason === 'unreachable') this.controller.abort();
  }

  failed(e: unknown, detail: string): void {
    this.fatal ??= e;
    this.stop('cancelled', detail);
  }

  /** A flag for one item's attempts, aborted with the run. */
  newFlag(): AbortFlag {
    const f = new AbortFlag();
    this.flags.add(f);
    if (this.aborted) f.abort();
    return f;
  }

  dropFlag(f: AbortFlag): void {
    this.flags.delete(f);
  }
}
