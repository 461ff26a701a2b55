// Arms sent to a host (`MODEL@HOST`): the context-fit check uses the host's window and output limit,
// the projected cost follows the host's price, a host the catalog has no price for is named as such
// (never free), and the workspace can give the price itself (config "models" or the setting).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_CATALOG, loadCatalog, noPriceText, USER_SOURCE } from '../../../src/core/models/catalog';
import { endpointOfferOverrides, hostEndpoints, workspaceCatalog } from '../../../src/core/models/hosts';
import { planContextFit } from '../../../src/core/compare/contextFit';
import { recommend, type CandidateInput } from '../../../src/core/compare/recommend';
import type { ArmMetrics } from '../../../src/core/compare/metrics';
import { catalogPriceOf } from '../../../src/core/replay/catalogPorts';
import type { CallSite } from '../../../src/core/callsite';
import type { PlannedCallSite, RunPlanFile } from '../../../src/core/replay/records';

const catalog = loadCatalog(BUILTIN_CATALOG);
const site = (params: Record<string, unknown>): CallSite => ({
  id: 's1', path: 'src/a.ts', line: 1, params,
  prompt: { messages: [{ role: 'user', content: 'Summarise: {{doc}}' }], holes: ['doc'] },
} as unknown as CallSite);
// ~40,000 tokens of prompt: more than Cerebras' 32k, far less than Fireworks' ~1M or Meta's 10M.
const bigCase = [{ id: 'c0', vars: { doc: 'x'.repeat(160_000) } }];

type Arms = RunPlanFile['arms'];
const plannedWith = (arms: Arms, params: Record<string, unknown> = {}): PlannedCallSite => ({
  callSite: site(params), cases: bigCase, api: 'chat', schema: null,
  arms: Object.fromEntries(Object.entries(arms).map(([k, v]) => [k, { model: v.model }])),
} as PlannedCallSite);

