// How fast the scheduler may send, per endpoint: the concurrency slots (a request holds one only
// while it is being sent, never while it waits out a backoff), the RPM/TPM buckets of rateLimit.ts,
// and how the endpoint has been answering.
//
// 429s slow an endpoint down as a whole without stopping it: each one trims the endpoint's window
// (the requests it may have in flight) by a quarter, and each success grows it back by one, up to
// the run's concurrency. A stray 429 in twenty costs little; when most requests get one (a real rate
// limit) the window closes to a single request, and from there a 429 also holds the whole endpoint
// back for its Retry-After, so requests do not burn their attempts against a limit that is still on.
import type { Clock } from '../ports';
import { EndpointLimiter, type RateLimits } from './rateLimit';

/** The window left after a 429, as a share of what it was. */
const TRIM_ON_429 = 0.75;

export type SlotPriority = 'retry' | 'fresh';

interface Waiter {
  endpoint: EndpointState;
  grant: (ok: boolean) => void;
}

class EndpointState {
  inFlight = 0;
  window: number;
  readonly limiter: EndpointLimiter;
  /** When the latest attempt that got any answer (an HTTP response) was sent. */
  lastAnsweredSentAt = Number.NEGATIVE_INFINITY;

  constructor(capacity: number, limits: RateLimits | null, now: number) {
    this.window = capacity;
    this.limiter = new EndpointLimiter(limits, now);
  }

  get hasRoom(): boolean {
    return this.inFlight < Math.max(1, Math.floor(this.window));
  }
}

export class EndpointPace {
  private readonly endpoints = new Map<string, EndpointState>();
  private held = 0;
  /** Retries wait in front of fresh items: a request that has started should finish first. */
  private readonly retries: Waiter[] = [];
  private readonly fresh: Waiter[] = [];
  private closed = false;

  constructor(
    private readonly capacity: number,
    private readonly clock: Clock,
    private readonly limitsFor: (endpoint: string | null) => RateLimits | null,
  ) {}

  /** Requests being sent now, over all endpoints. */
  get inFlight(): number {
    return this.held;
  }

  /** Resolves true once a slot for `endpoint` is held; false if the pace was closed (run stopped). */
  acquire(endpoint: string | null, priority: SlotPriority): Promise<boolean> {
    const state = this.state(endpoint);
    if (this.closed) return Promise.resolve(false);
    const granted = new Promise<boolean>((grant) => (priority === 'retry' ? this.retries : this.fresh).push({ endpoint: state, grant }));
    this.grantWaiting();
    return granted;
  }

  release(endpoint: string | null): void {
    const state = this.state(endpoint);
    state.inFlight--;
    this.held--;
    this.grantWaiting();
  }

  /** How long the endpoint's rate limits (and a 429 pause) want this request of ~`tokens` to wait. */
  reserve(endpoint: string | null, tokens: number): number {
    return this.state(endpoint).limiter.reserve(tokens, this.clock.now());
  }

  /** An attempt's outcome (sent at `sentAt`), as far as the endpoint's pace is concerned. */
  answered(endpoint: string | null, sentAt: number, outcome: { ok: true; tokenDelta: number } | { ok: false; rateLimited: boolean; retryAfterMs: number | null; noAnswer: boolean }): void {
    const state = this.state(endpoint);
    const now = this.clock.now();
    const noAnswer = !outcome.ok && outcome.noAnswer;
    if (!noAnswer && sentAt > state.lastAnsweredSentAt) state.lastAnsweredSentAt = sentAt;
    if (outcome.ok) {
      state.limiter.adjustTokens(outcome.tokenDelta, now);
      if (state.window < this.capacity) {
        state.window = Math.min(this.capacity, state.window + 1);
        this.grantWaiting();
      }
      return;
    }
    if (!outcome.rateLimited) return;
    if (state.window <= 1 && outcome.retryAfterMs !== null && outcome.retryAfterMs > 0) state.limiter.pauseUntil(now + outcome.retryAfterMs);
    state.window = Math.max(1, state.window * TRIM_ON_429);
  }

  /**
   * When the latest attempt that the endpoint answered at all was sent (-Infinity: none in this
   * session). Send times, not answer times: an answer to a request sent before the endpoint went
   * away says nothing about the requests sent after.
   */
  lastAnsweredSentAt(endpoint: string | null): number {
    return this.state(endpoint).lastAnsweredSentAt;
  }

  /** The run stopped: every waiter is told no, and no slot is handed out again. */
  close(): void {
    this.closed = true;
    for (const w of this.retries.splice(0)) w.grant(false);
    for (const w of this.fresh.splice(0)) w.grant(false);
  }

  private take(state: EndpointState): void {
    state.inFlight++;
    this.held++;
  }

  /** Retries first, then fresh items, each in arrival order, as far as the slots and windows allow. */
  private grantWaiting(): void {
    for (const queue of [this.retries, this.fresh]) {
      for (let i = 0; i < queue.length && this.held < this.capacity;) {
        const w = queue[i];
        if (!w.endpoint.hasRoom) { i++; continue; }
        queue.splice(i, 1);
        this.take(w.endpoint);
        w.grant(true);
      }
    }
  }

  private state(endpoint: string | null): EndpointState {
    const k = endpoint ?? '';
    let s = this.endpoints.get(k);
    if (!s) {
      s = new EndpointState(this.capacity, this.limitsFor(endpoint), this.clock.now());
      this.endpoints.set(k, s);
    }
    return s;
  }
}
