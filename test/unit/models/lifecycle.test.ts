import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_CATALOG, type CatalogData, type ModelInfo, loadCatalog, lookupModel } from '../../../src/core/models/catalog';
import { escapeMarkdown, hoverFacts, lifecycleOf, modelStatus, replacementFor } from '../../../src/core/models/lifecycle';

const builtin = loadCatalog(BUILTIN_CATALOG);
const m = (f: Partial<ModelInfo>): ModelInfo => ({ id: 'm', provider: 'openai', contextWindow: 1000, inputPerMTok: 1, outputPerMTok: 2, reasoning: false, source: 's', ...f });

test('the example from the brief', () => {
  const s = modelStatus(lookupModel(builtin, 'gpt-4.5-preview'), '2026-11-22');
  assert.equal(s.kind, 'retired');
  assert.equal(s.message, 'gpt-4.5-preview was retired on 2025-07-14; replace it with gpt-4.1.');
});

test('retired vs retiring around the shutdown date', () => {
  const info = m({ retirementDate: '2026-12-01', replacement: 'n' });
  assert.equal(modelStatus(info, '2026-12-02').kind, 'retired');
  assert.equal(modelStatus(info, '2026-12-02').daysLeft, -1);
  const dayOf = modelStatus(info, '2026-12-01');
  assert.equal(dayOf.kind, 'retiring', 'the shutdown day itself is not "before today"');
  assert.equal(dayOf.daysLeft, 0);
  assert.match(dayOf.message, /today/);
  assert.equal(modelStatus(info, '2026-11-30').daysLeft, 1);
});

test('retiring window boundary (90 days by default, configurable)', () => {
  const info = m({ retirementDate: '2027-03-01' });
  assert.equal(modelStatus(info, '2026-12-01').daysLeft, 90);
  assert.equal(modelStatus(info, '2026-12-01').kind, 'retiring');
  assert.equal(modelStatus(info, '2026-11-30').kind, 'deprecated');
  assert.equal(modelStatus(info, '2026-11-30', 91).kind, 'retiring');
  assert.equal(modelStatus(info, '2026-12-01', 0).kind, 'deprecated');
  assert.match(modelStatus(info, '2026-12-01').message, /^m will be retired on 2027-03-01 \(in 90 days\); no replacement is listed\.$/);
});

test('deprecated without a date, active, unknown', () => {
  assert.equal(modelStatus(m({ deprecationDate: '2026-01-01' }), '2026-11-22').kind, 'deprecated');
  assert.equal(modelStatus(m({ deprecationDate: '2027-01-01' }), '2026-11-22').kind, 'active');
  const active = modelStatus(m({}), '2026-11-22');
  assert.equal(active.kind, 'active');
  assert.equal(active.retirementDate, undefined);
  assert.equal(modelStatus(undefined, '2026-11-22').kind, 'unknown');
  assert.equal(modelStatus(m({}), '22/11/2026').kind, 'unknown');
  assert.equal(modelStatus(m({ retirementDate: '2026-02-30' }), '2026-11-22').kind, 'unknown');
});

test('status of popular IDs on 2026-11-22', () => {
  const at = (id: string) => modelStatus(lookupModel(builtin, id), '2026-11-22').kind;
  assert.equal(at('gpt-3.5-turbo'), 'retired');
  assert.equal(at('gpt-4-0613'), 'retired');
  assert.equal(at('gpt-4o-2024-05-13'), 'retired');
  assert.equal(at('o4-mini'), 'retired');
  assert.equal(at('claude-3-opus-20240229'), 'retired');
  assert.equal(at('gemini-2.0-flash'), 'retired');
  assert.equal(at('gpt-5-mini'), 'retiring');
  assert.equal(at('gpt-4o-2024-08-06'), 'retiring');
  assert.equal(at('claude-sonnet-4-5'), 'retiring');
  assert.equal(at('gemini-2.5-flash'), 'retiring');
  assert.equal(at('gpt-5.1'), 'deprecated');
  assert.equal(at('claude-haiku-4-5'), 'active');
  assert.equal(at('not-a-model'), 'unknown');
});

const chainData: CatalogData = {
  version: 1, retrievedOn: '2026-11-22', sources: [],
  models: [
    m({ id: 'a', retirementDate: '2025-01-01', replacement: 'b' }),
    m({ id: 'b', retirementDate: '2026-01-01', replacement: 'c' }),
    m({ id: 'c', retirementDate: '2027-06-01', replacement: 'd' }),
    m({ id: 'd' }),
    m({ id: 'x', retirementDate: '2025-01-01', replacement: 'y' }),
    m({ id: 'y', retirementDate: '2025-01-01', replacement: 'x' }),
    m({ id: 'lonely', retirementDate: '2025-01-01', replacement: 'gone' }),
    m({ id: 'gone', retirementDate: '2025-02-01' }),
    m({ id: 'dangling', retirementDate: '2025-01-01', replacement: 'nowhere' }),
  ],
};

