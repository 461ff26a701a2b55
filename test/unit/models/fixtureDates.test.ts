// Tests must give the same verdicts on any day: a fixture model reaching its retirement date once
// turned CI red for everybody. The fixture workspaces pin "today" (promptshift.lifecycle.today); this
// check fails when a fixture's lifecycle verdicts would still move with the calendar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScanEngine } from '../../../src/core/scan/index';
import { effectiveModel } from '../../../src/core/callsite';
import { BUILTIN_CATALOG, loadCatalog } from '../../../src/core/models/catalog';
import { modelStatus, replacementFor } from '../../../src/core/models/lifecycle';
import { resolveToday, localIsoDate } from '../../../src/core/models/today';
import { todayIso } from '../../../src/cli/format/modelNotes';
import { nodeGrammarLoader } from '../../../src/node/grammarLoader';
import { walkWorkspace } from '../../../src/node/walk';
import { FIXTURES } from '../support/paths';

const catalog = loadCatalog(BUILTIN_CATALOG);
/** Clocks far apart: before the fixture's models were announced for retirement, now, and years on. */
const CLOCKS = ['2024-01-01T12:00:00Z', new Date().toISOString(), '2027-02-01T12:00:00Z', '2030-06-30T12:00:00Z', '2040-01-01T12:00:00Z'].map((s) => new Date(s));

function pinOf(folder: string): string | undefined {
  const text = readFileSync(join(FIXTURES, folder, '.vscode', 'settings.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
  return (JSON.parse(text) as Record<string, string>)['promptshift.lifecycle.today'];
}

async function verdicts(folder: string, pin: string | undefined, now: Date): Promise<string[]> {
  const root = join(FIXTURES, folder);
  const result = await new ScanEngine(nodeGrammarLoader()).scanAll(root, walkWorkspace(root));
  const today = resolveToday([pin], now).date;
  return result.callSites.map((s) => {
    const model = effectiveModel(s);
    if (!model) return `${s.path}:${s.line} ?`;
    const status = modelStatus(catalog.index.get(model.toLowerCase()), today, 90, replacementFor(catalog, model, today)?.id);
    return `${s.path}:${s.line} ${model} ${status.kind} → ${status.replacement ?? '-'}`;
  });
}

test('the fixture workspace pins "today", so its verdicts are the same on every day', async () => {
  const pin = pinOf('workspace');
  assert.ok(pin, 'test/fixtures/workspace/.vscode/settings.json sets promptshift.lifecycle.today');
  const expected = await verdicts('workspace', pin, new Date());
  assert.ok(expected.some((v) => / retired /.test(v)), `the fixture still has a retired model to test: ${expected.join('; ')}`);
  for (const now of CLOCKS) assert.deepEqual(await verdicts('workspace', pin, now), expected, `on ${now.toISOString()}`);
});

test('without the pin the same fixture would change with the date (the check above can fail)', async () => {
  const byDay = new Set<string>();
  for (const now of CLOCKS) byDay.add(JSON.stringify(await verdicts('workspace', undefined, now)));
  assert.ok(byDay.size > 1, 'unpinned verdicts differ between 2024 and 2040');
});

test('a pin wins over the clock; a blank or broken pin falls back to the local date', () => {
  const now = new Date(2031, 5, 1, 12);
  assert.deepEqual(resolveToday(['2026-11-15'], now), { date: '2026-11-15', pinned: true });
  assert.deepEqual(resolveToday(['', undefined, '2026-01-02'], now), { date: '2026-01-02', pinned: true });
  assert.deepEqual(resolveToday(['  '], now), { date: localIsoDate(now), pinned: false });
  assert.deepEqual(resolveToday(['2026-02-30'], now), { date: '2031-06-01', pinned: false, invalidPin: '2026-02-30' });
  assert.equal(todayIso({ PROMPTSHIFT_TODAY: '2026-11-15' }, now), '2026-11-15');
  assert.equal(todayIso({}, now), '2031-06-01');
});
