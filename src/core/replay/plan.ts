// The replay matrix: call sites × cases × arms (the baseline and one or more candidates) × repeats.
// Each request is the call site's own — its messages filled from the case, its params (temperature,
// max tokens, response_format, tools…) — with only the model swapped, then adapted per arm by an
// injected function (the model catalog's adaptParamsForModel, e.g. max_completion_tokens and no
// temperature for reasoning models). Work items are generated lazily so a 20,000-request run is
// never held whole.
import { effectiveModel, type CallSite, type JsonSchema } from '../callsite';
import type { LlmApi, LlmRequest } from '../ports';
import { BASELINE_ARM, CANDIDATE_ARM, messagesOf, type ArmName, type ReplayCase } from './cases';
import { endpointScope } from './cacheKey';
import { armNames, workKey, type ArmSpec, type PlannedCallSite, type RunPlanFile } from './records';

export type AdaptParams = (params: Record<string, unknown>, model: string) => Record<string, unknown>;
export const identityAdapt: AdaptParams = (params) => params;

export interface ReplayTarget {
  callSite: CallSite;
  cases: ReplayCase[];
  /** --schema, else the call site's own schema when statically known; null: no validation. */
  schema: JsonSchema | null;
}

export interface PlanInput {
  runId: string;
  createdAt: string;
  targets: ReplayTarget[];
  /** --baseline; null means each call site's own model. A spec: the baseline is served by a host (`--baseline llama-4-scout@groq`). */
  baseline: string | CandidateSpec | null;
  /**
   * One model: a run of baseline and candidate, as always. Several: a sweep, one arm per model named
   * by the model (`gpt-4.1-mini`, `llama-4-scout@groq`), the baseline the reference of each.
   */
  candidate: string | readonly (string | CandidateSpec)[];
  /** Sweep arms served by a host other than the run's endpoint, by model (see ArmSpec.endpoint). */
  armEndpoints?: Readonly<Record<string, { host: string; baseURL: string | null }>>;
  repeats: number;
  baseURL: string | null;
  shard: { index: number; count: number } | null;
  /** The endpoint is a stand-in giving fake answers (the local test endpoint): recorded so every report labels its costs as simulated. */
  simulatedEndpoint?: { label: string } | null;
}

/**
 * A candidate served by a host other than the run's endpoint (`--candidate llama-4-scout@cerebras`):
 * the arm is named as given, the request carries the host's own model id, and the arm's endpoint is
 * the host's base URL (no key), for requests, rate limits and the cache.
 */
export interface CandidateSpec {
  arm: string;
  model: string;
  /** `catalogHost`: the built-in host whose catalog prices apply, when the endpoint's name is the user's. */
  endpoint: { host: string; baseURL: string | null; catalogHost?: string };
}

export type PlanOutcome = { ok: true; plan: RunPlanFile } | { ok: false, error: string };

/** The API a call site is replayed through: the one it uses. */
export function apiOf(site: Pick<CallSite, 'api'>): LlmApi {
  return site.api === 'openai.responses' ? 'responses' : 'chat';
}

export function buildPlan(input: PlanInput): PlanOutcome {
  if (!Number.isInteger(input.repeats) || input.repeats < 1) return { ok: false, error: `--repeats must be a positive integer, got ${input.repeats}` };
  if (input.shard && !(Number.isInteger(input.shard.index) && Number.isInteger(input.shard.count) && input.shard.count >= 1 && input.shard.index >= 1 && input.shard.index <= input.shard.count)) {
    return { ok: false, error: `--shard must be I/N with 1 ≤ I ≤ N, got ${input.shard.index}/${input.shard.count}` };
  }
  const candidates = candidateArmsFor(input.candidate);
  if (!candidates.ok) return candidates;
  const hostedBaseline = input.baseline !== null && typeof input.baseline === 'object' ? input.baseline : null;
  const givenBaseline = hostedBaseline ? hostedBaseline.model : (input.baseline as string | null);
  const callSites: PlannedCallSite[] = [];
  for (const t of input.targets) {
    const baseline = givenBaseline ?? effectiveModel(t.callSite);
    if (!baseline) {
      return { ok: false, error: `call site ${t.callSite.id} (${t.callSite.path}:${t.callSite.line}) has no statically known model; pass --baseline MODEL` };
    }
    const arms: Record<ArmName, { model: string }> = { [BASELINE_ARM]: { model: baseline } };
    for (const c of candidates.arms) arms[c.arm] = { model: c.model };
    callSites.push({ callSite: t.callSite, cases: t.cases, arms, api: apiOf(t.callSite), schema: t.schema });
  }
  const arms: Record<ArmName, ArmSpec> = {
    [BASELINE_ARM]: hostedBaseline ? { model: hostedBaseline.model, endpoint: { ...hostedBaseline.endpoint, baseURL: endpointScope(hostedBaseline.endpoint.baseURL) } } : { model: givenBaseline },
  };
  for (const c of candidates.arms) {
    const endpoint = c.endpoint ?? input.armEndpoints?.[c.model];
    arms[c.arm] = endpoint ? { model: c.model, endpoint: { ...endpoint, baseURL: endpointScope(endpoint.baseURL) } } : { model: c.model };
  }
  const plan: RunPlanFile = {
    version: 1,
    runId: input.runId,
    createdAt: input.createdAt,
    arms,
    repeats: input.repeats,
    // Base URL only, stripped of any credentials pasted into it.
    endpoint: input.simulatedEndpoint
      ? { baseURL: endpointScope(input.baseURL), simulated: true, label: input.simulatedEndpoint.label }
      : { baseURL: endpointScope(input.baseURL) },
    shard: input.shard,
    callSites,
  };
  if (callSites.length === 1) { plan.callSite = callSites[0].callSite; plan.cases = callSites[0].cases; }
  return { ok: true, plan };
}

