// The local endpoint in a child process, for benchmarks. In-process, the endpoint's CPU (~0.2-0.4 ms
// a request) shares one event loop with the SDK client (~0.6 ms) and the engine under test, which
// inflates wall time (measured: 2,000 requests, concurrency 16, 20 ms latency → 1.30× the ideal
// in-process, 1.10× with the server forked). Works where src/ is transpiled file by file (out/ from
// `esbuild.mjs --tests`), not from the single-file dist/ bundle.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startLocalEndpoint, type LocalEndpointOptions, type LocalEndpointStats } from './index';
import type { FaultOptions } from './faults';

export interface RemoteLocalEndpoint {
  url: string;
  origin: string;
  pid: number;
  stats(): Promise<LocalEndpointStats>;
  resetStats(): Promise<void>;
  setFaults(faults: FaultOptions | null): Promise<void>;
  close(): Promise<void>;
}

type Command = { id: number; op: 'stats' | 'resetStats' | 'setFaults' | 'close'; faults?: FaultOptions | null };
type Reply = { id: number; value?: unknown } | { ready: true; url: string; origin: string } | { failed: string };

/** Forks this file as a server process and talks to it over IPC. */
export async function startLocalEndpointProcess(options: LocalEndpointOptions = {}): Promise<RemoteLocalEndpoint> {
  const child: ChildProcess = fork(join(__dirname, 'process.js'), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, (v: unknown) => void>();
  let next = 1;
  const ready = await new Promise<{ url: string; origin: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`local endpoint process exited (${code})`)));
    child.on('message', (m: Reply) => {
      if ('ready' in m) resolve({ url: m.url, origin: m.origin });
      else if ('failed' in m) reject(new Error(m.failed));
      else pending.get(m.id)?.(m.value);
    });
  });
  child.removeAllListeners('exit');
  const call = (op: Command['op'], faults?: FaultOptions | null): Promise<unknown> => new Promise((resolve) => {
    const id = next++;
    pending.set(id, (v) => {
      pending.delete(id);
      resolve(v);
    });
    child.send({ id, op, faults } satisfies Command);
  });
  return {
    ...ready,
    pid: child.pid ?? -1,
    stats: () => call('stats') as Promise<LocalEndpointStats>,
    resetStats: async () => void (await call('resetStats')),
    setFaults: async (f) => void (await call('setFaults', f)),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      await call('close');
      child.disconnect();
      await exited;
    },
  };
}

async function serve(): Promise<void> {
  const send = (m: Reply): void => void process.send?.(m);
  try {
    const ep = await startLocalEndpoint(JSON.parse(process.argv[2] ?? '{}') as LocalEndpointOptions);
    process.on('message', async (c: Command) => {
      if (c.op === 'stats') send({ id: c.id, value: ep.stats() });
      else if (c.op === 'resetStats') send({ id: c.id, value: ep.resetStats() });
      else if (c.op === 'setFaults') send({ id: c.id, value: ep.setFaults(c.faults ?? null) });
      else if (c.op === 'close') {
        await ep.close();
        send({ id: c.id });
      }
    });
    // The parent going away (killed bench) must not leave a server behind.
    process.on('disconnect', () => void ep.close().then(() => process.exit(0)));
    send({ ready: true, url: ep.url, origin: ep.origin });
  } catch (err) {
    send({ failed: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  }
}

if (require.main === module && process.send) void serve();
