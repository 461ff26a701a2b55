// Open-weight families and the hosts that serve them: tiers per host, host ids resolving to the
// family's entry, prices per host, built-in host profiles and the refusals they carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_CATALOG, isIsoDate, loadCatalog, lookupModel, offerByHostId } from '../../../src/core/models/catalog';
import { familyTiers, sweepModels } from '../../../src/core/models/family';
import { BUILTIN_HOSTS, hostEndpoints, hostRefusals } from '../../../src/core/models/hosts';
import { catalogPriceOf } from '../../../src/core/replay/catalogPorts';
import { endpointProblems } from '../../../src/core/replay/endpointFit';
import type { CallSite } from '../../../src/core/callsite';
import { contextFit } from '../../../src/core/compare/contextFit';

const catalog = loadCatalog(BUILTIN_CATALOG);

test('--sweep FAMILY@HOST: the tiers that host serves, cheapest first by its prices; size tiers count as tiers', () => {
  assert.deepEqual(familyTiers(catalog, 'gpt-oss', '2026-11-15', 'fireworks').models, ['gpt-oss-20b@fireworks', 'gpt-oss-120b@fireworks']);
  assert.deepEqual(familyTiers(catalog, 'llama-4', '2026-11-15', 'cerebras').models, ['llama-4-maverick@cerebras', 'llama-4-scout@cerebras']);
  assert.deepEqual(familyTiers(catalog, 'llama-4', '2026-11-15').models, ['llama-4-maverick', 'llama-4-scout'], 'no vendor price: by id');
  assert.deepEqual(familyTiers(catalog, 'gpt-4', '2026-01-01').models.filter((m) => /\d{4}/.test(m)), [], 'a dated snapshot is still no tier');
  const r = sweepModels([], ['llama-4@groq'], ['gpt-4.1'], catalog, '2026-11-15');
  assert.deepEqual(r, { ok: false, error: '--sweep llama-4@groq: the model catalog has no family "llama-4" served by "groq"' });
});

test('a host\'s own id is the family member, priced at that host', () => {
  assert.equal(lookupModel(catalog, 'accounts/fireworks/models/gpt-oss-120b')?.id, 'gpt-oss-120b');
  assert.equal(lookupModel(catalog, 'llama-4-scout-17b-16e-instruct')?.id, 'llama-4-scout');
  assert.equal(lookupModel(catalog, 'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8')?.id, 'llama-4-maverick');
  assert.equal(offerByHostId(catalog, 'accounts/fireworks/models/gpt-oss-20b')?.host, 'fireworks');
  const price = catalogPriceOf(catalog);
  assert.deepEqual(price('accounts/fireworks/models/gpt-oss-20b'), { inputPerMTok: 0.07, outputPerMTok: 0.3 });
  assert.equal(price('gpt-oss-20b'), null, 'no vendor API, so no vendor price');
  // In a plan, the arm's host decides: a self-hosted vLLM arm has no price even for a model a host prices.
  const plan = { arms: { baseline: { model: 'gpt-4.1' }, a: { model: 'llama-4-scout-17b-16e-instruct', endpoint: { host: 'cerebras', baseURL: null } }, b: { model: 'meta-llama/Llama-4-Maverick-17B-128E-Instruct', endpoint: { host: 'box', baseURL: null, catalogHost: 'vllm' } } } };
  const inPlan = catalogPriceOf(catalog, plan);
  assert.deepEqual(inPlan('llama-4-scout-17b-16e-instruct'), { inputPerMTok: 0.65, outputPerMTok: 0.85 });
  assert.equal(inPlan('meta-llama/Llama-4-Maverick-17B-128E-Instruct'), null);
  assert.deepEqual(inPlan('gpt-4.1'), price('gpt-4.1'));
});

