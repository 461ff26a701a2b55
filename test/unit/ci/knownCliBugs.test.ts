// CLI bugs found while writing the CI recipe, now fixed: each test states the contract
// (shared/design/CLI.md) and guards the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { run as replay } from '../../../src/cli/commands/replay';
import { capture, makeWorkspace, scanId, writeCases } from '../replay/workspace';

test('replay against an endpoint unreachable for every request stops early and exits 1 (CLI.md), naming the URL', async () => {
  const { root } = makeWorkspace();
  const id = await scanId(root);
  writeCases(root, id, 3);
  // A port that was just listening and is closed now: every connection is refused, nothing leaves the machine.
  const gone = await startLocalEndpoint();
  const url = gone.url;
  await gone.close();
  const io = capture(root, { OPENAI_API_KEY: 'sk-unused' });
  const code = await replay(['--callsite', id, '--candidate', 'gpt-4.1-mini', '--base-url', url, '--max-attempts', '1', '--no-cache'], io.io);
  assert.equal(code, 1, io.err());
  assert.match(io.err(), new RegExp(`cannot reach ${url.replace(/[.]/g, '\\.')}`));
  assert.match(io.err(), /promptshift replay --resume /, 'says how to send the rest');
});
