// The run directory on disk (.promptshift/runs/<runId>/): plan.json and summary.json written
// atomically (temp file + rename), results.jsonl appended one record a line and fsync'd before the
// append resolves. Appends that arrive while a write is in progress are group-committed: one write
// and one fsync for all of them, each still resolving only once durable — that keeps the engine at
// thousands of records a second on disks where fsync takes milliseconds.
import { createReadStream } from 'node:fs';
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

export class NodeRunStore implements RunStore {
  private fh: FileHandle | null = null;
  private opening: Promise<FileHandle> | null = null;
  // Lines waiting for the next write, and the appends waiting for it to be durable. Apart, so a
  // batch's lines can be let go of once written, while the fsync (milliseconds) is still pending.
  private lines: string[] = [];
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private writing = false;

  constructor(readonly dir: string) {}

  async writePlan(plan: RunPlanFile): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // In chunks: a plan holds every case, and as one string it is the largest allocation of a run.
    await writeAtomic(join(this.dir, PLAN_FILE), chunked(prettyJsonFile(plan)));
  }

  async readPlan(): Promise<RunPlanFile> {
    return JSON.parse(await readFile(join(this.dir, PLAN_FILE), 'utf8')) as RunPlanFile;
  }

  appendResult(record: ResultRecord): Promise<void> {
    const line = JSON.stringify(record) + '\n';
    return new Promise<void>((resolve, reject) => {
      this.lines.push(line);
      this.waiters.push({ resolve, reject });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiters.length) {
        const waiters = this.waiters;
        this.waiters = [];
        try {
          const fh = await this.handle();
          await this.writeLines(fh);
          await fh.datasync();
          for (const w of waiters) w.resolve();
        } catch (e) {
          for (const w of waiters) w.reject(e);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** Writes the pending lines in one call; nothing refers to them after it returns. */
  private async writeLines(fh: FileHandle): Promise<void> {
    const lines = this.lines;
    if (!lines.length) return;
    this.lines = [];
    await fh.write(lines.length === 1 ? lines[0] : lines.join(''));
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
    while (this.writing || this.waiters.length) await new Promise((r) => setImmediate(r));
    const fh = this.fh ?? (this.opening ? await this.opening.catch(() => null) : null);
    this.fh = null;
    this.opening = null;
    await fh?.close();
  }
}

/** Writes a file atomically; exported for other verbs writing run files (merge). */
export { writeAtomic };
