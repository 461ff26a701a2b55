// The response cache on disk: .promptshift/cache/<first 2 hex of key>/<key>.json. Keys are
// content addresses of the request (no secrets, see core/replay/cacheKey.ts); entries are written
// to a temp file and renamed, so a crash never leaves a half-written entry behind.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CacheStore, CachedResponse } from '../core/replay/ports';

export function cacheDir(root: string): string {
  return join(root, '.promptshift', 'cache');
}

export class NodeCacheStore implements CacheStore {
  private readonly made = new Set<string>();

  constructor(readonly dir: string) {}

  private pathOf(key: string): { dir: string; file: string } {
    if (!/^[0-9a-f]{16,128}$/.test(key)) throw new Error(`not a cache key: ${key.slice(0, 20)}`);
    const dir = join(this.dir, key.slice(0, 2));
    return { dir, file: join(dir, `${key}.json`) };
  }

  async get(key: string): Promise<CachedResponse | null> {
    let text: string;
    try {
      text = await readFile(this.pathOf(key).file, 'utf8');
    } catch {
      return null;
    }
    try {
      const v = JSON.parse(text) as CachedResponse;
      if (typeof v.output !== 'string' || !v.usage || typeof v.latencyMs !== 'number') return null;
      return v;
    } catch {
      return null; // a damaged entry is a miss, and is overwritten by the next put
    }
  }

  async put(key: string, value: CachedResponse): Promise<void> {
    const { dir, file } = this.pathOf(key);
    if (!this.made.has(dir)) { await mkdir(dir, { recursive: true }); this.made.add(dir); }
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, JSON.stringify({ output: value.output, usage: value.usage, latencyMs: value.latencyMs, model: value.model }));
    await rename(tmp, file);
  }
}
