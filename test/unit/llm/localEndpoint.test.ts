// The local endpoint itself: wire format as the real SDK reads it, labels, determinism, fault rates,
// per-model latency, stats, and a clean stop with keep-alive connections open.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { Agent, request as httpRequest } from 'node:http';
import { startLocalEndpoint, hashRequestBody, LOCAL_FINGERPRINT, type FaultKind } from '../../../src/llm/localEndpoint/index';
import { createOpenAiClient } from '../../../src/llm/openaiClient';
import { jsonForSchema, isSloppyFor } from '../../../src/llm/localEndpoint/schemaValue';
import { chooseFault } from '../../../src/llm/localEndpoint/faults';
import { startLocalEndpointProcess } from '../../../src/llm/localEndpoint/process';

const sdkFor = (url: string) => new OpenAI({ baseURL: url, apiKey: 'k', maxRetries: 0 });

describe('local endpoint', () => {
  it('speaks the chat wire format and labels itself', async () => {
    const ep = await startLocalEndpoint({ latencyMs: 0 });
    try {
      const c = await sdkFor(ep.url).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
      assert.match(c.id, /^chatcmpl-/);
      assert.equal(c.object, 'chat.completion');
      assert.equal(typeof c.created, 'number');
      assert.equal(c.system_fingerprint, LOCAL_FINGERPRINT);
      assert.equal(c.choices[0].finish_reason, 'stop');
      assert.equal(c.choices[0].message.role, 'assistant');
      assert.equal(c.usage!.total_tokens, c.usage!.prompt_tokens + c.usage!.completion_tokens);
      const r = await sdkFor(ep.url).responses.create({ model: 'gpt-4o', instructions: 'Be brief', input: 'hi' });
      assert.match(r.id, /^resp_/);
      assert.equal(r.object, 'response');
      assert.equal(r.status, 'completed');
      assert.equal(r.output[0].type, 'message');
      assert.ok(r.output_text.startsWith('[promptshift-local]'));
      assert.equal(r.usage!.total_tokens, r.usage!.input_tokens + r.usage!.output_tokens);
      const models = await sdkFor(ep.url).models.list();
      assert.ok(models.data.length > 0);
      for (const m of models.data) assert.match(m.owned_by, /promptshift-local \(test stand-in, not a real model\)/);
    } finally {
      await ep.close();
    }
  });

  it('max tokens cut the answer with finish_reason length / status incomplete', async () => {
    const ep = await startLocalEndpoint({ latencyMs: 0 });
    try {
      const c = await sdkFor(ep.url).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], max_tokens: 3 });
      assert.equal(c.choices[0].finish_reason, 'length');
      assert.equal(c.choices[0].message.content!.length, 12);
      const r = await sdkFor(ep.url).responses.create({ model: 'gpt-4o', input: 'hi', max_output_tokens: 3 });
      assert.equal(r.status, 'incomplete');
    } finally {
      await ep.close();
    }
  });

  it('applies per-model latency with a default', async () => {
    const ep = await startLocalEndpoint({ latencyMs: { slowpoke: 150 }, defaultLatencyMs: 0 });
    try {
      const client = createOpenAiClient({ kind: 'compatible', baseURL: ep.url, apiKey: 'k' });
      const msg = [{ role: 'user', content: 'x' }];
      const fast = await client.send({ api: 'chat', model: 'gpt-4o', messages: msg, params: {} });
      const slow = await client.send({ api: 'chat', model: 'slowpoke', messages: msg, params: {} });
      // The injected latency is a floor; on a loaded machine anything can come later, so the fast
      // model is compared with the slow one, not with a wall-clock ceiling.
      assert.ok(slow.latencyMs >= 150, `slow ${slow.latencyMs}`);
      assert.ok(fast.latencyMs < slow.latencyMs, `fast ${fast.latencyMs} < slow ${slow.latencyMs}`);
    } finally {
      await ep.close();
    }
  });

  it('faults about the configured share of first attempts, deterministically, and only first attempts', async () => {
    const ep = await startLocalEndpoint({ latencyMs: 0, faults: { rate: 0.25, kinds: ['500', '429'], firstAttemptOnly: true, seed: 7 } });
    try {
      const client = createOpenAiClient({ kind: 'compatible', baseURL: ep.url, apiKey: 'k' });
      const reqs = Array.from({ length: 200 }, (_, i) => ({ api: 'chat' as const, model: 'gpt-4o', messages: [{ role: 'user', content: `case ${i}` }], params: {} }));
      const first = await Promise.all(reqs.map((r) => client.send(r)));
      const failed = first.filter((r) => !r.ok).length;
      assert.ok(failed >= 30 && failed <= 70, `failed ${failed}/200`);
      assert.equal(ep.stats().faultsInjected, failed);
      // Same seed → same requests faulted: the decision is a function of (seed, hash, attempt).
      const expected = reqs.filter((r) => chooseFault({ rate: 0.25, kinds: ['500'], firstAttemptOnly: true, seed: 7 }, hashRequestBody({ model: r.model, messages: r.messages }), 0) !== null).length;
      assert.equal(failed, expected);
      const second = await Promise.all(reqs.map((r, i) => (first[i].ok ? first[i] : client.send(r))));
      assert.ok(second.every((r) => r.ok));
      const s = ep.stats();
      assert.equal(s.ok, 200);
      assert.equal(s.requests, 200 + failed);
      assert.equal(Object.keys(s.byHash).length, 200);
      assert.ok(Object.values(s.byHash).every((h) => h.ok === 1));
    } finally {
      await ep.close();
    }
  });

  it('every fault kind can be chosen and the rate 0/1 extremes hold', () => {
    const seen = new Set<FaultKind | null>();
    for (let i = 0; i < 200; i++) seen.add(chooseFault({ rate: 1 }, `h${i}`, 0));
    assert.deepEqual([...seen].sort(), ['429', '500', 'reset', 'slow', 'truncated']);
    assert.equal(chooseFault({ rate: 0 }, 'h', 0), null);
    assert.equal(chooseFault({ rate: 1, firstAttemptOnly: true }, 'h', 1), null);
  });

  it('requires the key when authKey is set, accepting Bearer and Azure api-key', async () => {
    const ep = await startLocalEndpoint({ latencyMs: 0, authKey: 'secret-key-1' });
    try {
      const noKey = await fetch(`${ep.url}/models`);
      assert.equal(noKey.status, 401);
      assert.equal((await fetch(`${ep.url}/models`, { headers: { authorization: 'Bearer secret-key-1' } })).status, 200);
      assert.equal((await fetch(`${ep.url}/models`, { headers: { 'api-key': 'secret-key-1' } })).status, 200);
    } finally {
      await ep.close();
    }
  });

  it('unknown models → 404 when a model list is given; unknown routes → 404', async () => {
    const ep = await startLocalEndpoint({ latencyMs: 0, models: ['gpt-4o'] });
    try {
      const r = await createOpenAiClient({ kind: 'compatible', baseURL: ep.url, apiKey: 'k' }).send({ api: 'chat', model: 'gpt-9', messages: [{ role: 'user', content: 'x' }], params: {} });
      assert.equal(!r.ok && r.error.type, 'not_found');
      assert.equal((await fetch(`${ep.url}/nothing`)).status, 404);
    } finally {
      await ep.close();
    }
  });

  it('close() returns promptly with idle keep-alive sockets and in-flight slow requests', async () => {
    const ep = await startLocalEndpoint({ latencyMs: 0, faults: { rate: 1, kinds: ['slow'], slowMs: 60_000 } });
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      httpRequest(`${ep.url}/models`, { agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject).end();
    });
    const hanging = sdkFor(ep.url).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await ep.close();
    assert.ok(Date.now() - t0 < 1000, `close took ${Date.now() - t0} ms`);
    assert.ok((await hanging) instanceof Error);
    agent.destroy();
  });
});

