// What holds the extension host's thread, for the scale suite: two probes over the same stretch of
// work. An event-loop delay histogram (timer lateness: a task that held the thread, or on a busy
// machine the process waiting for a core; an upper bound), and, when PROMPTSHIFT_CPU_PROFILE names a
// folder, V8's sampling profiler: the busy stretches between idle samples are the long tasks
// themselves, printed with the functions that took their time, and the profile is kept there for
// DevTools. The profiler is opt-in: sampling every 0.5 ms costs the host a little.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The histogram's timer period: its lateness beyond this is what a task held the thread for. */
const RESOLUTION_MS = 5;
const PROFILE_DIR = process.env.PROMPTSHIFT_CPU_PROFILE;

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }

export interface HostLoad<T> {
  value: T;
  /** The longest lateness of a 5 ms timer on the host's event loop, beyond its period, in ms. */
  longestMs: number;
  ms: number;
}

const post = <R>(session: Session, method: string, params?: object) =>
  new Promise<R>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as R))));

/** Runs `work` under both probes; `label` names the profile and the [profile] lines. */
export async function hostLoad<T>(label: string, work: () => PromiseLike<T>): Promise<HostLoad<T>> {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  let session: Session | undefined;
  if (PROFILE_DIR) {
    session = new Session();
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: 500 });
    await post(session, 'Profiler.start');
  }
  h.enable();
  const t = Date.now();
  try {
    const value = await work();
    const ms = Date.now() - t;
    h.disable();
    return { value, longestMs: Math.max(0, h.max / 1e6 - RESOLUTION_MS), ms };
  } finally {
    h.disable();
    if (session) {
      const { profile } = await post<{ profile: CpuProfile }>(session, 'Profiler.stop');
      session.disconnect();
      mkdirSync(PROFILE_DIR!, { recursive: true });
      writeFileSync(join(PROFILE_DIR!, `${label.replace(/[^\w-]+/g, '-')}.cpuprofile`), JSON.stringify(profile));
      for (const line of longTasks(profile)) console.log(`[profile] ${label}: ${line}`);
    }
  }
}

/** The busiest stretches of the profile (no idle sample within), longest first, with their top functions. */
function longTasks(profile: CpuProfile, top = 5, minMs = 20): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const idle = (id: number) => byId.get(id)?.callFrame.functionName === '(idle)';
  const stretches: { ms: number; samples: number[] }[] = [];
  let cur: { ms: number; samples: number[] } | undefined;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (idle(id)) { cur = undefined; return; }
    if (!cur) stretches.push(cur = { ms: 0, samples: [] });
    cur.ms += dt;
    cur.samples.push(id);
  });
  const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-1)[0]}:${n.callFrame.lineNumber + 1}`;
  return stretches.sort((a, b) => b.ms - a.ms).slice(0, top).filter((s) => s.ms >= minMs).map((s) => {
    // Inclusive counts per function (each counted once per sample), as a path from the stack.
    const counts = new Map<string, number>();
    for (const id of s.samples) {
      const seen = new Set<string>();
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
        const node = byId.get(n)!;
        if (!node.callFrame.url) continue;
        const k = name(node);
        if (!seen.has(k)) { seen.add(k); counts.set(k, (counts.get(k) ?? 0) + 1); }
      }
    }
    const self = new Map<string, number>();
    for (const id of s.samples) { const k = name(byId.get(id)!); self.set(k, (self.get(k) ?? 0) + 1); }
    const fmt = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([f, c]) => `${f} ${Math.round((100 * c) / s.samples.length)}%`).join('; ');
    return `busy ${s.ms.toFixed(0)} ms — inclusive: ${fmt(counts, 12)} — self: ${fmt(self, 5)}`;
  });
}