test('replacement chains skip retired replacements', () => {
  const c = loadCatalog(chainData);
  assert.deepEqual(replacementFor(c, 'a', '2026-11-22'), { id: 'c', chain: ['b', 'c'], exhausted: false });
  assert.deepEqual(replacementFor(c, 'a', '2025-06-01'), { id: 'b', chain: ['b'], exhausted: false });
  assert.deepEqual(replacementFor(c, 'a'), { id: 'd', chain: ['b', 'c', 'd'], exhausted: false }, 'no date: follow every announced shutdown');
  assert.equal(replacementFor(c, 'd'), undefined);
  assert.equal(replacementFor(c, 'missing'), undefined);
});

test('replacement chains stop at cycles, dead ends and unknown IDs', () => {
  const c = loadCatalog(chainData);
  assert.deepEqual(replacementFor(c, 'x', '2026-11-22'), { id: 'y', chain: ['y'], exhausted: true });
  assert.deepEqual(replacementFor(c, 'lonely', '2026-11-22'), { id: 'gone', chain: ['gone'], exhausted: true });
  assert.deepEqual(replacementFor(c, 'dangling', '2026-11-22'), { id: 'nowhere', chain: ['nowhere'], exhausted: false });
});

test('real chains end at a live model', () => {
  const r = replacementFor(builtin, 'text-davinci-003', '2026-11-22');
  assert.ok(r);
  assert.equal(modelStatus(lookupModel(builtin, r.id), '2026-11-22').kind === 'retired', r.exhausted);
  const chained = replacementFor(builtin, 'gpt-4-32k', '2026-11-22');
  assert.deepEqual(chained?.chain[0], 'gpt-4o');
  const s = modelStatus(lookupModel(builtin, 'gpt-4-32k'), '2026-11-22', 90, chained?.id);
  assert.match(s.message, /gpt-4-32k was retired on 2025-06-06; replace it with gpt-4o\./, 'gpt-4o is retiring, not yet retired, so it is kept');
});

test('hover facts are plain, escaped data', () => {
  const h = hoverFacts(lookupModel(builtin, 'gpt-4.5-preview') as ModelInfo);
  assert.equal(h.id, 'gpt\\-4\\.5\\-preview');
  const row = (l: string) => h.rows.find((r) => r.label === l)?.value;
  assert.equal(row('Context window'), '128,000 tokens');
  assert.equal(row('Price'), '$75 input / $150 output per 1M tokens');
  assert.equal(row('Retirement'), '2025\\-07\\-14');
  assert.equal(row('Replacement'), 'gpt\\-4\\.1');
  assert.match(h.source, /^https:\/\//);
  const unknown = hoverFacts(m({ contextWindow: null, inputPerMTok: null, cachedInputPerMTok: 0.5 }));
  assert.equal(unknown.rows.find((r) => r.label === 'Context window')?.value, 'unknown');
  assert.equal(unknown.rows.find((r) => r.label === 'Price')?.value, 'unknown input / $2 output per 1M tokens \\(cached input $0\\.5\\)');
  assert.equal(escapeMarkdown('[x](javascript:alert)'), '\\[x\\]\\(javascript:alert\\)');
});

test('the recommended replacement goes past replacements that retire within the window, and says so', () => {
  const l = lifecycleOf(builtin, 'gpt-4.5-preview', '2026-11-15');
  assert.equal(l.status.kind, 'retired');
  assert.equal(l.replacement, 'gpt-6-luna');
  assert.equal(l.status.message, 'gpt-4.5-preview was retired on 2025-07-14; replace it with gpt-6-luna (the listed replacement gpt-4.1 shuts down on 2027-01-14).');
  // Far from gpt-4.1's shutdown it is still the recommendation.
  assert.equal(lifecycleOf(builtin, 'gpt-4.5-preview', '2025-08-01').replacement, 'gpt-4.1');
});

test('messages name the id as the code writes it; hosted forms get a status but no edit', () => {
  const alias = lifecycleOf(builtin, 'claude-3-5-sonnet-20240620', '2026-11-15');
  assert.match(alias.status.message, /^claude-3-5-sonnet-20240620 was retired/);
  const prefixed = lifecycleOf(builtin, 'openai/gpt-4o', '2026-11-15');
  assert.equal(prefixed.status.kind, 'retiring');
  assert.match(prefixed.status.message, /^openai\/gpt-4o will be retired on 2027-01-14/);
  for (const hosted of ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'us.anthropic.claude-3-5-sonnet-20240620-v1:0', 'vertex_ai/claude-3-5-sonnet@20240620']) {
    const h = lifecycleOf(builtin, hosted, '2026-11-15');
    assert.equal(h.status.kind, 'retired', hosted);
    assert.match(h.status.message, /publishes its own/);
    assert.equal(h.replacement, undefined, 'the vendor id would not run on the host');
  }
});