/**
 * The candidate arms and their names: one model is the arm 'candidate' (runs of one candidate look as
 * they always have); several are named by their models, which must differ and must not be taken for
 * the baseline's name.
 */
export function candidateArmsFor(candidate: string | readonly (string | CandidateSpec)[]): { ok: true; arms: { arm: ArmName; model: string; endpoint?: CandidateSpec['endpoint'] }[] } | { ok: false; error: string } {
  const specs = (typeof candidate === 'string' ? [candidate] : [...candidate])
    .map((c) => (typeof c === 'string' ? { arm: c.trim(), model: c.trim() } : { ...c, arm: c.arm.trim(), model: c.model.trim() }));
  if (specs.length === 0 || specs.some((c) => c.model === '' || c.arm === '')) return { ok: false, error: 'a candidate model is required (--candidate MODEL)' };
  if (specs.length === 1) return { ok: true, arms: [{ ...specs[0], arm: CANDIDATE_ARM }] };
  const seen = new Set<string>();
  for (const { arm } of specs) {
    if (seen.has(arm)) return { ok: false, error: `--candidate ${arm} is given twice` };
    if (arm === BASELINE_ARM || arm === CANDIDATE_ARM) return { ok: false, error: `"${arm}" cannot name a model in a sweep: it is an arm name` };
    seen.add(arm);
  }
  return { ok: true, arms: specs };
}

export interface WorkItem {
  key: string;
  callSiteId: string;
  caseId: string;
  arm: ArmName;
  repeat: number;
  model: string;
  request: LlmRequest;
  /** Scope for rate limits and the cache. */
  endpoint: string | null;
}

/** Fields the replay must own: a streamed or multi-choice response cannot be recorded as one output. */
const DROPPED_PARAMS = new Set(['model', 'messages', 'input', 'stream', 'stream_options', 'n']);

export function requestParams(params: Record<string, unknown>, schema: JsonSchema | null = null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (!DROPPED_PARAMS.has(k)) out[k] = v;
  // The scanner reports a call's output schema apart from its params (zod, pydantic and constants
  // are not literal params); the replayed request must still ask for structured output, or both
  // arms would be judged against a schema they were never given.
  if (schema !== null && out.response_format === undefined && out.text === undefined) {
    out.response_format = isBareObjectSchema(schema)
      ? { type: 'json_object' }
      : { type: 'json_schema', json_schema: { name: 'output', schema, strict: false } };
  }
  return out;
}

/** JSON mode without a schema is scanned as `{"type": "object"}`. */
function isBareObjectSchema(schema: JsonSchema): boolean {
  return typeof schema === 'object' && Object.keys(schema).length === 1 && schema.type === 'object';
}

/** Whether the (call site, case) pair with this global index belongs to the plan's shard. */
function inShard(plan: Pick<RunPlanFile, 'shard'>, pairIndex: number): boolean {
  // Round-robin over (call site, case) pairs in plan order: deterministic, balanced to ±1 pair, and a
  // case's baseline and candidate always land in the same shard so each shard compares on its own.
  return !plan.shard || pairIndex % plan.shard.count === plan.shard.index - 1;
}

/** Where an arm's requests go: its own host's base URL in a sweep that mixes hosts, else the run's. */
export function armEndpoint(plan: Pick<RunPlanFile, 'arms' | 'endpoint'>, arm: ArmName): string | null {
  const own = plan.arms[arm]?.endpoint;
  return own ? own.baseURL : plan.endpoint.baseURL;
}

/**
 * The work items in a deterministic order: per case, repeat 0's baseline then each candidate, then
 * repeat 1… so a run stopped early (budget, cancel) still holds complete comparisons.
 */
export function* workItems(plan: RunPlanFile, adapt: AdaptParams = identityAdapt): Generator<WorkItem> {
  let pairIndex = 0;
  for (const pc of plan.callSites) {
    const base = requestParams(pc.callSite.params, pc.schema);
    // Per arm, one adapted params object shared by its items (never mutated), its model and endpoint.
    const arms = armNames(pc.arms).map((arm) => {
      const model = pc.arms[arm].model;
      return { arm, model, endpoint: armEndpoint(plan, arm), params: adapt({ ...base }, model) };
    });
    for (const c of pc.cases) {
      if (!inShard(plan, pairIndex++)) continue;
      const messages = messagesOf(c, pc.callSite.prompt);
      for (let repeat = 0; repeat < plan.repeats; repeat++) {
        for (const a of arms) {
          const ids = { callSiteId: pc.callSite.id, caseId: c.id, arm: a.arm, repeat };
          yield { key: workKey(ids), ...ids, model: a.model, endpoint: a.endpoint, request: { api: pc.api, model: a.model, messages, params: a.params } };
        }
      }
    }
  }
}

/** How many work items `workItems` yields, without building them. */
export function countWorkItems(plan: RunPlanFile): number {
  let pairIndex = 0;
  let items = 0;
  for (const pc of plan.callSites) {
    const arms = armNames(pc.arms).length;
    for (let i = 0; i < pc.cases.length; i++) if (inShard(plan, pairIndex++)) items += plan.repeats * arms;
  }
  return items;
}
