// What the CLI refuses before it spends anything: an estimate above the confirmation threshold
// with no terminal to confirm on, and a vendor the endpoint does not serve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { run as replay } from '../../../src/cli/commands/replay';
import { capture, makeWorkspace, scanId, writeCases } from './workspace';

test('an estimate above --confirm-above-usd is not sent without a terminal, and is with --yes', async () => {
  const { root } = makeWorkspace();
  const id = await scanId(root);
  writeCases(root, id, 4);
  const endpoint = await startLocalEndpoint({ latencyMs: 1 });
  try {
    const a = capture(root, {});
    const code = await replay(['--callsite', id, '--candidate', 'gpt-4.1', '--base-url', endpoint.url, '--run-dir', 'runA', '--confirm-above-usd', '0'], a.io);
    assert.equal(code, 1, a.err());
    assert.match(a.err(), /no terminal to confirm on: pass --yes/);
    assert.equal(endpoint.stats().requests, 0, 'nothing was sent');

    const b = capture(root, {});
    assert.equal(await replay(['--callsite', id, '--candidate', 'gpt-4.1', '--base-url', endpoint.url, '--run-dir', 'runB', '--confirm-above-usd', '0', '--yes'], b.io), 0, b.err());
    assert.equal(endpoint.stats().requests, 8);
  } finally {
    await endpoint.close();
  }
});

test('a Claude candidate sent to OpenAI itself is refused before anything is sent, naming the call site', async () => {
  const { root } = makeWorkspace();
  const id = await scanId(root);
  writeCases(root, id, 2);
  const a = capture(root, { OPENAI_API_KEY: 'sk-not-used' });
  const code = await replay(['--callsite', id, '--candidate', 'claude-sonnet-4-5', '--run-dir', 'runC'], a.io);
  assert.equal(code, 2);
  assert.match(a.err(), new RegExp(`call site ${id} asks for Anthropic model claude-sonnet-4-5.*--base-url`));
});

test("OpenAI's own URL given with --base-url still needs the key: refused before anything is sent", async () => {
  const { root } = makeWorkspace();
  const id = await scanId(root);
  writeCases(root, id, 2);
  const a = capture(root, {});
  const code = await replay(['--callsite', id, '--candidate', 'gpt-4.1', '--base-url', 'https://api.openai.com/v1', '--run-dir', 'runD', '--yes'], a.io);
  assert.equal(code, 2, a.err());
  assert.match(a.err(), /no API key: set the environment variable OPENAI_API_KEY/);
});