test('built-in hosts carry a source and a date; Groq refuses what its compatibility page lists', () => {
  for (const h of BUILTIN_HOSTS) {
    assert.match(h.source, /^https:\/\//, h.id);
    assert.ok(isIsoDate(h.retrievedOn), h.id);
    assert.match(h.apiKeyEnv, /^[A-Z_]+$/, h.id);
  }
  const groq = BUILTIN_HOSTS.find((h) => h.id === 'groq')!;
  const ok = { params: { temperature: 0, max_tokens: 10, response_format: { type: 'json_schema' } }, messages: [{ role: 'user', content: 'x' }] };
  assert.deepEqual(hostRefusals(groq, ok), []);
  assert.equal(hostRefusals(groq, { ...ok, params: { ...ok.params, logprobs: true, n: 2 } }).length, 2);
  assert.equal(hostRefusals(groq, { ...ok, params: { n: 1 } }).length, 0, 'n = 1 is fine');
  assert.match(hostRefusals(groq, { params: {}, messages: [{ role: 'user', name: 'bob', content: 'x' }] })[0], /a message "name"/);
  // Bedrock's OpenAI-compatible endpoint serves OpenAI's models there, not Llama (Converse API only).
  const bedrock = BUILTIN_HOSTS.find((h) => h.id === 'bedrock')!;
  assert.deepEqual(hostRefusals(bedrock, { ...ok, model: 'openai.gpt-oss-20b-1:0' }), []);
  assert.match(hostRefusals(bedrock, { ...ok, model: 'us.meta.llama4-scout-17b-instruct-v1:0' })[0], /serves only OpenAI's models on Bedrock/);
});

test('config "endpoints": override a built-in, add one of your own, and bad entries are named', () => {
  const { endpoints, problems } = hostEndpoints({
    together: { baseURL: 'https://eu.example/v1' },
    'gpu-box': { host: 'vllm', baseURL: 'http://10.0.0.7:8000/v1', apiKeyEnv: 'GPU_BOX_KEY', refuses: ['json_schema'] },
    nope: { host: 'sagemaker', baseURL: 'https://x' },
    key: { baseURL: 'https://x', apiKeyEnv: 'sk-abc' },
  }, 'cfg.json');
  assert.equal(endpoints.find((e) => e.name === 'together')?.baseURL, 'https://eu.example/v1');
  const box = endpoints.find((e) => e.name === 'gpu-box')!;
  assert.deepEqual([box.id, box.apiKeyEnv, box.keyOptional, box.refuses.map((r) => r.kind)], ['vllm', 'GPU_BOX_KEY', true, ['json-schema']]);
  assert.equal(problems.length, 2);
  assert.match(problems[0], /cfg\.json: endpoints\["nope"\]: "host" must be one of groq, together/);
  assert.match(problems[1], /never goes in this file/);
});

test('an open-weight model sent to OpenAI\'s own API is refused with where to send it', () => {
  const site = { id: 's1', path: 'a.ts', line: 3, api: 'openai.chat', model: 'gpt-4.1', modelResolved: null } as unknown as CallSite;
  const problems = endpointProblems([{ site, models: ['gpt-oss-120b'] }], { kind: 'openai' }, catalog);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /asks for open-weight model gpt-oss-120b, which OpenAI's API does not serve.*--candidate MODEL@HOST/);
  assert.deepEqual(endpointProblems([{ site, models: ['gpt-oss-120b'] }], { kind: 'compatible', baseURL: 'http://127.0.0.1:9/v1' }, catalog), []);
});

test('context fit uses the host\'s window when it serves less than the vendor\'s', () => {
  const tokens = { cases: 3, p50: 20_000, p95: 39_000, max: 40_000 };
  assert.equal(contextFit(tokens, {}, 'llama-4-scout', catalog).problem, null, '10M-token window as Meta states it');
  const onHost = contextFit(tokens, {}, 'llama-4-scout-17b-16e-instruct', catalog);
  assert.equal(onHost.contextWindow, 32_000);
  assert.match(onHost.problem ?? '', /exceeds llama-4-scout-17b-16e-instruct's 32,000-token context window/);
});