describe('local endpoint in a child process', () => {
  it('serves, counts, takes faults and exits on close', async () => {
    const ep = await startLocalEndpointProcess({ latencyMs: 0 });
    try {
      const client = createOpenAiClient({ kind: 'compatible', baseURL: ep.url, apiKey: 'k' });
      const req = { api: 'chat' as const, model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], params: {} };
      assert.equal((await client.send(req)).ok, true);
      await ep.setFaults({ rate: 1, kinds: ['500'] });
      const r = await client.send(req);
      assert.equal(!r.ok && r.error.type, 'server');
      const s = await ep.stats();
      assert.equal(s.requests, 2);
      assert.equal(s.faultsInjected, 1);
    } finally {
      await ep.close();
    }
    assert.throws(() => process.kill(ep.pid, 0), /ESRCH/);
  });
});

describe('schema values', () => {
  const schema = {
    type: 'object', required: ['id', 'when', 'kind', 'n', 'items', 'meta', 'maybe'],
    $defs: { Item: { type: 'object', required: ['sku'], properties: { sku: { type: 'string', minLength: 20 }, qty: { type: 'integer', minimum: 1, maximum: 9 } } } },
    properties: {
      id: { type: 'string', format: 'uuid' }, when: { type: 'string', format: 'date-time' }, kind: { enum: ['a', 'b'] },
      n: { type: 'number', exclusiveMinimum: 0, maximum: 1 }, items: { type: 'array', minItems: 2, maxItems: 2, items: { $ref: '#/$defs/Item' } },
      meta: { anyOf: [{ type: 'null' }, { type: 'object', properties: { ok: { type: 'boolean' }, c: { const: 3 } } }] }, maybe: { type: ['string', 'null'], maxLength: 5 },
    },
  };

  it('satisfies the schema for a non-sloppy model', () => {
    for (let i = 0; i < 50; i++) {
      const v = jsonForSchema(schema, `p${i}`, 'gpt-4o') as Record<string, unknown>;
      assert.match(String(v.id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.ok(!Number.isNaN(Date.parse(String(v.when))));
      assert.ok(v.kind === 'a' || v.kind === 'b');
      assert.ok((v.n as number) > 0 && (v.n as number) <= 1);
      const items = v.items as Array<{ sku: string; qty: number }>;
      assert.equal(items.length, 2);
      assert.ok(items.every((it) => it.sku.length >= 20 && Number.isInteger(it.qty) && it.qty >= 1 && it.qty <= 9));
      assert.equal((v.meta as { c: number }).c, 3);
      assert.ok(String(v.maybe).length <= 5);
    }
  });

  it('is deterministic, and "mini"/"nano" models drop a required field for about 1 prompt in 5', () => {
    assert.deepEqual(jsonForSchema(schema, 'p', 'gpt-4o'), jsonForSchema(schema, 'p', 'gpt-4o'));
    let dropped = 0;
    for (let i = 0; i < 500; i++) {
      const v = jsonForSchema(schema, `p${i}`, 'gpt-4.1-nano') as Record<string, unknown>;
      const missing = schema.required.filter((k) => !(k in v));
      assert.equal(missing.length, isSloppyFor('gpt-4.1-nano', `p${i}`) ? 1 : 0);
      dropped += missing.length;
    }
    assert.ok(dropped > 60 && dropped < 140, `dropped ${dropped}/500`);
    assert.equal([...Array(200).keys()].filter((i) => isSloppyFor('gpt-4o', `p${i}`)).length, 0);
  });
});
