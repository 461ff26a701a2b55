// KNOWN CLI BUGS found while writing the CI recipe. Each test states the contract
// (shared/design/CLI.md) and FAILS against today's CLI; `todo` keeps the suite green while the bug
// is open. Whoever fixes one removes its `todo` so the test guards the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { run as replay } from '../../../src/cli/commands/replay';
import { capture, makeWorkspace, scanId, writeCases } from '../replay/workspace';

test('KNOWN CLI BUG: replay against an endpoint unreachable for every request exits 1, not 0', {
  todo: 'CLI.md: replay exits 1 when "it stopped early (budget, Ctrl-C, the endpoint unreachable for every request)"; today every request fails with a connection error, the run is "completed" and the exit code is 0, so a CI job with a mistyped base URL goes on',
}, async () => {
  const { root } = makeWorkspace();
  const id = await scanId(root);
  writeCases(root, id, 3);
  // A port that was just listening and is closed now: every connection is refused, nothing leaves the machine.
  const gone = await startLocalEndpoint();
  const url = gone.url;
  await gone.close();
  const io = capture(root, { OPENAI_API_KEY: 'sk-unused' });
  const code = await replay(['--callsite', id, '--candidate', 'gpt-4.1-mini', '--base-url', url, '--max-attempts', '1', '--no-cache'], io.io);
  assert.match(io.err(), /6\/6 done \(6 errors/, 'every request failed to connect');
  assert.equal(code, 1, io.err());
});
