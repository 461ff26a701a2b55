// The files the editor's pool has a new worker parse ahead of a rescan (src/host/scan/warmUp.ts)
// must reach the parser, or the worker would start without loading its scanner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScanEngine } from '../../../src/core/scan/index';
import { prepareSource } from '../../../src/core/scan/prepare';
import { nodeGrammarLoader } from '../../../src/node/grammarLoader';
import { WARM_UP } from '../../../src/host/scan/warmUp';

for (const [kind, file] of Object.entries(WARM_UP)) {
  test(`the ${kind} warm-up file is parsed and holds one call site`, async () => {
    assert.ok(prepareSource(file).job, 'past the prefilter');
    const scan = await new ScanEngine(nodeGrammarLoader()).scanFile(file);
    assert.equal(scan.callSites.length, 1, JSON.stringify(scan));
  });
}
