// Context fit: prompt tokens per call site from the template and the cases' variables, and the models
// whose window or output limit the call site would exceed — which then rejects them as candidates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextFit, planContextFit, promptTokens } from '../../../src/core/compare/contextFit';
import { recommend } from '../../../src/core/compare/recommend';
import type { ArmMetrics } from '../../../src/core/compare/metrics';
import { BUILTIN_CATALOG, loadCatalog } from '../../../src/core/models/catalog';
import type { CallSite } from '../../../src/core/callsite';
import type { PlannedCallSite } from '../../../src/core/replay/records';

const catalog = loadCatalog(BUILTIN_CATALOG);
// One user message "Summarise: {{doc}}": 11 characters of template, 4 tokens of framing.
const site = (params: Record<string, unknown>): CallSite => ({
  id: 'summarise-1', path: 'src/a.ts', line: 1, params,
  prompt: { messages: [{ role: 'user', content: 'Summarise: {{doc}}' }], holes: ['doc'] },
} as unknown as CallSite);
const cases = (chars: number[]) => chars.map((n, i) => ({ id: `c${i}`, vars: { doc: 'x'.repeat(n) } }));

test('prompt tokens are p50 / p95 / max over the cases, by the ~4-characters-a-token estimate', () => {
  // Sizes 1..20 thousand characters: tokens ≈ (11 + n) / 4 + 4.
  const t = promptTokens({ callSite: site({}), cases: cases(Array.from({ length: 20 }, (_, i) => (i + 1) * 1000)) });
  const tok = (n: number) => Math.ceil((11 + n) / 4) + 4;
  assert.deepEqual(t, { cases: 20, p50: tok(10_000), p95: tok(19_000), max: tok(20_000) });
  assert.deepEqual(promptTokens({ callSite: site({}), cases: [] }), { cases: 0, p50: 0, p95: 0, max: 0 });
});

test('a window or output limit the call site would exceed is named; unknown limits are no problem', () => {
  const big = promptTokens({ callSite: site({}), cases: cases([600_000]) }); // ~150k tokens
  assert.match(contextFit(big, {}, 'gpt-4o', catalog).problem ?? '', /^the largest prompt \(~150,007 tokens\) exceeds gpt-4o's 128,000-token context window$/);
  assert.equal(contextFit(big, {}, 'gpt-4.1-mini', catalog).problem, null, 'a 1M window takes it');
  const asks = contextFit(promptTokens({ callSite: site({}), cases: cases([100]) }), { max_tokens: 20_000 }, 'gpt-4o', catalog);
  assert.equal(asks.problem, 'the call site asks for 20,000 output tokens; gpt-4o gives at most 16,384');
  assert.equal(contextFit(big, {}, 'some-private-model', catalog).problem, null);
  const planned: PlannedCallSite = { callSite: site({ max_tokens: 20_000 }), cases: cases([100]), arms: { baseline: { model: 'gpt-4.1' }, 'gpt-4o': { model: 'gpt-4o' } }, api: 'chat', schema: null };
  const fit = planContextFit([planned], catalog).get('summarise-1')!;
  assert.equal(fit.outputTokens, 20_000);
  assert.equal(fit.arms.baseline.problem, null);
  assert.match(fit.arms['gpt-4o'].problem!, /asks for 20,000 output tokens/);
});

test('a candidate that does not fit is rejected on contextFit, however well it answered', () => {
  const m: ArmMetrics = { n: 10, errors: 0, errorRate: 0, schemaPass: 10, schemaPassRate: 1, latencyP50Ms: 1, latencyP95Ms: 1, inputTokens: 1000, outputTokens: 100, costUsd: 0, costPerCaseUsd: 0 };
  const { recommendation } = recommend({
    baseline: { model: 'gpt-4.1', metrics: m },
    candidates: [{ arm: 'gpt-4o-mini', model: 'gpt-4o-mini', metrics: m, agreement: null, contextProblem: 'the largest prompt (~150,007 tokens) exceeds gpt-4o-mini\'s 128,000-token context window' }, { arm: 'gpt-4.1-mini', model: 'gpt-4.1-mini', metrics: m, agreement: null }],
    priceOf: (id) => ({ 'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 }, 'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 }, 'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 } })[id] ?? null,
    volume: { callsPerMonth: 1000, source: 'flag' },
  });
  assert.equal(recommendation.model, 'gpt-4.1-mini');
  assert.deepEqual(recommendation.rejected.map((r) => [r.model, r.gates]), [['gpt-4o-mini', ['contextFit']]]);
});
