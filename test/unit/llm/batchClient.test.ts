// The batch client through the real SDK against the local endpoint's files + batches API:
// upload, create, poll through every state, download, map back by custom_id, resume by batch id.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBatchClient, type BatchItem, type BatchProgress } from '../../../src/llm/batchClient';
import { createOpenAiClient } from '../../../src/llm/openaiClient';
import { startLocalEndpoint } from '../../../src/llm/localEndpoint/index';

const KEY = 'sk-test-PLANTED-123456';
const noWait = () => Promise.resolve();

const items = (api: 'chat' | 'responses', n: number): BatchItem[] => Array.from({ length: n }, (_, i) => ({
  customId: `case-${i}`,
  request: { api, model: 'gpt-4o', messages: [{ role: 'user', content: `Question ${i}` }], params: { temperature: 0 } },
}));

describe('batch client', () => {
  for (const api of ['chat', 'responses'] as const) {
    it(`${api}: round trip gives the same outputs as live calls, resumable by batch id`, async () => {
      const ep = await startLocalEndpoint({ latencyMs: 0, authKey: KEY });
      try {
        const endpoint = { kind: 'compatible' as const, baseURL: ep.url, apiKey: KEY };
        const submitted = await createBatchClient(endpoint, { sleep: noWait }).submit(items(api, 5), { run: 'r1' });
        assert.ok(submitted.ok, JSON.stringify(submitted));
        // A fresh client (as after a restart) picks the batch up by id.
        const seen: BatchProgress['status'][] = [];
        const got = await createBatchClient(endpoint, { sleep: noWait }).collect(submitted.value.batchId, { onProgress: (p) => seen.push(p.status) });
        assert.ok(got.ok, JSON.stringify(got));
        assert.deepEqual(seen, ['in_progress', 'completed']);
        assert.deepEqual(got.value.progress, { batchId: submitted.value.batchId, status: 'completed', total: 5, completed: 5, failed: 0 });
        assert.equal(got.value.results.size, 5);
        const live = createOpenAiClient(endpoint);
        for (const it of items(api, 5)) {
          const b = got.value.results.get(it.customId);
          const l = await live.send(it.request);
          assert.ok(b?.ok && l.ok);
          assert.equal(b.output, l.output);
          assert.deepEqual(b.usage, l.usage);
        }
        assert.ok(ep.stats().byPath['POST /v1/files'] === 1 && ep.stats().byPath['POST /v1/batches'] === 1);
      } finally {
        await ep.close();
      }
    });
  }

  it('per-item failures come back as errors; mixed apis and bad keys are refused as values', async () => {
    const ep = await startLocalEndpoint({ latencyMs: 0, authKey: KEY });
    try {
      const endpoint = { kind: 'compatible' as const, baseURL: ep.url, apiKey: KEY };
      const bc = createBatchClient(endpoint, { sleep: noWait });
      const bad: BatchItem = { customId: 'empty', request: { api: 'chat', model: 'gpt-4o', messages: [], params: {} } };
      const s = await bc.submit([...items('chat', 2), bad]);
      assert.ok(s.ok);
      const got = await bc.collect(s.value.batchId);
      assert.ok(got.ok);
      const e = got.value.results.get('empty');
      assert.ok(e && !e.ok && e.error.type === 'bad_request' && e.error.status === 400, JSON.stringify(e));
      assert.equal(got.value.progress.failed, 1);
      const mixed = await bc.submit([...items('chat', 1), ...items('responses', 1)]);
      assert.ok(!mixed.ok && mixed.error.type === 'bad_request');
      const wrong = await createBatchClient({ ...endpoint, apiKey: 'sk-test-PLANTED-wrong-000' }, { sleep: noWait }).submit(items('chat', 1));
      assert.ok(!wrong.ok && wrong.error.type === 'auth');
      assert.ok(!wrong.error.message.includes('PLANTED'), wrong.error.message);
      assert.match(wrong.error.message, /POST \/v1\/files/);
    } finally {
      await ep.close();
    }
  });
});
