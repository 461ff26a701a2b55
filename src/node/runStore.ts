// The run directory on disk (.promptshift/runs/<runId>/): plan.json and summary.json written
// atomically (temp file + rename), results.jsonl appended one record a line — written within the
// tick it arrives (every record appended in one turn of the event loop goes out in one write) and
// fsync'd before the append resolves. fsyncs are group-committed: one covers every record written
// before it began, each append still resolving only once durable — that keeps the engine at
// thousands of records a second on disks where fsync takes milliseconds.
import { createReadStream, writeSync } from 'node:fs';
import { mkdir, open, readFile, rename, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chunked, prettyJsonFile } from './jsonChunks';
import type { RunStore } from '../core/replay/ports';
import type { ResultRecord, RunPlanFile, RunSummary } from '../core/replay/records';

export const PLAN_FILE = 'plan.json';
export const RESULTS_FILE = 'results.jsonl';
export const SUMMARY_FILE = 'summary.json';

export function runsDir(root: string): string {
  return join(root, '.promptshift', 'runs');
}

async function writeAtomic(path: string, text: string | Iterable<string>): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    if (typeof text === 'string') await fh.writeFile(text);
    else for (const chunk of text) await fh.write(chunk);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

/** Writes all of `buf` at the file's end (write(2) may write less than asked: the rest follows). */
function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
}

interface Waiter { resolve: () => void; reject: (e: unknown) => void }

export interface RunStoreOptions {
  /**
   * The shortest time between two fsyncs of results.jsonl (group commit). Records are written the
   * moment they arrive either way; this only decides how many share one fsync. Default 10 ms.
   */
  syncIntervalMs?: number;
}

export class NodeRunStore implements RunStore {
  private fh: FileHandle | null = null;
  private opening: Promise<FileHandle> | null = null;
  /** Lines that arrived before results.jsonl was open; written first thing once it is. */
  private early: string[] = [];
  /** Lines appended in this turn of the event loop, written together at its end (setImmediate). */
  private pending: string[] = [];
  private pendingWaiters: Waiter[] = [];
  private flushQueued = false;
  /** Appends written but not yet covered by an fsync. */
  private waiters: Waiter[] = [];
  private syncing = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSync = -Infinity;
  private readonly syncIntervalMs: number;

  constructor(readonly dir: string, options: RunStoreOptions = {}) {
    this.syncIntervalMs = options.syncIntervalMs ?? 10;
  }

  async writePlan(plan: RunPlanFile): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // In chunks: a plan holds every case, and as one string it is the largest allocation of a run.
    await writeAtomic(join(this.dir, PLAN_FILE), chunked(prettyJsonFile(plan)));
  }

  async readPlan(): Promise<RunPlanFile> {
    return JSON.parse(await readFile(join(this.dir, PLAN_FILE), 'utf8')) as RunPlanFile;
  }

  /**
   * Writes the record before the event loop next waits for I/O — with every other record appended in
   * the same turn, in one write(2): in the page cache it survives the process being killed — and
   * resolves when an fsync that began after the write has completed, so it is on the disk too. A kill
   * before that write loses only records whose append had not resolved, i.e. never counted as done.
   * fsyncs are the costly part (kernel time, measured in bench/replay at over 0.1 ms of CPU a
   * request when each small batch had its own): one covers every record written before it began,
   * and they start at most every `syncIntervalMs`.
   */
  appendResult(record: ResultRecord): Promise<void> {
    const line = JSON.stringify(record) + '\n';
    return new Promise<void>((resolve, reject) => {
      this.pending.push(line);
      this.pendingWaiters.push({ resolve, reject });
      if (!this.flushQueued) {
        this.flushQueued = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes this turn's lines in one go (or queues them until the file is open) and schedules their fsync. */
  private flush(): void {
    this.flushQueued = false;
    const text = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    const written = this.pendingWaiters;
    this.pending = [];
    this.pendingWaiters = [];
    // Before the file is open (or while lines from before are still unwritten) lines wait, in order.
    if (this.fh && !this.early.length) {
      try {
        writeAll(this.fh.fd, text);
      } catch (e) {
        for (const w of written) w.reject(e);
        return;
      }
    } else {
      this.early.push(text);
    }
    for (const w of written) this.waiters.push(w);
    this.schedule();
  }

  private schedule(): void {
    if (this.syncing || this.timer) return;
    const wait = this.lastSync + this.syncIntervalMs - performance.now();
    if (wait <= 0) void this.sync();
    else this.timer = setTimeout(() => { this.timer = null; void this.sync(); }, wait);
  }

  private async sync(): Promise<void> {
    this.syncing = true;
    this.lastSync = performance.now();
    const batch = this.waiters;
    this.waiters = [];
    try {
      const fh = this.fh ?? await this.handle();
      if (this.early.length) {
        const lines = this.early;
        this.early = [];
        writeAll(fh.fd, lines.join(''));
      }
      await fh.datasync();
      for (const w of batch) w.resolve();
    } catch (e) {
      for (const w of batch) w.reject(e);
    } finally {
      this.syncing = false;
    }
    if (this.waiters.length) this.schedule();
  }

  /**
   * Opens results.jsonl for appending. A kill mid-write can leave a torn last line; it is cut off
   * here (up to the last newline) so the next record starts on its own line instead of being glued
   * to the fragment — the fragment's request was never finished and will be sent again.
   */
  private handle(): Promise<FileHandle> {
    if (this.fh) return Promise.resolve(this.fh);
    this.opening ??= (async () => {
      await mkdir(this.dir, { recursive: true });
      const path = join(this.dir, RESULTS_FILE);
      const fh = await open(path, 'a+');
      const { size } = await fh.stat();
      if (size > 0) {
        const tailLen = Math.min(size, 1 << 20);
        const buf = Buffer.alloc(tailLen);
        await fh.read(buf, 0, tailLen, size - tailLen);
        if (buf[tailLen - 1] !== 0x0a) {
          const nl = buf.lastIndexOf(0x0a);
          // A torn line longer than the tail window: cut at the window start (still not a record).
          const keep = nl >= 0 ? size - tailLen + nl + 1 : size - tailLen;
          await fh.truncate(keep);
          await fh.sync();
        }
      }
      this.fh = fh;
      return fh;
    })();
    return this.opening;
  }

  async *readResultLines(): AsyncIterable<string> {
    const path = join(this.dir, RESULTS_FILE);
    try {
      await stat(path);
    } catch {
      return;
    }
    const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of rl) yield line;
  }

  async writeSummary(summary: RunSummary): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeAtomic(join(this.dir, SUMMARY_FILE), JSON.stringify(summary, null, 2) + '\n');
  }

  async readSummary(): Promise<RunSummary | null> {
    try {
      return JSON.parse(await readFile(join(this.dir, SUMMARY_FILE), 'utf8')) as RunSummary;
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    while (this.flushQueued || this.syncing || this.timer || this.waiters.length) await new Promise((r) => setImmediate(r));
    const fh = this.fh ?? (this.opening ? await this.opening.catch(() => null) : null);
    this.fh = null;
    this.opening = null;
    await fh?.close();
  }
}

/** Writes a file atomically; exported for other verbs writing run files (merge). */
export { writeAtomic };
