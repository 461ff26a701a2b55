// Work on one file at a time per file: a debounce timer per file (edits come in bursts), and runs
// for the same file serialised so an older scan never lands after a newer one.

export class PerFileQueue<T> {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly inflight = new Map<string, Promise<void>>();

  constructor(
    private readonly keyOf: (item: T) => string,
    private readonly work: (item: T) => Promise<void>,
    private readonly onError: (item: T, error: unknown) => void,
  ) {}

  /** Runs `work(item)` once `delayMs` pass without another schedule for the same file. */
  schedule(item: T, delayMs: number): void {
    const key = this.keyOf(item);
    this.cancel(key);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.run(item);
    }, delayMs));
  }

  cancel(key: string): void {
    const t = this.timers.get(key);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(key);
  }

  /** Runs `work(item)` after any run for the same file; failures go to `onError`, never reject. */
  run(item: T): Promise<void> {
    const key = this.keyOf(item);
    const run = (this.inflight.get(key) ?? Promise.resolve()).then(() => this.work(item)).catch((e) => this.onError(item, e));
    this.inflight.set(key, run);
    void run.finally(() => { if (this.inflight.get(key) === run) this.inflight.delete(key); });
    return run;
  }

  get busy(): boolean {
    return this.timers.size > 0 || this.inflight.size > 0;
  }

  /** Resolves once nothing is scheduled or running (timers are waited out by polling every `pollMs`). */
  async settle(pollMs: number): Promise<void> {
    while (this.busy) {
      if (this.inflight.size) await Promise.all(this.inflight.values());
      else await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
