// A scan index written by one scanner must never answer for another (src/node/scanIndex.ts keys it by
// SCANNER_VERSION). So a change to src/core/scan that leaves SCANNER_VERSION as it was fails here:
// bump SCANNER_VERSION, then record the new version and fingerprint below (the failure prints both).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SCANNER_VERSION } from '../../../src/core/scan/version';
import { REPO_ROOT } from '../support/paths';

const RECORDED = { version: 12, sources: '468c2891a4dc1b0e' };

function sourcesFingerprint(): string {
  const dir = join(REPO_ROOT, 'src', 'core', 'scan');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name !== 'version.ts') files.push(join(d, e.name));
    }
  };
  walk(dir);
  const hash = createHash('sha256');
  for (const f of files.map((f) => relative(dir, f).split('\\').join('/')).sort()) {
    hash.update(`${f}\n${readFileSync(join(dir, f), 'utf8').replace(/\r\n/g, '\n')}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

test('SCANNER_VERSION was bumped with the last change to the scanner', () => {
  const sources = sourcesFingerprint();
  if (sources === RECORDED.sources) {
    assert.equal(SCANNER_VERSION, RECORDED.version, 'the scanner is unchanged: SCANNER_VERSION must stay as recorded');
    return;
  }
  assert.ok(SCANNER_VERSION > RECORDED.version,
    `src/core/scan changed: scan indexes written before would answer with the old scanner's results. `
    + `Bump SCANNER_VERSION in src/core/scan/version.ts, then set RECORDED in this test to { version: ${SCANNER_VERSION > RECORDED.version ? SCANNER_VERSION : RECORDED.version + 1}, sources: '${sources}' }.`);
  assert.fail(`SCANNER_VERSION was bumped: record it in this test: RECORDED = { version: ${SCANNER_VERSION}, sources: '${sources}' }`);
});
