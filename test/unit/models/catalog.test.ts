import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_CATALOG, type CatalogData, costUsd, loadCatalog, lookupModel, splitProviderPrefix, stripSnapshotSuffix } from '../../../src/core/models/catalog';

const builtin = loadCatalog(BUILTIN_CATALOG);

const tiny: CatalogData = {
  version: 1, retrievedOn: '2026-11-22', sources: [],
  models: [
    { id: 'gpt-4o', provider: 'openai', contextWindow: 128000, inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25, reasoning: false, retirementDate: '2027-01-14', replacement: 'gpt-6-luna', aliases: ['gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'], source: 'x' },
    { id: 'gpt-6-luna', provider: 'openai', contextWindow: null, inputPerMTok: 0.1, outputPerMTok: 0.5, reasoning: true, source: 'x' },
    { id: 'claude-haiku-4-5', provider: 'anthropic', contextWindow: 200000, inputPerMTok: 1, outputPerMTok: 5, reasoning: false, source: 'x' },
  ],
};

test('lookup by id, alias and dated snapshot', () => {
  assert.equal(lookupModel(builtin, 'gpt-4o')?.id, 'gpt-4o');
  assert.equal(lookupModel(builtin, 'gpt-4o-2024-08-06')?.id, 'gpt-4o');
  assert.equal(lookupModel(builtin, 'GPT-4o-Mini-2024-07-18')?.id, 'gpt-4o-mini');
  assert.equal(lookupModel(builtin, 'claude-3-5-sonnet-latest')?.id, 'claude-3-5-sonnet-20241022');
});

test('a dated snapshot with its own entry keeps its own retirement date', () => {
  assert.equal(lookupModel(builtin, 'gpt-4o-2024-05-13')?.retirementDate, '2026-10-23');
  assert.equal(lookupModel(builtin, 'gpt-4o')?.retirementDate, '2027-01-14');
  assert.equal(lookupModel(builtin, 'gemini-1.5-pro-001')?.retirementDate, '2025-05-27');
  assert.equal(lookupModel(builtin, 'gemini-1.5-pro-002')?.retirementDate, '2025-09-24');
});

test('provider prefixes are removed; a mismatched provider is no match', () => {
  assert.equal(lookupModel(builtin, 'openai/gpt-5-mini')?.id, 'gpt-5-mini');
  assert.equal(lookupModel(builtin, 'openai:gpt-4o')?.id, 'gpt-4o');
  assert.equal(lookupModel(builtin, ' anthropic:claude-sonnet-4-0 ')?.id, 'claude-sonnet-4-20250514');
  assert.equal(lookupModel(builtin, 'models/gemini-2.5-pro')?.id, 'gemini-2.5-pro');
  assert.equal(lookupModel(builtin, 'google/gemini-2.0-flash-001')?.id, 'gemini-2.0-flash');
  assert.equal(lookupModel(builtin, 'anthropic/gpt-4o'), undefined);
  assert.deepEqual(splitProviderPrefix('openai/gpt-5-mini'), { provider: 'openai', id: 'gpt-5-mini', prefixed: true });
  assert.deepEqual(splitProviderPrefix('my-team/gpt-4o'), { id: 'my-team/gpt-4o', prefixed: false });
});

test('Azure deployment names and unknown snapshots are not guessed', () => {
  assert.equal(lookupModel(builtin, 'gpt-35-turbo'), undefined);
  assert.equal(lookupModel(builtin, 'my-gpt4o-deployment'), undefined);
  assert.equal(lookupModel(builtin, 'gpt-4o-2099-01-01'), undefined);
  assert.equal(lookupModel(builtin, 'gpt-4o-2099-01-01', { snapshotFallback: true })?.id, 'gpt-4o');
  assert.equal(lookupModel(builtin, ''), undefined);
  assert.equal(stripSnapshotSuffix('gpt-4-0613'), 'gpt-4');
  assert.equal(stripSnapshotSuffix('gpt-4o'), undefined);
});

