// The files of a path scan that workers may take (scanPool.ts scanPaths). Every thread takes the
// next file by bumping one counter in shared memory, so no file is taken twice and none waits in a
// thread that is busy: the calling thread, once its own share is done, takes files from the same
// counter, and the scan ends when the last file is done, not when the slowest thread's batch is.

/** Takes the next index below `limit` from `counter[0]`, or -1 when every one is taken. */
export function claimNext(counter: Int32Array, limit: number): number {
  for (;;) {
    const taken = Atomics.load(counter, 0);
    if (taken >= limit) return -1;
    if (Atomics.compareExchange(counter, 0, taken, taken + 1) === taken) return taken;
  }
}

/** What a worker is sent of a queue: who it belongs to and the paths added since the last message. */
export interface QueueMessage {
  queue: { id: number; root: string; maxFileBytes?: number; claimed: Int32Array; paths: string[]; prepareScripts?: boolean };
}

/** The calling thread's side of one queue: the paths, which of them are done, and who waits. */
export class ClaimQueue {
  readonly claimed = new Int32Array(new SharedArrayBuffer(4));
  readonly paths: string[] = [];
  /** Paths the workers have been sent. */
  published = 0;
  private readonly slots: number[] = [];
  private readonly done: Uint8Array[] = [];
  private doneCount = 0;
  private sealed = false;
  private onAllDone: (() => void) | undefined;
  private whenAllDone: Promise<void> | undefined;

  /** `prepareScripts`: workers read and prefilter TypeScript/JavaScript files and send back what is left to parse. */
  constructor(readonly id: number, readonly root: string, readonly maxFileBytes: number | undefined, readonly prepareScripts = false) {}

  get length(): number {
    return this.paths.length;
  }

  /** Adds the file at `path`, whose scan belongs in the scan's slot `slot`. */
  add(path: string, slot: number): void {
    this.paths.push(path);
    this.slots.push(slot);
  }

  /** The message that sends workers the paths they have not been sent, or null if none. */
  unpublishedMessage(): QueueMessage | null {
    if (this.published === this.paths.length) return null;
    const paths = this.paths.slice(this.published);
    this.published = this.paths.length;
    return this.message(paths);
  }

  /** The message that sends a worker started late every path published so far. */
  catchUpMessage(): QueueMessage | null {
    return this.published ? this.message(this.paths.slice(0, this.published)) : null;
  }

  /** The next file for the calling thread, which may take any, published or not. */
  claim(): number {
    return claimNext(this.claimed, this.paths.length);
  }

  slotOf(index: number): number {
    return this.slots[index];
  }

  /** Marks a file done; false if it already was (a file recovered from a dead worker, answered late). */
  markDone(index: number): boolean {
    const page = this.done[index >> 12] ??= new Uint8Array(4096);
    if (page[index & 4095]) return false;
    page[index & 4095] = 1;
    this.doneCount++;
    if (this.sealed && this.doneCount === this.paths.length) this.onAllDone?.();
    return true;
  }

  isDone(index: number): boolean {
    return !!this.done[index >> 12]?.[index & 4095];
  }

  /** Files taken by some thread and not done: what a dead worker may have held. */
  *takenNotDone(): Generator<number> {
    const taken = Math.min(Atomics.load(this.claimed, 0), this.paths.length);
    for (let i = 0; i < taken; i++) if (!this.isDone(i)) yield i;
  }

  /** Resolves once every file added is done; no file may be added after. The same promise each call. */
  allDone(): Promise<void> {
    if (this.whenAllDone) return this.whenAllDone;
    this.sealed = true;
    this.whenAllDone = this.doneCount === this.paths.length ? Promise.resolve() : new Promise((resolve) => { this.onAllDone = resolve; });
    return this.whenAllDone;
  }

  private message(paths: string[]): QueueMessage {
    return { queue: { id: this.id, root: this.root, maxFileBytes: this.maxFileBytes, claimed: this.claimed, paths, prepareScripts: this.prepareScripts } };
  }
}
