// Pure parts of the client: chat → Responses parameter mapping, answer extraction, Retry-After
// parsing and key scrubbing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildChatBody, buildResponsesBody, extractChat, extractResponses } from '../../../src/llm/requestMapping';
import { parseRetryAfter, scrubSecrets } from '../../../src/llm/errors';

const msgs = [{ role: 'system', content: 'S' }, { role: 'user', content: 'U' }, { role: 'tool', content: 'T' }];

describe('request mapping', () => {
  it('chat body keeps params, drops streaming', () => {
    assert.deepEqual(buildChatBody('m', msgs.slice(0, 2), { temperature: 0, stream: true, stream_options: {}, model: 'other' }), {
      model: 'm', messages: msgs.slice(0, 2), temperature: 0,
    });
  });

  it('responses body renames chat params and keeps system messages in order', () => {
    const body = buildResponsesBody('m', msgs, {
      max_tokens: 10, max_completion_tokens: 20, temperature: 0.2, stop: ['x'], seed: 1, n: 1, reasoning_effort: 'low',
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } },
      tools: [{ type: 'function', function: { name: 'f', parameters: {} } }], tool_choice: { type: 'function', function: { name: 'f' } },
    });
    assert.deepEqual(body, {
      model: 'm',
      input: [{ type: 'message', role: 'system', content: 'S' }, { type: 'message', role: 'user', content: 'U' }, { type: 'message', role: 'user', content: 'T' }],
      max_output_tokens: 20, temperature: 0.2, reasoning: { effort: 'low' },
      text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } },
      tools: [{ type: 'function', name: 'f', parameters: {} }], tool_choice: { type: 'function', name: 'f' },
    });
    assert.deepEqual(buildResponsesBody('m', [], { max_tokens: 7, response_format: { type: 'json_object' } }), { model: 'm', input: [], max_output_tokens: 7, text: { format: { type: 'json_object' } } });
  });

  it('extracts content, else tool calls, else refusal; rejects bodies without choices/output', () => {
    const u = { prompt_tokens: 3, completion_tokens: 4 };
    assert.deepEqual(extractChat({ model: 'x', choices: [{ message: { content: 'hi' } }], usage: u }), { ok: true, output: 'hi', usage: { input: 3, output: 4 }, model: 'x' });
    const calls = [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }];
    assert.equal((extractChat({ choices: [{ message: { content: null, tool_calls: calls } }] }) as { output: string }).output, JSON.stringify(calls));
    assert.equal((extractChat({ choices: [{ message: { content: null, refusal: 'no' } }] }) as { output: string }).output, 'no');
    assert.equal(extractChat({ choices: [] }).ok, false);
    assert.equal(extractChat('<html>').ok, false);
    assert.deepEqual(extractResponses({ output: [], output_text: 'a', usage: { input_tokens: 1, output_tokens: 2 } }), { ok: true, output: 'a', usage: { input: 1, output: 2 }, model: null });
    assert.equal(extractResponses({ status: 'failed', error: { message: 'boom' }, output: [] }).ok, false);
  });
});

describe('retry-after and scrubbing', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  it('parses retry-after-ms first, then seconds, then an HTTP date', () => {
    assert.equal(parseRetryAfter(h({ 'retry-after-ms': '1500', 'retry-after': '9' })), 1500);
    assert.equal(parseRetryAfter(h({ 'retry-after': '2.5' })), 2500);
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter(h({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now), 3000);
    assert.equal(parseRetryAfter(h({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }), now), 0);
    assert.equal(parseRetryAfter(h({ 'retry-after': 'soon' })), null);
    assert.equal(parseRetryAfter(h({})), null);
  });

  it('removes the key, its long fragments and key-shaped tokens', () => {
    // A made-up key, assembled so secret scanners do not mistake the test for a leaked credential.
    const key = ['sk', 'proj', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'].join('-');
    const out = scrubSecrets(`bad key ${key}; masked sk-proj-ABCD****6789; ${key.slice(-8)}; Bearer abcdefghijklmnop`, [key]);
    assert.ok(!out.includes(key) && !out.includes('ABCDEFGH') && !out.includes('23456789') && !out.includes('abcdefghijklmnop'), out);
    assert.equal(scrubSecrets('nothing here', [key]), 'nothing here');
  });
});
