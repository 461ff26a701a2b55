import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_CATALOG, isIsoDate, loadCatalog } from '../../../src/core/models/catalog';

const data = BUILTIN_CATALOG;
const ids = new Set(data.models.map((m) => m.id.toLowerCase()));

test('top level: version, retrieval date, sources', () => {
  assert.equal(typeof data.version, 'number');
  assert.ok(isIsoDate(data.retrievedOn) && data.retrievedOn.startsWith('2026-11'));
  assert.ok(data.sources.length >= 5);
  for (const s of data.sources) {
    assert.match(s.url, /^https:\/\//);
    assert.ok(s.title.length > 0 && isIsoDate(s.retrievedOn), s.url);
  }
});

test('size and providers', () => {
  assert.ok(data.models.length >= 60 && data.models.length <= 120, String(data.models.length));
  for (const p of ['openai', 'anthropic', 'google']) assert.ok(data.models.some((m) => m.provider === p), p);
});

test('every entry is well-formed', () => {
  for (const m of data.models) {
    assert.ok(m.id && m.id === m.id.trim(), `id of ${JSON.stringify(m)}`);
    assert.ok(['openai', 'anthropic', 'google', 'meta'].includes(m.provider), `${m.id} provider`);
    assert.match(m.source, /^https:\/\//, `${m.id} source`);
    assert.equal(typeof m.reasoning, 'boolean', `${m.id} reasoning`);
    for (const k of ['deprecationDate', 'retirementDate'] as const) {
      if (m[k] !== undefined) assert.ok(isIsoDate(m[k]), `${m.id} ${k}=${m[k]}`);
    }
    if (m.deprecationDate && m.retirementDate) assert.ok(m.deprecationDate <= m.retirementDate, `${m.id} deprecated after retirement`);
    for (const k of ['inputPerMTok', 'outputPerMTok', 'cachedInputPerMTok', 'contextWindow', 'maxOutputTokens'] as const) {
      const v = m[k];
      if (v !== null && v !== undefined) assert.ok(Number.isFinite(v) && v >= 0, `${m.id} ${k}=${v}`);
    }
    if (m.cachedInputPerMTok !== undefined && m.inputPerMTok !== null) assert.ok(m.cachedInputPerMTok <= m.inputPerMTok, `${m.id} cached > input`);
    if (m.replacement !== undefined) {
      assert.ok(ids.has(m.replacement.toLowerCase()), `${m.id} → ${m.replacement} is not in the catalog`);
      assert.notEqual(m.replacement, m.id);
    }
  }
});

test('open-weight families: the vendors\' windows, and every host offer carries its host page, the date read and valid prices', () => {
  const byId = new Map(data.models.map((m) => [m.id, m]));
  assert.equal(byId.get('llama-4-scout')?.contextWindow, 10_000_000);
  assert.equal(byId.get('llama-4-maverick')?.contextWindow, 1_000_000);
  const open = data.models.filter((m) => m.openWeight);
  assert.deepEqual(open.map((m) => m.id).sort(), ['gpt-oss-120b', 'gpt-oss-20b', 'llama-4-maverick', 'llama-4-scout']);
  let offers = 0;
  let unpriced = 0;
  for (const m of data.models) {
    for (const [host, o] of Object.entries(m.hosts ?? {})) {
      offers++;
      assert.ok(m.openWeight, `${m.id}@${host}: only open-weight models have host offers`);
      assert.match(host, /^[a-z][a-z0-9-]*$/, `${m.id}@${host}`);
      assert.ok(o.modelId.trim() === o.modelId && o.modelId !== '', `${m.id}@${host} modelId`);
      assert.match(o.source, /^https:\/\//, `${m.id}@${host} source`);
      assert.ok(isIsoDate(o.retrievedOn), `${m.id}@${host} retrievedOn`);
      // Never an invented price: both prices from the host's page, or both null with a note saying why.
      if (o.inputPerMTok === null || o.outputPerMTok === null) {
        assert.ok(o.inputPerMTok === null && o.outputPerMTok === null && o.cachedInputPerMTok === undefined, `${m.id}@${host}: half a price`);
        assert.ok((o.note ?? '').length > 20, `${m.id}@${host}: an unpriced offer says why`);
        unpriced++;
      } else {
        for (const k of ['inputPerMTok', 'outputPerMTok'] as const) assert.ok(Number.isFinite(o[k]) && (o[k] as number) > 0, `${m.id}@${host} ${k}`);
        if (o.cachedInputPerMTok !== undefined) assert.ok(o.cachedInputPerMTok >= 0 && o.cachedInputPerMTok <= o.inputPerMTok, `${m.id}@${host} cached`);
      }
      if (o.contextWindow !== undefined) assert.ok(Number.isInteger(o.contextWindow) && o.contextWindow > 0 && (m.contextWindow === null || o.contextWindow <= m.contextWindow), `${m.id}@${host} context`);
      if (o.maxOutputTokens !== undefined) assert.ok(Number.isInteger(o.maxOutputTokens) && o.maxOutputTokens > 0 && (o.contextWindow ?? m.contextWindow ?? Infinity) > o.maxOutputTokens, `${m.id}@${host} max output`);
      assert.ok(data.sources.some((s) => s.url === o.source), `${m.id}@${host}: ${o.source} is listed in sources`);
    }
  }
  assert.ok(offers >= 4, String(offers));
  assert.ok(unpriced < offers, 'some offers are priced');
});

test('host limits as the hosts state them: Cerebras 32k, Fireworks ~1M for Scout, Bedrock 1M / 8K for Maverick', () => {
  const c = loadCatalog(data);
  const scout = c.index.get('llama-4-scout');
  const mav = c.index.get('llama-4-maverick');
  assert.equal(scout?.hosts?.cerebras?.contextWindow, 32_000);
  assert.equal(scout?.hosts?.fireworks?.contextWindow, 1_048_576);
  assert.equal(mav?.hosts?.bedrock?.contextWindow, 1_000_000);
  assert.equal(mav?.hosts?.bedrock?.maxOutputTokens, 8_000);
  // The host's own id names the model (a Bedrock call site with meta.llama4-… is Llama 4 Maverick).
  assert.equal(c.index.get('meta.llama4-maverick-17b-instruct-v1:0'), mav);
  assert.equal(c.index.get('accounts/fireworks/models/llama4-scout-instruct-basic'), scout);
});

test('no duplicate ids or aliases', () => {
  const seen = new Set<string>();
  for (const m of data.models) {
    for (const k of [m.id, ...(m.aliases ?? [])].map((s) => s.toLowerCase())) {
      assert.ok(!seen.has(k), `duplicate ${k}`);
      seen.add(k);
    }
  }
  assert.deepEqual(loadCatalog(data).warnings, []);
});

test('the required families are present', () => {
  const c = loadCatalog(data);
  for (const id of ['gpt-4.5-preview', 'gpt-4-32k', 'gpt-4-0613', 'gpt-4', 'gpt-4-turbo', 'gpt-4-vision-preview', 'gpt-3.5-turbo', 'text-davinci-003',
    'gpt-4o', 'gpt-4o-2024-08-06', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'o1', 'o1-mini', 'o1-preview', 'o3', 'o3-mini', 'o4-mini', 'gpt-5',
    'claude-2.1', 'claude-instant-1.2', 'claude-3-opus-20240229', 'claude-3-sonnet-20240229', 'claude-3-haiku-20240307', 'claude-3-5-sonnet-20241022',
    'claude-3-5-haiku-20241022', 'claude-3-7-sonnet-20250219', 'claude-sonnet-4-20250514', 'claude-opus-4-20250514',
    'gemini-1.0-pro', 'gemini-1.5-pro', 'gemini-2.0-flash', 'gemini-2.5-pro']) {
    assert.ok(c.index.has(id), id);
  }
  for (const id of ['o1', 'o3', 'o4-mini', 'gpt-5', 'gpt-5-mini']) assert.equal(c.index.get(id)?.reasoning, true, id);
  assert.equal(c.index.get('gpt-4o')?.reasoning, false);
});
