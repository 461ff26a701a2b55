// Costs of answers from the local stand-in are catalog prices on fake answers: the replay records
// that in plan.json and summary.json and never calls them money spent; compare labels them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_ENDPOINT_LABEL, startLocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { run as replay, runReplay } from '../../../src/cli/commands/replay';
import { run as compare } from '../../../src/cli/commands/compare';
import { capture, makeWorkspace, scanId, writeCases } from '../replay/workspace';

test('a replay against the stand-in records simulated costs; a plain replay does not', async () => {
  const { root } = makeWorkspace();
  const id = await scanId(root);
  writeCases(root, id, 3);
  const server = await startLocalEndpoint({ latencyMs: 1 });
  try {
    const sim = capture(root);
    const args = (dir: string) => ['--callsite', id, '--candidate', 'gpt-4.1-mini', '--base-url', server.url, '--run-dir', dir, '--no-cache'];
    assert.equal(await runReplay(args('sim'), sim.io, { simulatedEndpoint: { label: LOCAL_ENDPOINT_LABEL } }), 0, sim.err());
    const plan = JSON.parse(readFileSync(join(root, 'sim', 'plan.json'), 'utf8'));
    assert.deepEqual(plan.endpoint, { baseURL: server.url, simulated: true, label: LOCAL_ENDPOINT_LABEL });
    assert.equal(JSON.parse(readFileSync(join(root, 'sim', 'summary.json'), 'utf8')).costSimulated, true);
    assert.match(sim.err(), /\$\d+\.\d{4} simulated cost \(no money spent\)\n$/);
    assert.ok(!/ spent\n/.test(sim.err().replace(/no money spent/g, '')), 'never "spent" alone');
    const cmp = capture(root);
    assert.equal(await compare(['sim', '--json'], cmp.io), 0);
    assert.equal(JSON.parse(cmp.out()).costSimulated, true);

    const real = capture(root);
    assert.equal(await replay(args('real'), real.io), 0, real.err());
    const realPlan = JSON.parse(readFileSync(join(root, 'real', 'plan.json'), 'utf8'));
    assert.deepEqual(realPlan.endpoint, { baseURL: server.url });
    assert.equal('costSimulated' in JSON.parse(readFileSync(join(root, 'real', 'summary.json'), 'utf8')), false);
    assert.match(real.err(), /\$\d+\.\d{4} spent\n$/);
  } finally {
    await server.close();
  }
});
