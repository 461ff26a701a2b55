// In-memory stand-ins for the replay engine's ports: a virtual clock (time moves only when nothing
// else can run, so retries and timeouts are exact and instant), a scripted LlmClient, and stores.
import type { AbortSignalLike, Clock, LlmClient, LlmRequest, LlmResponse, LlmSendOptions, LlmError } from '../../../src/core/ports';
import type { CacheStore, CachedResponse, RunStore } from '../../../src/core/replay/ports';
import type { ResultRecord, RunPlanFile, RunSummary } from '../../../src/core/replay/records';
import type { CallSite } from '../../../src/core/callsite';

export class VirtualClock implements Clock {
  t = 1_000_000;
  private seq = 0;
  private timers: { at: number; seq: number; fire: () => void }[] = [];
  private scheduled = false;

  now(): number { return this.t; }

  sleep(ms: number, signal?: AbortSignalLike): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fire: () => { signal?.removeEventListener('abort', onAbort); resolve(); } };
      const onAbort = () => { this.timers = this.timers.filter((x) => x !== timer); resolve(); };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
      this.kick();
    });
  }

  timer(ms: number, fire: () => void): () => void {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fire };
    this.timers.push(timer);
    this.kick();
    return () => { this.timers = this.timers.filter((x) => x !== timer); };
  }

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.advance());
  }

  private advance(): void {
    this.scheduled = false;
    if (!this.timers.length) return;
    let next = this.timers[0];
    for (const x of this.timers) if (x.at < next.at || (x.at === next.at && x.seq < next.seq)) next = x;
    this.t = Math.max(this.t, next.at);
    const due = this.timers.filter((x) => x.at <= this.t).sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const x of due) x.fire();
    if (this.timers.length) this.kick();
  }
}

export type Script = (req: LlmRequest, attempt: number) => { error: Partial<LlmError> & { type: LlmError['type'] } } | { output: string } | 'hang' | null;

const keyOf = (r: LlmRequest) => `${r.model}|${r.messages.map((m) => m.content).join('|')}`;

export class FakeClient implements LlmClient {
  inFlight = 0;
  maxInFlight = 0;
  sends: { key: string; at: number }[] = [];
  attempts = new Map<string, number>();
  constructor(private readonly clock: VirtualClock, private readonly script: Script = () => null, private readonly latencyMs = 100) {}

  async send(req: LlmRequest, options: LlmSendOptions = {}): Promise<LlmResponse> {
    const key = keyOf(req);
    const attempt = this.attempts.get(key) ?? 0;
    this.attempts.set(key, attempt + 1);
    this.sends.push({ key, at: this.clock.now() });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const started = this.clock.now();
    try {
      const act = this.script(req, attempt);
      await this.clock.sleep(act === 'hang' ? 1e9 : this.latencyMs, options.signal);
      if (options.signal?.aborted) return { ok: false, error: { type: 'aborted', message: 'aborted', status: null, retryAfterMs: null, retryable: false }, latencyMs: this.clock.now() - started };
      if (act && act !== 'hang' && 'error' in act) {
        return { ok: false, error: { message: act.error.type, status: null, retryAfterMs: null, retryable: false, ...act.error }, latencyMs: this.clock.now() - started };
      }
      const output = act && act !== 'hang' && 'output' in act ? act.output : JSON.stringify({ model: req.model, echo: req.messages[req.messages.length - 1].content });
      return { ok: true, output, usage: { input: 1000, output: 500 }, latencyMs: this.clock.now() - started, model: req.model };
    } finally {
      this.inFlight--;
    }
  }
}

export class MemoryRunStore implements RunStore {
  plan: RunPlanFile | null = null;
  lines: string[] = [];
  summary: RunSummary | null = null;
  appends = 0;
  async writePlan(plan: RunPlanFile): Promise<void> { this.plan = plan; }
  async appendResult(record: ResultRecord): Promise<void> { this.appends++; this.lines.push(JSON.stringify(record)); }
  async *readResultLines(): AsyncIterable<string> { for (const l of this.lines) yield l; }
  async writeSummary(summary: RunSummary): Promise<void> { this.summary = summary; }
  records(): ResultRecord[] { return this.lines.flatMap((l) => { try { return [JSON.parse(l) as ResultRecord]; } catch { return []; } }); }
}

export class MemoryCache implements CacheStore {
  map = new Map<string, CachedResponse>();
  async get(key: string) { return this.map.get(key) ?? null; }
  async put(key: string, v: CachedResponse) { this.map.set(key, v); }
}

export function site(over: Partial<CallSite> = {}): CallSite {
  return {
    id: 'summarize-0123456789', path: 'src/summarize.ts', line: 12, column: 9, endLine: 20, language: 'ts',
    api: 'openai.chat', model: 'gpt-4o', modelExpr: "'gpt-4o'", modelResolved: null, modelSource: [], modelSpan: null,
    hasSchema: false, schema: null,
    prompt: { messages: [{ role: 'system', content: 'You summarize.' }, { role: 'user', content: 'Summarize: {{doc}} in {{ lang }}' }], holes: ['doc', 'lang'] },
    params: { temperature: 0, max_tokens: 200 },
    ...over,
  };
}
