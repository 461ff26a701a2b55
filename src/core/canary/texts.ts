// The plan's fixed prose: how it covers several call sites, what a breach does, how assignment stays
// sticky, the rollback procedure and the sign-off checklist. Kept apart from the arithmetic so the
// plan builder reads as the derivation it is.
import type { BreachAction, Route } from './types';

export const COVERAGE = 'One plan per run. The gates are measured on the aggregate of all the run\'s call sites, because production metrics are per model (gen_ai.request.model), not per call site; '
  + 'the evidence lists every call site with its own numbers, significance test and review, and the plan is no-go if any call site is no-go or the aggregate regressed. '
  + 'Call sites that share a baseline model share a flag (a route); a run whose call sites have different baseline models has one flag per baseline model.';

export function breachActions(): Record<BreachAction, string> {
  return {
    rollback: 'Roll back to 0%: every request goes to the baseline model again, at once (error rate and schema pass rate gates).',
    pause: 'Pause at the current weight and page the owner: the stage does not advance until a person decides (p95 latency, cost per request, and a stage that has not yet seen its minimum sample).',
  };
}

export function assignmentNotes(): { sticky: string; perRequest: string; bucketing: string } {
  return {
    sticky: 'flagd and LaunchDarkly exports are sticky and monotone: the candidate is the first bucket of every split and the flag key and salt never change between stages, '
      + 'so a key routed to the candidate at 10% stays on it at 25%, 50% and 100%. Evaluate the flag with a stable targeting key (user, account or conversation id). '
      + 'The Flagger export sets session affinity (a cookie), so a client once routed to the candidate stays on it where the mesh or ingress supports it.',
    perRequest: 'LiteLLM and Portkey pick a deployment per request at random by weight, and Argo Rollouts shifts traffic per request between pods: they are not sticky — the same user may see both models within a stage. Use them where per-request mixing is acceptable.',
    bucketing: 'flagd: fractional over $flagd.flagKey + targetingKey (MurmurHash3); LaunchDarkly: fallthrough rollout bucketed by the context key with the flag key as salt.',
  };
}

export function rollbackSteps(routes: readonly Route[]): string[] {
  const keys = routes.map((r) => `\`${r.flagKey}\``).join(', ');
  return [
    `Set the candidate's weight to 0% on ${keys}: flagd, LaunchDarkly, LiteLLM and Portkey have a ready \`*.rollback.*\` file beside the stage files (\`promptshift canary RUN --format F --stage 0\` writes it again); Argo Rollouts: \`kubectl argo rollouts abort\`; Flagger rolls back by itself on a failed check.`,
    'Confirm within one metrics window that gen_ai_client_operation_duration_seconds_count for the candidate model stops rising.',
    'Keep the run directory and this plan: attach them, with the breached gate\'s value and time, to the incident.',
    'Before trying again, replay the failing traffic (import captured requests as cases) and review the differences.',
  ];
}

export function signOffChecklist(runId: string): string[] {
  return [
    `The evidence is from run ${runId}, and its cases represent production traffic.`,
    'Reviewers looked at the differences; no case is flagged (or the flags are resolved and the run replayed).',
    'The application emits the three metrics listed under "Metrics the application must emit", with the model label.',
    'The flag is evaluated with a stable targeting key, so assignment is sticky (flag-based formats).',
    'The gates\' thresholds and the minimum requests per stage are acceptable to the service owner.',
    'Whoever is on call knows the rollback procedure and can run it.',
  ];
}
