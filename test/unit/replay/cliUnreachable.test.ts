// An endpoint that refuses every connection: the CLI stops early, says which URL and what to check,
// exits 1 and records nothing for what failed; --resume then sends all of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startLocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { run as replay } from '../../../src/cli/commands/replay';
import { capture, makeWorkspace, readRecords, scanId, writeCases } from './workspace';

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
async function refusedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

test('connection refused for every request: exit 1 naming the URL, nothing recorded, --resume sends it all', { timeout: 60_000 }, async () => {
  const { root } = makeWorkspace();
  const id = await scanId(root);
  writeCases(root, id, 10);
  const url = `http://127.0.0.1:${await refusedPort()}/v1`;
  const a = capture(root, {});
  const code = await replay(['--callsite', id, '--candidate', 'gpt-4.1', '--base-url', url, '--run-dir', 'run', '--max-attempts', '3', '--json'], a.io);
  assert.equal(code, 1, a.err());
  assert.match(a.err(), new RegExp(`Stopped: cannot reach ${url.replace(/[.]/g, '\\.')}\\. cannot reach`));
  assert.match(a.err(), /Check that the server is running and that --base-url is right/);
  assert.match(a.err(), new RegExp(`promptshift replay --resume ${join(root, 'run').replace(/[.]/g, '\\.')}`));
  const { summary } = JSON.parse(a.out());
  assert.equal(summary.stopReason, 'unreachable');
  assert.equal(summary.done, 0);
  const results = join(root, 'run', 'results.jsonl');
  assert.ok(!existsSync(results) || readFileSync(results, 'utf8') === '', 'no error records');

  const endpoint = await startLocalEndpoint({ latencyMs: 1 });
  try {
    const b = capture(root, {});
    assert.equal(await replay(['--resume', join(root, 'run'), '--base-url', endpoint.url, '--json'], b.io), 0, b.err());
    assert.equal(JSON.parse(b.out()).summary.done, 20);
    const recs = readRecords(join(root, 'run'));
    assert.equal(recs.length, 20);
    assert.ok(recs.every((r) => r.status === 'ok'));
  } finally {
    await endpoint.close();
  }
});
