// The run directory on disk (.promptshift/runs/<runId>/): plan.json and summary.json written
// atomically (temp file + rename), results.jsonl appended one record a line and fsync'd before the
// append resolves. Appends that arrive while a write is in progress are group-committed: one write
// and one fsync for all of them, each still resolving only once durable — that keeps the engine at
// thousands of records a second on disks where fsync takes milliseconds.
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RunStore } from '../core/replay/ports';
import type { ResultRecord, RunPlanFile, RunSummary } from '../core/replay/records';

export const PLAN_FILE = 'plan.json';
export const RESULTS_FILE = 'results.jsonl';
export const SUMMARY_FILE = 'summary.json';

export function runsDir(root: string): string {
  return join(root, '.promptshift', 'runs');
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

export class NodeRunStore implements RunStore {
  private fh: FileHandle | null = null;
  private opening: Promise<FileHandle> | null = null;
  private pending: { line: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private writing = false;

  constructor(readonly dir: string) {}

  async writePlan(plan: RunPlanFile): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeAtomic(join(this.dir, PLAN_FILE), JSON.stringify(plan, null, 2) + '\n');
  }

  async readPlan(): Promise<RunPlanFile> {
    return JSON.parse(await readFile(join(this.dir, PLAN_FILE), 'utf8')) as RunPlanFile;
  }

  appendResult(record: ResultRecord): Promise<void> {
    const line = JSON.stringify(record) + '\n';
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line, resolve, reject });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length) {
        const batch = this.pending;
        this.pending = [];
        try {
          const fh = await this.handle();
          await fh.write(batch.length === 1 ? batch[0].line : batch.map((b) => b.line).join(''));
          await fh.datasync();
          for (const b of batch) b.resolve();
        } catch (e) {
          for (const b of batch) b.reject(e);
        }
      }
    } finally {
      this.writing = false;
    }
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
    while (this.writing || this.pending.length) await new Promise((r) => setImmediate(r));
    const fh = this.fh ?? (this.opening ? await this.opening.catch(() => null) : null);
    this.fh = null;
    this.opening = null;
    await fh?.close();
  }
}

/** Writes a file atomically; exported for other verbs writing run files (merge). */
export { writeAtomic };
