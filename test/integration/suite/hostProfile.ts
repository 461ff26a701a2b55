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
  /** All the CPU time the host's thread spent meanwhile, in ms (NaN where Node cannot tell): ours and other extensions'. */
  cpuMs: number;
  ms: number;
}

/** This thread's CPU time in ms, where Node can tell (22.x lacks it: NaN). */
function threadCpuMs(): number {
  const usage = (process as unknown as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
  if (!usage) return NaN;
  const u = usage.call(process);
  return (u.user + u.system) / 1000;
}

/** The monotonic clock V8's profiler stamps its samples with (both read CLOCK_MONOTONIC), in µs. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** Ticks every RESOLUTION_MS until stopped; the worst lateness and CPU time between ticks, and when that CPU was spent. */
function tickProbe(): { stop(): { lateMs: number; cpuMs: number; cpuWindowUs: [number, number] } } {
  let lateMs = 0;
  let cpuMs = 0;
  let cpuWindowUs: [number, number] = [0, 0];
  let wall = performance.now();
  let cpu = threadCpuMs();
  let at = monotonicUs();
  const timer = setInterval(() => {
    const w = performance.now();
    const c = threadCpuMs();
    const now = monotonicUs();
    lateMs = Math.max(lateMs, w - wall - RESOLUTION_MS);
    if (c - cpu > cpuMs) { cpuMs = c - cpu; cpuWindowUs = [at, now]; }
    wall = w;
    cpu = c;
    at = now;
  }, RESOLUTION_MS);
  return { stop: () => { clearInterval(timer); return { lateMs, cpuMs, cpuWindowUs }; } };
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
  const cpu0 = threadCpuMs();
  let longest: [number, number] | undefined;
  try {
    const value = await work();
    const ms = Date.now() - t;
    const { lateMs, cpuMs, cpuWindowUs } = probe.stop();
    longest = cpuWindowUs;
    return { value, longestMs: lateMs, longestCpuMs: cpuMs, cpuMs: threadCpuMs() - cpu0, ms };
  } finally {
    probe.stop();
    if (session) {
      const { profile } = await post<{ profile: CpuProfile }>(session, 'Profiler.stop');
      session.disconnect();
      mkdirSync(PROFILE_DIR!, { recursive: true });
      writeFileSync(join(PROFILE_DIR!, `${label.replace(/[^\w-]+/g, '-')}.cpuprofile`), JSON.stringify(profile));
      for (const line of longTasks(profile)) console.log(`[profile] ${label}: ${line}`);
      if (longest) console.log(`[profile] ${label}: the longest task by CPU time: ${within(profile, longest)}`);
    }
  }
}

/** What the profile's samples between two instants (µs, the profiler's clock) ran: the task the tick probe found longest. */
function within(profile: CpuProfile, [from, to]: [number, number]): string {
  const samples: number[] = [];
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= from && at <= to) samples.push(id);
  });
  const { describe, idle } = profileReader(profile);
  const busy = samples.filter((id) => !idle(id));
  return busy.length ? `${busy.length} samples between ${((from - profile.startTime) / 1000).toFixed(0)} and ${((to - profile.startTime) / 1000).toFixed(0)} ms — ${describe(busy)}` : 'no busy sample in its window';
}

/** The busiest stretches of the profile (no idle sample within), longest first, with their top functions. */
function longTasks(profile: CpuProfile, top = 5, minMs = 20): string[] {
  const { describe, idle } = profileReader(profile);
  const stretches: { ms: number; samples: number[] }[] = [];
  let cur: { ms: number; samples: number[] } | undefined;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (idle(id)) { cur = undefined; return; }
    if (!cur) stretches.push(cur = { ms: 0, samples: [] });
    cur.ms += dt;
    cur.samples.push(id);
  });
  return stretches.sort((a, b) => b.ms - a.ms).slice(0, top).filter((s) => s.ms >= minMs).map((s) => `busy ${s.ms.toFixed(0)} ms — ${describe(s.samples)}`);
}

/** Names a set of samples by the functions that took them, inclusive and self. */
function profileReader(profile: CpuProfile): { describe(samples: number[]): string; idle(id: number): boolean } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const idle = (id: number) => byId.get(id)?.callFrame.functionName === '(idle)';
  const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-1)[0]}:${n.callFrame.lineNumber + 1}`;
  const describe = (samples: number[]) => {
    // Inclusive counts per function (each counted once per sample), as a path from the stack.
    const counts = new Map<string, number>();
    for (const id of samples) {
      const seen = new Set<string>();
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
        const node = byId.get(n)!;
        if (!node.callFrame.url) continue;
        const k = name(node);
        if (!seen.has(k)) { seen.add(k); counts.set(k, (counts.get(k) ?? 0) + 1); }
      }
    }
    const self = new Map<string, number>();
    for (const id of samples) { const k = name(byId.get(id)!); self.set(k, (self.get(k) ?? 0) + 1); }
    const fmt = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([f, c]) => `${f} ${Math.round((100 * c) / samples.length)}%`).join('; ');
    return `inclusive: ${fmt(counts, 12)} — self: ${fmt(self, 5)}`;
  };
  return { describe, idle };
}
