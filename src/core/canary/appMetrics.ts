// The metrics the application must emit for the gates to be measured in production, named after the
// OpenTelemetry GenAI semantic conventions where one exists, as an OTLP → Prometheus pipeline names
// them (dots become underscores, the unit "s" adds `_seconds`, counters get `_total`, `{token}`-style
// annotation units add nothing), plus one counter of Promptshift's own for schema failures.
import type { AppMetric } from './types';

export const DURATION = 'gen_ai_client_operation_duration_seconds';
export const TOKENS = 'gen_ai_client_token_usage';
export const SCHEMA_FAILURES = 'promptshift_schema_failures_total';
export const MODEL_LABEL = 'gen_ai_request_model';

export const APP_METRICS: AppMetric[] = [
  {
    otel: 'gen_ai.client.operation.duration', prometheus: `${DURATION}_bucket|_sum|_count`, type: 'histogram', unit: 's',
    labels: ['gen_ai_request_model', 'error_type', 'gen_ai_operation_name', 'gen_ai_provider_name'],
    description: 'Duration of each model call, every call counted once; `error.type` is set on failed calls only. Its _count is the request count behind every rate.',
    definedBy: 'OpenTelemetry GenAI semantic conventions',
  },
  {
    otel: 'gen_ai.client.token.usage', prometheus: `${TOKENS}_bucket|_sum|_count`, type: 'histogram', unit: '{token}',
    labels: ['gen_ai_request_model', 'gen_ai_token_type'],
    description: 'Input and output tokens per call (`gen_ai.token.type` = input | output); with the model\'s prices it gives the cost per request.',
    definedBy: 'OpenTelemetry GenAI semantic conventions',
  },
  {
    otel: 'promptshift.schema.failures', prometheus: SCHEMA_FAILURES, type: 'counter', unit: '{request}',
    labels: ['gen_ai_request_model'],
    description: 'Calls whose output did not pass the call site\'s JSON Schema, failed calls included — the replay\'s definition of a schema failure, so the online schema pass rate is 1 − this / requests.',
    definedBy: 'Promptshift',
  },
];

/** A PromQL string literal. */
export function promString(s: string): string {
  return JSON.stringify(s);
}

/** The label matcher that selects the candidate's series. */
export function candidateSelector(models: readonly string[]): string {
  const unique = [...new Set(models)];
  if (unique.length === 1) return `${MODEL_LABEL}=${promString(unique[0])}`;
  const alternatives = unique.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return `${MODEL_LABEL}=~${promString(alternatives)}`;
}

/** `$WINDOW` in a query is the stage's window; each exporter substitutes its own variable. */
export const WINDOW = '$WINDOW';

const requests = (sel: string) => `sum(rate(${DURATION}_count{${sel}}[${WINDOW}]))`;

export const queries = {
  errorRate: (sel: string) => `(sum(rate(${DURATION}_count{${sel},error_type!=""}[${WINDOW}])) or vector(0)) / ${requests(sel)}`,
  schemaPassRate: (sel: string) => `1 - (sum(rate(${SCHEMA_FAILURES}{${sel}}[${WINDOW}])) or vector(0)) / ${requests(sel)}`,
  latencyP95Ms: (sel: string) => `histogram_quantile(0.95, sum by (le) (rate(${DURATION}_bucket{${sel},error_type=""}[${WINDOW}]))) * 1000`,
  costPerRequest: (sel: string, inputPerToken: number, outputPerToken: number) =>
    `(sum(rate(${TOKENS}_sum{${sel},gen_ai_token_type="input"}[${WINDOW}])) * ${inputPerToken} + (sum(rate(${TOKENS}_sum{${sel},gen_ai_token_type="output"}[${WINDOW}])) or vector(0)) * ${outputPerToken}) / ${requests(sel)}`,
  requests: (sel: string) => `sum(increase(${DURATION}_count{${sel}}[${WINDOW}]))`,
};
