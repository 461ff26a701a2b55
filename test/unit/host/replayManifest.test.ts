// The replay's manifest contributions: the config.json schema ships in media/ and validates the
// documented shape, and endpoint profiles are restricted in untrusted workspaces.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileSchema } from '../../../src/core/validate/index';
import { Settings } from '../../../src/host/ids';
import { REPO_ROOT } from '../support/paths';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

test('.promptshift/config.json has a JSON Schema shipped under media/', () => {
  const entry = manifest.contributes.jsonValidation.find((j: { fileMatch: string }) => j.fileMatch === '.promptshift/config.json');
  assert.ok(entry, 'contributed');
  assert.match(entry.url, /^\.\/media\//, 'inside the VSIX (.vscodeignore ships media/)');
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, entry.url), 'utf8'));
  const c = compileSchema(schema);
  assert.ok(c.ok);
  assert.equal(c.validate.check({ cases: { 'summarize-ab58e8710c': 'qa/summaries.jsonl' } }).ok, true);
  assert.equal(c.validate.check({ cases: { x: 42 } }).ok, false);
});

test('endpoint profiles are a restricted setting in untrusted workspaces', () => {
  assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(Settings.endpoints));
  const props = manifest.contributes.configuration.properties;
  assert.equal(props[Settings.replayConfirmAboveUsd].default, 1);
  assert.equal(props[Settings.replayConcurrency].default, 4);
  assert.equal(props[Settings.replayRepeats].default, 1);
  assert.ok(!JSON.stringify(props[Settings.endpoints].items.properties).match(/"apiKey"\s*:/), 'no apiKey field in settings');
});
