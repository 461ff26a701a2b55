// The client against the local endpoint over real HTTP, through the real openai SDK: every fault the
// endpoint can inject must come back as the right LlmError value, and no message may carry the key.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LlmRequest, LlmResponse } from '../../../src/core/ports';
import { createOpenAiClient } from '../../../src/llm/openaiClient';
import { AbortFlag } from '../../../src/core/replay/abortFlag';
import { startLocalEndpoint, type LocalEndpoint } from '../../../src/llm/localEndpoint/index';

const KEY = 'sk-test-PLANTED-123456';

const chat = (content: string, model = 'gpt-4o', params: Record<string, unknown> = {}): LlmRequest => ({
  api: 'chat', model, messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content }], params,
});

function assertNoKey(r: LlmResponse): void {
  assert.ok(!JSON.stringify(r).includes(KEY), `key leaked: ${JSON.stringify(r)}`);
  assert.ok(!JSON.stringify(r).includes('PLANTED'), `key fragment leaked: ${JSON.stringify(r)}`);
}

function err(r: LlmResponse) {
  assert.equal(r.ok, false, `expected an error, got ${JSON.stringify(r)}`);
  if (r.ok) throw new Error('unreachable');
  return r.error;
}

describe('createOpenAiClient against the local endpoint', () => {
  let ep: LocalEndpoint;
  before(async () => {
    ep = await startLocalEndpoint({ latencyMs: 5, authKey: KEY });
  });
  after(() => ep.close());
  const client = () => createOpenAiClient({ kind: 'compatible', baseURL: ep.url, apiKey: KEY });

  it('chat: answers with text, usage and latency', async () => {
    const r = await client().send(chat('Summarize the meeting notes'));
    assert.equal(r.ok, true, JSON.stringify(r));
    if (!r.ok) return;
    assert.match(r.output, /^\[promptshift-local\] On "Summarize the meeting notes": /);
    assert.equal(r.model, 'gpt-4o');
    assert.ok(r.usage.input > 0 && r.usage.output > 0, JSON.stringify(r.usage));
    assert.ok(r.latencyMs >= 5, `latency ${r.latencyMs}`);
  });

  it('responses: answers with output_text and input/output usage', async () => {
    const r = await client().send({ ...chat('Summarize the meeting notes'), api: 'responses', params: { max_tokens: 500, temperature: 0 } });
    assert.equal(r.ok, true, JSON.stringify(r));
    if (!r.ok) return;
    assert.match(r.output, /^\[promptshift-local\] /);
    assert.ok(r.usage.input > 0 && r.usage.output > 0);
    assert.equal(ep.stats().byPath['POST /v1/responses'] >= 1, true);
  });

  it('is deterministic per (model, prompt) and differs across models', async () => {
    const a = await client().send(chat('Classify: the parcel arrived late'));
    const b = await client().send(chat('Classify: the parcel arrived late'));
    const c = await client().send(chat('Classify: the parcel arrived late', 'gpt-4.1-mini'));
    assert.ok(a.ok && b.ok && c.ok);
    assert.equal(a.output, b.output);
    assert.notEqual(a.output, c.output);
  });

  it('schema requests yield JSON that parses, in both APIs', async () => {
    const schema = {
      type: 'object', additionalProperties: false, required: ['label', 'score', 'tags'],
      properties: { label: { type: 'string', enum: ['pos', 'neg', 'neutral'] }, score: { type: 'number', minimum: 0, maximum: 1 }, tags: { type: 'array', items: { type: 'string' } } },
    };
    const rf = { type: 'json_schema', json_schema: { name: 'sentiment', schema, strict: true } };
    for (const api of ['chat', 'responses'] as const) {
      const r = await client().send({ ...chat('I love it'), api, params: { response_format: rf } });
      assert.ok(r.ok, JSON.stringify(r));
      const v = JSON.parse(r.output) as { label: string; score: number; tags: string[] };
      assert.ok(['pos', 'neg', 'neutral'].includes(v.label));
      assert.ok(v.score >= 0 && v.score <= 1);
      assert.ok(Array.isArray(v.tags));
    }
    const obj = await client().send(chat('Return JSON', 'gpt-4o', { response_format: { type: 'json_object' } }));
    assert.ok(obj.ok);
    assert.equal(typeof (JSON.parse(obj.output) as { answer: unknown }).answer, 'string');
  });

  it('forced tool calls come back as JSON of the tool calls', async () => {
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', required: ['city'], properties: { city: { type: 'string' } } } } }];
    const r = await client().send(chat('Weather in Paris?', 'gpt-4o', { tools, tool_choice: 'required' }));
    assert.ok(r.ok, JSON.stringify(r));
    const calls = JSON.parse(r.output) as Array<{ function: { name: string; arguments: string } }>;
    assert.equal(calls[0].function.name, 'lookup');
    assert.equal(typeof (JSON.parse(calls[0].function.arguments) as { city: unknown }).city, 'string');
  });

  it('429 → rate_limit with retryAfterMs from retry-after-ms, retry-after seconds and HTTP date', async () => {
    for (const [style, expect] of [['both', 2000], ['ms', 2000], ['seconds', 2000], ['date', 2000]] as const) {
      ep.setFaults({ rate: 1, kinds: ['429'], retryAfterSeconds: 2, retryAfterHeader: style });
      const e = err(await client().send(chat(`rate ${style}`)));
      assert.equal(e.type, 'rate_limit');
      assert.equal(e.status, 429);
      assert.equal(e.retryable, true);
      assert.ok(e.retryAfterMs !== null && Math.abs(e.retryAfterMs - expect) <= 1000, `${style}: ${e.retryAfterMs}`);
      assert.match(e.message, /POST \/v1\/chat\/completions \(model gpt-4o\)/);
    }
    ep.setFaults({ rate: 1, kinds: ['429'], retryAfterHeader: 'none' });
    assert.equal(err(await client().send(chat('rate none'))).retryAfterMs, null);
    ep.setFaults(null);
  });

  it('500 → server, reset → connection, truncated → invalid_response; all retryable', async () => {
    const cases = [['500', 'server', 500], ['reset', 'connection', null], ['truncated', 'invalid_response', null]] as const;
    for (const [kind, type, status] of cases) {
      ep.setFaults({ rate: 1, kinds: [kind] });
      for (const api of ['chat', 'responses'] as const) {
        const r = await client().send({ ...chat(`fault ${kind}`), api });
        const e = err(r);
        assert.equal(e.type, type, `${kind}/${api}: ${e.message}`);
        assert.equal(e.status, status);
        assert.equal(e.retryable, true);
        assert.match(e.message, api === 'chat' ? /POST \/v1\/chat\/completions/ : /POST \/v1\/responses/);
        assertNoKey(r);
      }
    }
    ep.setFaults(null);
  });

  it('slow → timeout when the deadline is shorter, an answer when it is not', async () => {
    ep.setFaults({ rate: 1, kinds: ['slow'], slowMs: 400 });
    const t0 = Date.now();
    const e = err(await client().send(chat('slow one'), { timeoutMs: 100 }));
    assert.equal(e.type, 'timeout');
    assert.equal(e.retryable, true);
    assert.ok(Date.now() - t0 < 380, 'timed out at the deadline, not after the server answered');
    const ok = await client().send(chat('slow one'), { timeoutMs: 2000 });
    assert.equal(ok.ok, true, JSON.stringify(ok));
    ep.setFaults(null);
  });

  it('abort via signal → aborted, before and during the call', async () => {
    ep.setFaults({ rate: 1, kinds: ['slow'], slowMs: 1000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const t0 = Date.now();
    const e = err(await client().send(chat('abort me'), { signal: ac.signal }));
    assert.equal(e.type, 'aborted');
    assert.equal(e.retryable, false);
    assert.ok(Date.now() - t0 < 900, 'the request was cut at the abort, not answered');
    // The scheduler's lighter AbortFlag cancels the same way.
    const flag = new AbortFlag();
    setTimeout(() => flag.abort(), 50);
    const t1 = Date.now();
    const f = err(await client().send(chat('abort me too'), { signal: flag }));
    assert.equal(f.type, 'aborted');
    assert.ok(Date.now() - t1 < 900, 'the request was cut at the abort, not answered');
    const pre = err(await client().send(chat('abort me'), { signal: AbortSignal.abort() }));
    assert.equal(pre.type, 'aborted');
    ep.setFaults(null);
  });

  it('401 with the key echoed by the server → auth, key scrubbed', async () => {
    const wrong = 'sk-test-PLANTED-999999-wrong';
    const r = await createOpenAiClient({ kind: 'openai', baseURL: ep.url, apiKey: wrong }).send(chat('who am i'));
    const e = err(r);
    assert.equal(e.type, 'auth');
    assert.equal(e.status, 401);
    assert.equal(e.retryable, false);
    assert.ok(!e.message.includes(wrong) && !e.message.includes('PLANTED'), e.message);
    assert.match(e.message, /Incorrect API key provided/);
  });

  it('400 → bad_request (not retryable), 404 → not_found, refused port → connection', async () => {
    const bad = err(await client().send({ api: 'chat', model: 'gpt-4o', messages: [], params: {} }));
    assert.equal(bad.type, 'bad_request');
    assert.equal(bad.retryable, false);
    const nf = err(await createOpenAiClient({ kind: 'compatible', baseURL: `${ep.origin}/nope`, apiKey: KEY }).send(chat('x')));
    assert.equal(nf.type, 'not_found');
    assert.equal(nf.status, 404);
    const closed = await startLocalEndpoint();
    const port = closed.port;
    await closed.close();
    const r = await createOpenAiClient({ kind: 'compatible', baseURL: `http://127.0.0.1:${port}/v1`, apiKey: KEY }).send(chat('x'));
    const c = err(r);
    assert.equal(c.type, 'connection', c.message);
    assert.equal(c.retryable, true);
    assertNoKey(r);
  });

  it('azure: chat under /openai/deployments/{deployment}/chat/completions?api-version=…, api-key auth', async () => {
    const az = createOpenAiClient({ kind: 'azure', baseURL: ep.origin, apiKey: KEY, apiVersion: '2024-10-21', deployments: { 'gpt-4o': 'prod-4o' } });
    const r = await az.send(chat('Hello Azure'));
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(ep.stats().byPath['POST /openai/deployments/prod-4o/chat/completions?api-version=2024-10-21'], 1);
    ep.setFaults({ rate: 1, kinds: ['500'] });
    const e = err(await az.send(chat('Hello Azure')));
    assert.match(e.message, /POST \/openai\/deployments\/prod-4o\/chat\/completions \(model gpt-4o → deployment prod-4o\)/);
    ep.setFaults(null);
    const rr = await az.send({ ...chat('Hello Azure'), api: 'responses' });
    assert.ok(rr.ok, JSON.stringify(rr));
    assert.equal(ep.stats().byPath['POST /openai/responses?api-version=2024-10-21'], 1);
  });

  it('refuses invalid endpoint options at construction', () => {
    assert.throws(() => createOpenAiClient({ kind: 'compatible', apiKey: '' }), /needs a baseURL/);
    assert.throws(() => createOpenAiClient({ kind: 'openai', apiKey: '' }), /needs an API key/);
  });

  it('a body cut mid-stream → invalid_response; headers then silence → timeout (the deadline covers the body)', async () => {
    const raw = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"id":"chatcmpl-1","choices":[');
        if (req.headers['x-mode'] === 'cut') setTimeout(() => res.destroy(), 10);
        // otherwise: never finish
      });
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/v1`;
    try {
      const cut = err(await createOpenAiClient({ kind: 'compatible', baseURL: base, apiKey: KEY, headers: { 'x-mode': 'cut' } }).send(chat('x')));
      assert.equal(cut.type, 'invalid_response', cut.message);
      assert.equal(cut.retryable, true);
      const stall = err(await createOpenAiClient({ kind: 'compatible', baseURL: base, apiKey: KEY }).send(chat('x'), { timeoutMs: 150 }));
      assert.equal(stall.type, 'timeout', stall.message);
    } finally {
      raw.closeAllConnections();
      await new Promise((r) => raw.close(r));
    }
  });
});
