// The editor's cross-file model pass runs in a scan worker (ScanPool.followModels): its answer must
// be the one the pass gives on the calling thread, site for site, on every flow fixture, with open
// documents' unsaved text winning over the disk, and the same when no worker can start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CallSite } from '../../../src/core/callsite';
import { ScanEngine } from '../../../src/core/scan/index';
import { nodeGrammarLoader } from '../../../src/node/grammarLoader';
import { followModels } from '../../../src/node/modelFlow';
import { ScanPool } from '../../../src/node/scanPool';
import { walkPaths, walkWorkspace } from '../../../src/node/walk';
import { FIXTURES } from '../support/paths';

const FLOW = join(FIXTURES, 'scan', 'flow');

async function rawSites(root: string): Promise<CallSite[]> {
  return (await new ScanEngine(nodeGrammarLoader()).scanAll(root, walkWorkspace(root))).callSites;
}

test('the model pass in a worker answers what it answers on the calling thread, fixture by fixture', async () => {
  const pool = new ScanPool(() => Promise.reject(new Error('the pass needs no engine here')), { workers: 1, callerParses: false });
  try {
    let followed = 0;
    for (const name of readdirSync(FLOW).filter((n) => statSync(join(FLOW, n)).isDirectory())) {
      const root = join(FLOW, name);
      const paths = [...walkPaths(root)];
      const sites = await rawSites(root);
      const expected = structuredClone(sites);
      await followModels(root, expected, () => paths);
      const answer = await pool.followModels({ root, sites, paths, overlay: [] });
      assert.ok(!('error' in answer), 'error' in answer ? answer.error : '');
      assert.deepEqual(answer.sites, expected, name);
      followed += answer.stats.followed;
    }
    assert.ok(followed > 10, `the fixtures follow models (${followed})`);
    assert.equal(pool.workerCount(), 1, 'it ran in the worker');
  } finally {
    await pool.close();
  }
});

test('an unsaved .env text wins over the disk, in a worker and without one', async () => {
  const root = join(FLOW, 'py_settings');
  const paths = [...walkPaths(root)];
  const sites = await rawSites(root);
  const overlay: [string, string][] = [['.env', 'LLM_CHAT_MODEL=gpt-4.1-nano\n']];
  const expected = structuredClone(sites);
  await followModels(root, expected, () => paths, (rel) => new Map(overlay).get(rel));
  assert.ok(expected.some((s) => s.modelResolved === 'gpt-4.1-nano'), 'the unsaved text decides a model');
  for (const pool of [new ScanPool(() => Promise.reject(new Error('none')), { workers: 1 }), new ScanPool(() => Promise.reject(new Error('none')), { workers: 0 })]) {
    try {
      const answer = await pool.followModels({ root, sites, paths, overlay });
      assert.ok(!('error' in answer), 'error' in answer ? answer.error : '');
      assert.deepEqual(answer.sites, expected);
      assert.notDeepEqual(sites, expected, 'the sites passed in are left as they were');
    } finally {
      await pool.close();
    }
  }
});
