// The rollout plan: a JSON document (media/schemas/rollout.schema.json publishes its shape) that the
// exporters turn into the files flag tools, gateways and progressive-delivery controllers load, and
// that the Markdown rendering shows to the people who sign the rollout off.
import type { ArmMetrics } from '../compare/metrics';
import type { ReviewSummary } from '../review/decisions';

export type Verdict = 'go' | 'no-go';

/** How one failure rate sized the stages: the inputs, the method and the output. */
export interface RateSizing {
  metric: 'errorRate' | 'schemaFailureRate';
  /** Failures and requests the baseline arm saw in the run. */
  baselineFailures: number;
  baselineRequests: number;
  /** p0: the baseline's observed failure rate. */
  baselineRate: number;
  /** p1: the failure rate the canary must be able to detect (the regression size). */
  detectRate: number;
  method: 'two-proportion' | 'rule-of-three' | 'not-applicable';
  /** Candidate requests a stage needs before it may advance, by this rate. */
  minRequests: number;
  /** The arithmetic with the numbers filled in, for a reviewer to check. */
  working: string;
}

export interface SampleSizing {
  formula: string;
  ruleOfThree: string;
  alpha: number;
  power: number;
  sided: 'one-sided';
  zAlpha: number;
  zBeta: number;
  regression: { factor: number; minPoints: number; rule: string };
  rates: RateSizing[];
  /** The largest of the rates' minimums: what each stage needs. */
  minCandidateRequests: number;
}

export interface Stage {
  /** 1-based. */
  index: number;
  /** Percent of traffic (of keys, for sticky formats) sent to the candidate. */
  weight: number;
  minCandidateRequests: number;
  minDurationSeconds: number;
}

export type GateId = 'error-rate' | 'schema-pass-rate' | 'latency-p95' | 'cost-per-request' | 'sample-size';
export type BreachAction = 'rollback' | 'pause';

export interface Gate {
  id: GateId;
  title: string;
  /** The candidate's value must be `comparator` threshold. */
  comparator: '<=' | '>=';
  threshold: number;
  unit: 'ratio' | 'ms' | 'usd' | 'requests';
  /** How the threshold follows from the run, in words and numbers. */
  rule: string;
  evidence: { runId: string; baseline: number | null; candidateOffline: number | null; detail: string };
  /** Does the candidate's offline value already meet the gate? Null when not measurable offline. */
  holdsOffline: boolean | null;
  onBreach: BreachAction;
  /** PromQL over the metrics the app emits (see `metrics`); `$WINDOW` stands for the stage's window. */
  query: string | null;
  /** Why the gate has no query or cannot be measured, when it has none. */
  note?: string;
}

export interface AppMetric {
  /** OpenTelemetry instrument name. */
  otel: string;
  /** The name Prometheus gives it (OTLP → Prometheus translation). */
  prometheus: string;
  type: 'histogram' | 'counter';
  unit: string;
  labels: string[];
  description: string;
  /** Defined by the OpenTelemetry GenAI semantic conventions, or by Promptshift. */
  definedBy: 'OpenTelemetry GenAI semantic conventions' | 'Promptshift';
}

export interface Route {
  /** The flag (or gateway group) key; kept the same across stages so assignment stays sticky. */
  flagKey: string;
  baseline: string;
  candidate: string;
  /** The models' providers from the model catalog ('openai' when unknown): gateways need a provider. */
  providers: { baseline: string; candidate: string };
  callSites: string[];
}

export interface CallSiteEvidence {
  callSiteId: string;
  path: string | null;
  line: number | null;
  models: { baseline: string | null; candidate: string | null };
  arms: { baseline: ArmMetrics; candidate: ArmMetrics };
  significance: { regressed: boolean; reasons: string[]; method: string };
  review: ReviewSummary;
  verdict: Verdict;
  reasons: string[];
}

export interface RolloutPlan {
  kind: 'promptshift.rollout';
  version: 1;
  runId: string;
  run: { createdAt: string | null; repeats: number; complete: boolean };
  flagKey: string;
  routes: Route[];
  decision: { verdict: Verdict; reasons: string[] };
  /** How a run of several call sites is covered. */
  coverage: string;
  traffic: { rps: number; rpsSource: 'default' | 'given'; minStageSeconds: number; durationFormula: string };
  sampleSize: SampleSizing;
  stages: Stage[];
  gates: Gate[];
  onBreach: Record<BreachAction, string>;
  assignment: { sticky: string; perRequest: string; bucketing: string };
  metrics: AppMetric[];
  evidence: { aggregate: { arms: { baseline: ArmMetrics; candidate: ArmMetrics }; significance: { regressed: boolean; reasons: string[]; method: string } }; callSites: CallSiteEvidence[] };
  rollback: string[];
  signOff: string[];
  warnings: string[];
}

export interface PlanOptions {
  /** Stage weights in percent, increasing, ending at 100. Default 10, 25, 50, 100. */
  stages?: number[];
  flagKey?: string;
  /** Expected requests per second across the app; default DEFAULT_RPS. */
  rps?: number;
  /** The regression a stage must detect: failure rate × factor, or + minPoints, whichever is larger. */
  regressionFactor?: number;
  regressionMinPoints?: number;
  /** p95 latency may grow by this fraction over the baseline's. */
  latencyTolerance?: number;
  /** Cost per request may exceed the candidate's offline cost by this fraction. */
  costTolerance?: number;
  minStageSeconds?: number;
}

export const DEFAULT_STAGES = [10, 25, 50, 100];
export const DEFAULT_RPS = 1;
export const DEFAULT_REGRESSION_FACTOR = 2;
export const DEFAULT_REGRESSION_MIN_POINTS = 0.01;
export const DEFAULT_LATENCY_TOLERANCE = 0.2;
export const DEFAULT_COST_TOLERANCE = 0.25;
/** A stage lasts at least this long so the gates' Prometheus windows (5 m rates) hold data. */
export const DEFAULT_MIN_STAGE_SECONDS = 300;
