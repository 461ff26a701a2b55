// Per-endpoint requests-per-minute and tokens-per-minute limits as token buckets that may go into
// debt: a reservation deducts at once and returns how long to wait, so concurrent waiters queue in
// order without polling, and a request larger than the burst size still goes (after paying off).

export interface RateLimits {
  rpm?: number | null;
  tpm?: number | null;
}

class Bucket {
  private tokens: number;
  private last: number;
  private readonly perMs: number;
  private readonly capacity: number;

  constructor(perMinute: number, now: number) {
    this.perMs = perMinute / 60_000;
    // A sixth of a minute's allowance as burst: endpoints enforce per-minute limits over shorter
    // windows, and a full minute's burst at start is the classic way to collect a wall of 429s.
    this.capacity = Math.max(1, perMinute / 6);
    this.tokens = this.capacity;
    this.last = now;
  }

  /** Deducts `cost` and returns the wait (ms) until the balance is non-negative again. */
  reserve(cost: number, now: number): number {
    this.refill(now);
    this.tokens -= cost;
    return this.tokens >= 0 ? 0 : -this.tokens / this.perMs;
  }

  /** Corrects an estimate once the real cost is known (positive: it cost more). */
  adjust(delta: number, now: number): void {
    this.refill(now);
    this.tokens -= delta;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
      this.last = now;
    }
  }
}

export class EndpointLimiter {
  private readonly requests: Bucket | null;
  private readonly tokens: Bucket | null;
  private pausedUntil = 0;

  constructor(limits: RateLimits | null, now: number) {
    this.requests = limits?.rpm && limits.rpm > 0 ? new Bucket(limits.rpm, now) : null;
    this.tokens = limits?.tpm && limits.tpm > 0 ? new Bucket(limits.tpm, now) : null;
  }

  /** Reserves one request of about `tokens` tokens; returns how long to wait before sending. */
  reserve(tokens: number, now: number): number {
    const a = this.requests?.reserve(1, now) ?? 0;
    const b = this.tokens?.reserve(tokens, now) ?? 0;
    return Math.max(a, b, this.pausedUntil - now, 0);
  }

  adjustTokens(delta: number, now: number): void {
    this.tokens?.adjust(delta, now);
  }

  /** A 429 with Retry-After holds every request to this endpoint back, not just the one that got it. */
  pauseUntil(t: number): void {
    if (t > this.pausedUntil) this.pausedUntil = t;
  }
}
