// What holds the extension host's thread, for the scale suite: probes over the same stretch of work.
// A 5 ms interval timer, read two ways at each tick: its lateness in wall time (a task that held the
// thread, or on a busy machine the process waiting for a core: what the user feels, an upper bound),
// and the CPU time this thread spent since the last tick (process.threadCpuUsage: only work done
// here counts, not time waiting for a core, so it names the longest task even on a loaded machine;
// between two ticks lie one task and the loop's own turn). And, when PROMPTSHIFT_CPU_PROFILE names a
// folder, V8's sampling profiler: the busy stretches between idle samples are the long tasks
// themselves, printed with the functions that took their time, and the profile is kept there for
// DevTools. The profiler is opt-in: sampling every 0.5 ms costs the host a little.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

/** The histogram's timer period: its lateness beyond this is what a task held the thread for. */
const RESOLUTION_MS = 5;
const PROFILE_DIR = process.env.PROMPTSHIFT_CPU_PROFILE;

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }

export interface HostLoad<T> {
  value: T;
  /** The longest lateness of a 5 ms timer on the host's event loop, beyond its period, in ms (wall time). */
  longestMs: number;
  /** The most CPU time the host's thread spent between two ticks of that timer, in ms (NaN where Node cannot tell). */
  longestCpuMs: number;
  ms: number;
}

/** This thread's CPU time in ms, where Node can tell (22.x lacks it: NaN). */
function threadCpuMs(): number {
  const usage = (process as unknown as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
  if (!usage) return NaN;
  const u = usage.call(process);
  return (u.user + u.system) / 1000;
}

/** Ticks every RESOLUTION_MS until stopped; the worst lateness and CPU time between ticks. */
function tickProbe(): { stop(): { lateMs: number; cpuMs: number } } {
  let lateMs = 0;
  let cpuMs = 0;
  let wall = performance.now();
  let cpu = threadCpuMs();
  const timer = setInterval(() => {
    const w = performance.now();
    const c = threadCpuMs();
    lateMs = Math.max(lateMs, w - wall - RESOLUTION_MS);
    cpuMs = Math.max(cpuMs, c - cpu);
    wall = w;
    cpu = c;
  }, RESOLUTION_MS);
  return { stop: () => { clearInterval(timer); return { lateMs, cpuMs }; } };
}

const post = <R>(session: Session, method: string, params?: object) =>
  new Promise<R>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as R))));

/** Runs `work` under both probes; `label` names the profile and the [profile] lines. */
export async function hostLoad<T>(label: string, work: () => PromiseLike<T>): Promise<HostLoad<T>> {
  let session: Session | undefined;
  if (PROFILE_DIR) {
    session = new Session();
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: 500 });
    await post(session, 'Profiler.start');
  }
  const probe = tickProbe();
  const t = Date.now();
  try {
    const value = await work();
    const ms = Date.now() - t;
    const { lateMs, cpuMs } = probe.stop();
    return { value, longestMs: lateMs, longestCpuMs: cpuMs, ms };
  } finally {
    probe.stop();
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
