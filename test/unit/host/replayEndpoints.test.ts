import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  DEFAULT_API_KEY_ENV, describeProfile, findProfile, LOCAL_PROFILE, LOCAL_PROFILE_ID, needsKey, parseProfiles, secretKeyFor, toEndpointOptions,
} from '../../../src/host/replay/endpoints';
import { hostArmProblems } from '../../../src/core/replay/endpointFit';
import { builtinHost } from '../../../src/core/models/hosts';

test('profiles: valid entries are kept with defaults, the local stand-in always comes last', () => {
  const { profiles, problems } = parseProfiles([
    { name: 'OpenAI', kind: 'openai' },
    { name: 'Azure prod', kind: 'azure', baseURL: 'https://res.openai.azure.com', apiVersion: '2024-10-21', deployments: { 'gpt-4o': 'gpt4o-prod' }, rateLimits: { requestsPerMinute: 600, tokensPerMinute: 90000 }, apiKeyEnv: 'AZURE_KEY' },
    { name: 'Ollama', kind: 'compatible', baseURL: 'http://localhost:11434/v1', headers: { 'x-team': 'ml' } },
  ]);
  assert.deepEqual(problems, []);
  assert.deepEqual(profiles.map((p) => p.name), ['OpenAI', 'Azure prod', 'Ollama', LOCAL_PROFILE.name]);
  assert.equal(profiles[0].apiKeyEnv, DEFAULT_API_KEY_ENV);
  assert.equal(profiles[0].rateLimits, null);
  assert.deepEqual(profiles[1].rateLimits, { rpm: 600, tpm: 90000 });
  assert.equal(profiles[1].apiKeyEnv, 'AZURE_KEY');
  assert.equal(profiles[3].builtin, true);
});

test('profiles: broken entries are described and left out; header values are never repeated', () => {
  const { profiles, problems } = parseProfiles([
    { kind: 'openai' },
    { name: 'x', kind: 'anthropic' },
    { name: 'no url', kind: 'compatible' },
    { name: 'bad url', kind: 'compatible', baseURL: 'ftp://h' },
    { name: 'hdr', kind: 'openai', headers: { Authorization: 42 } },
    { name: 'dup', kind: 'openai' }, { name: 'dup', kind: 'openai' },
    { name: 'local', kind: 'openai' },
    'nope',
  ]);
  assert.deepEqual(profiles.map((p) => p.name), ['dup', LOCAL_PROFILE.name]);
  assert.equal(problems.length, 8);
  assert.match(problems.join('\n'), /needs a "name"[\s\S]*must be openai, azure or compatible[\s\S]*needs "baseURL"[\s\S]*http\(s\)[\s\S]*"Authorization" must be a string[\s\S]*duplicate[\s\S]*reserved/);
  assert.deepEqual(parseProfiles(undefined).profiles, [LOCAL_PROFILE]);
});

test('profiles: lookup, keys needed, secret names, descriptions', () => {
  const { profiles } = parseProfiles([{ name: 'OpenAI', kind: 'openai' }, { name: 'Ollama', kind: 'compatible', baseURL: 'http://localhost:11434/v1' }]);
  assert.equal(findProfile(profiles, LOCAL_PROFILE_ID), LOCAL_PROFILE);
  assert.equal(findProfile(profiles, 'Ollama')?.kind, 'compatible');
  assert.equal(findProfile(profiles, 'nope'), undefined);
  assert.equal(needsKey(profiles[0]), true);
  assert.equal(needsKey(profiles[1]), false);
  assert.equal(needsKey(LOCAL_PROFILE), false);
  assert.equal(secretKeyFor(profiles[0]), 'promptshift.apiKey:OpenAI');
  assert.match(describeProfile(LOCAL_PROFILE), /not a real model/);
  assert.equal(describeProfile(profiles[0]), 'api.openai.com');
});

test('endpoint options: the key is passed through, the stand-in needs its URL', () => {
  const { profiles } = parseProfiles([{ name: 'Azure', kind: 'azure', baseURL: 'https://r.openai.azure.com', deployments: { a: 'b' } }]);
  assert.deepEqual(toEndpointOptions(profiles[0], 'sk-123'), { kind: 'azure', baseURL: 'https://r.openai.azure.com', apiKey: 'sk-123', apiVersion: undefined, headers: undefined, deployments: { a: 'b' } });
  assert.deepEqual(toEndpointOptions(LOCAL_PROFILE, 'ignored', 'http://127.0.0.1:1/v1'), { kind: 'compatible', baseURL: 'http://127.0.0.1:1/v1', apiKey: '' });
  assert.throws(() => toEndpointOptions(LOCAL_PROFILE, ''), /not running/);
});

test('a profile on a built-in open-weight host takes its URL and key variable, and the host\'s refusals apply to the run', () => {
  const { profiles, problems } = parseProfiles([
    { name: 'Groq', kind: 'compatible', host: 'groq' },
    { name: 'Box', kind: 'compatible', host: 'vllm', baseURL: 'http://10.0.0.7:8000/v1', apiKeyEnv: 'BOX_KEY' },
    { name: 'Bad', kind: 'openai', host: 'groq' },
    { name: 'Worse', kind: 'compatible', host: 'sagemaker' },
  ]);
  const groq = profiles.find((p) => p.name === 'Groq')!;
  assert.deepEqual([groq.baseURL, groq.apiKeyEnv, groq.host], ['https://api.groq.com/openai/v1', 'GROQ_API_KEY', 'groq']);
  const box = profiles.find((p) => p.name === 'Box')!;
  assert.deepEqual([box.baseURL, box.apiKeyEnv, box.host], ['http://10.0.0.7:8000/v1', 'BOX_KEY', 'vllm']);
  assert.equal(problems.length, 2);
  assert.ok(problems.every((p) => /"host" must be one of groq, together, fireworks, cerebras, bedrock, vllm, with kind compatible/.test(p)), problems.join('\n'));
  const site = { id: 's', path: 'a.ts', line: 1, api: 'openai.chat', model: 'm', params: { logprobs: true }, prompt: null };
  const plan = { arms: { baseline: { model: null }, candidate: { model: 'x' } }, callSites: [{ callSite: site, cases: [{ id: 'c1', messages: [{ role: 'user', content: 'hi' }] }], arms: { baseline: { model: 'm' }, candidate: { model: 'x' } }, api: 'chat', schema: null }] };
  const refused = hostArmProblems(plan as never, (p) => p, builtinHost, groq.host);
  assert.equal(refused.length, 2, 'both arms go to the run\'s endpoint');
  assert.match(refused[0], /a\.ts:1: call site s, arm baseline \(case c1\): Groq refuses "logprobs"/);
});
