// What a request will cost before it is sent, and whether the budget allows it. The static estimate
// (core/replay/estimate.ts: characters for input, the request's max tokens for output) can be far
// off either way, so each model's responses correct it: actual over estimated input gives a factor,
// output uses the mean seen, with headroom. The budget counts money spent plus a reserve for every
// request in flight, so concurrent requests cannot together overshoot it.
import type { Logger } from '../ports';
import { costOf, type TokenEstimate, type TokenEstimator } from './estimate';
import type { Price, PriceOf } from './ports';
import type { WorkItem } from './plan';

interface Learned { n: number; estIn: number; actIn: number; actOut: number }

export interface Reservation {
  /** The corrected estimate, for the rate limiter. */
  tokens: TokenEstimate;
  /** The uncorrected input estimate, which `learn` compares with the actual usage. */
  rawInput: number;
  price: Price | null;
  /** Held against the budget until `release`. */
  costUsd: number;
}

export class SpendGuard {
  private readonly learned = new Map<string, Learned>();
  private readonly warnedUnpriced = new Set<string>();
  private inFlightUsd = 0;

  constructor(
    private readonly budgetUsd: number | null,
    private readonly priceOf: PriceOf,
    private readonly estimator: TokenEstimator,
    private readonly log: Logger,
  ) {}

  /**
   * Reserves the estimated cost of `item`, or says why the budget does not allow it. The check and
   * the reservation happen with no await between them, so concurrent items cannot both squeeze under.
   */
  reserve(item: WorkItem, spentUsd: number): { ok: true; reservation: Reservation } | { ok: false; detail: string } {
    const raw = this.estimator(item.request);
    const tokens = this.corrected(item.model, raw);
    const price = this.priceOf(item.model);
    const est = costOf(tokens, price);
    const budget = this.budgetUsd;
    if (est === null && budget !== null && !this.warnedUnpriced.has(item.model)) {
      this.warnedUnpriced.add(item.model);
      this.log.warn(`no price known for ${item.model}: --budget-usd cannot count its requests`);
    }
    if (budget !== null && est !== null && spentUsd + this.inFlightUsd + est > budget) {
      return { ok: false, detail: `budget of $${budget} reached: $${spentUsd.toFixed(4)} spent, $${this.inFlightUsd.toFixed(4)} in flight, next request ~$${est.toFixed(4)}` };
    }
    this.inFlightUsd += est ?? 0;
    return { ok: true, reservation: { tokens, rawInput: raw.input, price, costUsd: est ?? 0 } };
  }

  release(r: Reservation): void {
    this.inFlightUsd -= r.costUsd;
  }

  /** A response's actual usage, to correct the next estimates of its model. */
  learn(model: string, rawInput: number, actual: { input: number; output: number }): void {
    let l = this.learned.get(model);
    if (!l) { l = { n: 0, estIn: 0, actIn: 0, actOut: 0 }; this.learned.set(model, l); }
    l.n++; l.estIn += rawInput; l.actIn += actual.input; l.actOut += actual.output;
  }

  private corrected(model: string, raw: TokenEstimate): TokenEstimate {
    const t = { input: raw.input, output: raw.output };
    const l = this.learned.get(model);
    if (l && l.n >= 3) {
      if (l.estIn > 0) t.input = Math.ceil(t.input * (l.actIn / l.estIn));
      t.output = Math.ceil((l.actOut / l.n) * 1.25);
    }
    return t;
  }
}