test('context fit: an arm sent to a host is held to that host\'s window, the same model elsewhere to its own', () => {
  const arms: Arms = {
    baseline: { model: 'llama-4-scout' },
    'llama-4-scout@cerebras': { model: 'llama-4-scout-17b-16e-instruct', endpoint: { host: 'cerebras', baseURL: null } },
    'llama-4-scout@fireworks': { model: 'accounts/fireworks/models/llama4-scout-instruct-basic', endpoint: { host: 'fireworks', baseURL: null } },
    // A self-hosted server sends the Hugging Face id, which is also the family's alias: no host window is known.
    'llama-4-scout@box': { model: 'meta-llama/Llama-4-Scout-17B-16E-Instruct', endpoint: { host: 'box', baseURL: null, catalogHost: 'vllm' } },
  };
  const fit = planContextFit([plannedWith(arms)], catalog, arms).get('s1')!;
  assert.equal(fit.arms.baseline.problem, null, "Meta's 10M-token window");
  assert.equal(fit.arms['llama-4-scout@cerebras'].contextWindow, 32_000);
  assert.match(fit.arms['llama-4-scout@cerebras'].problem ?? '', /exceeds llama-4-scout-17b-16e-instruct's 32,000-token context window/);
  assert.deepEqual([fit.arms['llama-4-scout@fireworks'].contextWindow, fit.arms['llama-4-scout@fireworks'].problem], [1_048_576, null]);
  assert.deepEqual([fit.arms['llama-4-scout@box'].contextWindow, fit.arms['llama-4-scout@box'].problem], [10_000_000, null]);
});

test('context fit: a host\'s output limit counts (Bedrock serves Llama 4 Maverick with 8K of output)', () => {
  const arms: Arms = {
    baseline: { model: 'llama-4-maverick' },
    'llama-4-maverick@bedrock': { model: 'meta.llama4-maverick-17b-instruct-v1:0', endpoint: { host: 'bedrock', baseURL: null } },
  };
  const fit = planContextFit([plannedWith(arms, { max_tokens: 10_000 })], catalog, arms).get('s1')!;
  assert.equal(fit.arms.baseline.problem, null);
  assert.equal(fit.arms['llama-4-maverick@bedrock'].maxOutputTokens, 8_000);
  assert.match(fit.arms['llama-4-maverick@bedrock'].problem ?? '', /asks for 10,000 output tokens; meta\.llama4-maverick-17b-instruct-v1:0 gives at most 8,000/);
});

const metrics = (n: number, inputTokens: number, outputTokens: number): ArmMetrics => ({
  n, errors: 0, errorRate: 0, schemaPass: n, schemaPassRate: 1, latencyP50Ms: 1, latencyP95Ms: 1, inputTokens, outputTokens, costUsd: 0, costPerCaseUsd: 0,
});

test('projected cost of a MODEL@HOST arm follows the host\'s price; a host without one is named, never free', () => {
  const arms: Arms = {
    baseline: { model: 'gpt-4.1' },
    'llama-4-scout@cerebras': { model: 'llama-4-scout-17b-16e-instruct', endpoint: { host: 'cerebras', baseURL: null } },
    'llama-4-scout@groq': { model: 'llama-4-scout', endpoint: { host: 'groq', baseURL: null } },
  };
  const priceOf = catalogPriceOf(catalog, { arms });
  const m = metrics(10, 10_000, 2_000); // per call: 1,000 in, 200 out
  const candidates: CandidateInput[] = [
    { arm: 'llama-4-scout@groq', model: 'llama-4-scout', metrics: m, agreement: null },
    { arm: 'llama-4-scout@cerebras', model: 'llama-4-scout-17b-16e-instruct', metrics: m, agreement: null },
  ];
  const { recommendation, assessments } = recommend({ baseline: { model: 'gpt-4.1', metrics: m }, candidates, priceOf, volume: { callsPerMonth: 100_000, source: 'flag' } });
  const cerebras = assessments.find((a) => a.arm === 'llama-4-scout@cerebras')!;
  // (1,000 × $0.65 + 200 × $0.85) / 1M per call, at Cerebras' own page's prices.
  assert.equal(cerebras.costPerCallUsd, (1000 * 0.65 + 200 * 0.85) / 1e6);
  assert.equal(cerebras.monthlyCostUsd, Math.round((1000 * 0.65 + 200 * 0.85) / 1e6 * 100_000 * 1e4) / 1e4);
  assert.equal(recommendation.arm, 'llama-4-scout@cerebras');
  const groq = assessments.find((a) => a.arm === 'llama-4-scout@groq')!;
  assert.deepEqual([groq.costPerCallUsd, groq.monthlyCostUsd, groq.passed], [null, null, false]);
  assert.equal(groq.gates.find((g) => g.gate === 'price')?.detail,
    'no price for llama-4-scout@groq in the catalog (add one in .promptshift/config.json or the promptshift.models.catalog setting): its monthly cost cannot be projected');
  assert.equal(noPriceText('gpt-x'), 'no price for gpt-x in the catalog (add one in the promptshift.models.catalog setting)', 'a plain model has only the setting');
});

test('the workspace gives a host\'s price: config "endpoints" … "models" price the arm and set its window', () => {
  const { endpoints, problems } = hostEndpoints({
    groq: { models: { 'llama-4-scout': { modelId: 'meta-llama/llama-4-scout-17b-16e-instruct', inputPerMTok: 0.5, outputPerMTok: 1, contextWindow: 30_000 } } },
    bad: { host: 'together', baseURL: 'https://x.example/v1', models: { 'llama-4-scout': { inputPerMTok: 0.2 } } },
  }, 'cfg.json');
  assert.deepEqual(problems, ['cfg.json: endpoints["bad"].models["llama-4-scout"]: give both inputPerMTok and outputPerMTok']);
  assert.deepEqual(endpointOfferOverrides(catalog, endpoints).map((o) => o.id), ['llama-4-scout']);
  const ws = workspaceCatalog(endpoints);
  assert.deepEqual(ws.warnings, []);
  const offer = ws.index.get('llama-4-scout')?.hosts?.groq;
  assert.deepEqual([offer?.modelId, offer?.inputPerMTok, offer?.outputPerMTok, offer?.source], ['meta-llama/llama-4-scout-17b-16e-instruct', 0.5, 1, 'cfg.json']);
  assert.equal(ws.index.get('llama-4-scout')?.hosts?.cerebras?.inputPerMTok, 0.65, 'built-in offers stay');
  const arms: Arms = { baseline: { model: 'llama-4-scout' }, 'llama-4-scout@groq': { model: 'meta-llama/llama-4-scout-17b-16e-instruct', endpoint: { host: 'groq', baseURL: null } } };
  assert.deepEqual(catalogPriceOf(ws, { arms })('meta-llama/llama-4-scout-17b-16e-instruct'), { inputPerMTok: 0.5, outputPerMTok: 1 });
  const fit = planContextFit([plannedWith(arms)], ws, arms).get('s1')!;
  assert.match(fit.arms['llama-4-scout@groq'].problem ?? '', /30,000-token context window/);
});

test('the setting promptshift.models.catalog takes host offers too; a bad one is a warning, the rest still apply', () => {
  const c = loadCatalog(BUILTIN_CATALOG, [
    { id: 'llama-4-maverick', hosts: { bedrock: { inputPerMTok: 0.3, outputPerMTok: 0.9 }, groq: { inputPerMTok: 'cheap', outputPerMTok: 1 } } },
  ]);
  const bedrock = c.index.get('llama-4-maverick')?.hosts?.bedrock;
  // The price is the user's (and so is the source); the host's id and limits from its page stay.
  assert.deepEqual([bedrock?.inputPerMTok, bedrock?.outputPerMTok, bedrock?.source, bedrock?.note, bedrock?.modelId, bedrock?.contextWindow, bedrock?.maxOutputTokens],
    [0.3, 0.9, USER_SOURCE, undefined, 'meta.llama4-maverick-17b-instruct-v1:0', 1_000_000, 8_000]);
  assert.deepEqual(c.warnings, ['promptshift.models.catalog: "llama-4-maverick".hosts.groq "inputPerMTok" must be a non-negative number; ignored.']);
  assert.equal(c.index.get('llama-4-maverick')?.hosts?.groq, undefined);
});