test('overrides merge field by field and add new models', () => {
  const c = loadCatalog(tiny, [
    { id: 'gpt-4o', inputPerMTok: 3, retirementDate: '2026-12-01' },
    { id: 'acme-llm', provider: 'acme', contextWindow: 32000, inputPerMTok: 1, outputPerMTok: 2 },
  ]);
  const g = lookupModel(c, 'gpt-4o');
  assert.equal(g?.inputPerMTok, 3);
  assert.equal(g?.outputPerMTok, 10, 'fields not in the override are kept');
  assert.equal(g?.retirementDate, '2026-12-01');
  assert.equal(g?.replacement, 'gpt-6-luna');
  assert.equal(lookupModel(c, 'gpt-4o-2024-08-06')?.inputPerMTok, 3, 'aliases follow their entry');
  const acme = lookupModel(c, 'acme-llm');
  assert.equal(acme?.provider, 'acme');
  assert.equal(acme?.reasoning, false);
  assert.match(acme?.source ?? '', /user settings/);
  assert.deepEqual(c.warnings, []);
  assert.equal(lookupModel(loadCatalog(tiny), 'gpt-4o')?.inputPerMTok, 2.5, 'the built-in data is not mutated');
});

test('an override of a dated alias splits it into its own entry', () => {
  const c = loadCatalog(tiny, [{ id: 'gpt-4o-2024-08-06', retirementDate: '2026-11-01' }]);
  assert.equal(lookupModel(c, 'gpt-4o-2024-08-06')?.retirementDate, '2026-11-01');
  assert.equal(lookupModel(c, 'gpt-4o-2024-08-06')?.inputPerMTok, 2.5, 'copied from the alias owner');
  assert.equal(lookupModel(c, 'gpt-4o')?.retirementDate, '2027-01-14');
  assert.equal(lookupModel(c, 'gpt-4o-2024-11-20')?.id, 'gpt-4o');
});

test('null clears a field; invalid fields are warned about and ignored', () => {
  const c = loadCatalog(tiny, [
    { id: 'gpt-4o', replacement: null, retirementDate: null, inputPerMTok: null },
    { id: 'gpt-6-luna', retirementDate: '14/01/2027', inputPerMTok: -1, contextWindow: 'big' },
    { provider: 'openai' }, 'nonsense',
  ]);
  const g = lookupModel(c, 'gpt-4o');
  assert.equal(g?.replacement, undefined);
  assert.equal(g?.retirementDate, undefined);
  assert.equal(g?.inputPerMTok, null);
  assert.equal(lookupModel(c, 'gpt-6-luna')?.inputPerMTok, 0.1);
  assert.equal(c.warnings.length, 5);
  assert.ok(c.warnings.some((w) => w.includes('"gpt-6-luna".retirementDate must be a date')));
});

test('cost math per 1M tokens, with cached input', () => {
  const c = loadCatalog(tiny);
  const g = lookupModel(c, 'gpt-4o');
  assert.equal(costUsd(g, { input: 1_000_000, output: 1_000_000 }), 12.5);
  assert.equal(costUsd(g, { input: 2000, output: 500 }), (2000 * 2.5 + 500 * 10) / 1e6);
  assert.equal(costUsd(g, { input: 1_000_000, output: 0, cachedInput: 400_000 }), 0.6 * 2.5 + 0.4 * 1.25);
  const h = lookupModel(c, 'claude-haiku-4-5');
  assert.equal(costUsd(h, { input: 1_000_000, output: 0, cachedInput: 1_000_000 }), 1, 'no cached price → input price');
  assert.equal(costUsd(g, { input: 0, output: 0 }), 0);
});

test('cost is null when pricing or counts are unknown', () => {
  assert.equal(costUsd(undefined, { input: 1, output: 1 }), null);
  assert.equal(costUsd(lookupModel(builtin, 'gemini-2.5-pro'), { input: 1, output: 1 }), null);
  assert.equal(costUsd(lookupModel(builtin, 'gpt-4o'), { input: -1, output: 1 }), null);
  assert.equal(costUsd(lookupModel(builtin, 'gpt-4o'), { input: Number.NaN, output: 1 }), null);
});
