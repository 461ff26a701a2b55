// Cases files keep working across the change of call-site IDs (text hash → scope): a file named by
// the former ID is renamed once, with a note; files whose call site is gone are listed as orphans
// (by `scan` on stderr), never dropped; `replay --callsite` accepts a former ID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanDirectory } from '../../../src/cli/commands/scan';
import { run as scan } from '../../../src/cli/commands/scan';
import { casesFileFor, orphanedCasesFiles, readCaseLinks } from '../../../src/node/replayInputs';
import { capture, makeWorkspace, writeCases } from './workspace';

test('a cases file named by the former ID is renamed to the new one once, and says so', async () => {
  const { root } = makeWorkspace();
  const [site] = (await scanDirectory(root)).callSites;
  assert.ok(site.legacyId && site.legacyId !== site.id, 'the scan reports the former ID');
  writeCases(root, site.legacyId, 2);
  const notes: string[] = [];
  const file = await casesFileFor(root, site, new Map(), (m) => notes.push(m));
  assert.equal(file, join(root, '.promptshift', 'cases', `${site.id}.jsonl`));
  assert.ok(existsSync(file) && !existsSync(join(root, '.promptshift', 'cases', `${site.legacyId}.jsonl`)));
  assert.match(notes.join('\n'), new RegExp(`Renamed .promptshift/cases/${site.legacyId}.jsonl to ${site.id}.jsonl`));
  assert.equal(readFileSync(file, 'utf8').split('\n').filter(Boolean).length, 2);
  // Second lookup: nothing more to migrate.
  assert.equal(await casesFileFor(root, site, new Map(), (m) => notes.push(m)), file);
  assert.equal(notes.length, 1);
});

test('a config.json link under the former ID still works, with a note to update it', async () => {
  const { root } = makeWorkspace();
  const [site] = (await scanDirectory(root)).callSites;
  writeFileSync(join(root, 'qa.jsonl'), '{"id":"a","vars":{"doc":"x"}}\n');
  writeFileSync(join(root, '.promptshift', 'config.json'), JSON.stringify({ cases: { [site.legacyId!]: 'qa.jsonl' } }));
  const notes: string[] = [];
  const { links } = await readCaseLinks(root);
  assert.equal(await casesFileFor(root, site, links, (m) => notes.push(m)), join(root, 'qa.jsonl'));
  assert.match(notes[0], /former ID/);
  assert.deepEqual(await orphanedCasesFiles(root, [site], links), []);
});

test('cases files of no call site are orphans, listed by scan; linked and current ones are not', async () => {
  const { root } = makeWorkspace();
  const [site] = (await scanDirectory(root)).callSites;
  writeCases(root, site.id, 1);
  writeCases(root, 'summarize-0123456789', 1);
  writeCases(root, 'gone-aaaaaaaaaa', 1);
  writeFileSync(join(root, '.promptshift', 'config.json'), JSON.stringify({ cases: { other: '.promptshift/cases/gone-aaaaaaaaaa.jsonl' } }));
  const { links } = await readCaseLinks(root);
  assert.deepEqual((await orphanedCasesFiles(root, [site], links)).map((o) => o.id), ['summarize-0123456789']);
  const c = capture(root);
  assert.equal(await scan([root], c.io), 0);
  assert.match(c.err(), /1 cases file\(s\) under \.promptshift\/cases belong to no call site/);
  assert.match(c.err(), /summarize-0123456789\.jsonl/);
});
