// The persistent scan index (src/node/scanIndex.ts, indexedScan.ts): a scan answered from it equals a
// scan without it, call for call; an entry is used only while the file's size and modification time
// are unchanged; a damaged, truncated or foreign index is rebuilt, never read.
import { test } from 'node:test';
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanResult } from '../../../src/core/callsite';
import { main } from '../../../src/cli/main';
import { ScanEngine } from '../../../src/core/scan/index';
import { nodeGrammarLoader } from '../../../src/node/grammarLoader';
import { scanListedIndexed, scanWorkspaceIndexed } from '../../../src/node/indexedScan';
import { timeSlices } from '../../../src/node/pace';
import { ScanPool } from '../../../src/node/scanPool';
import { RACY_MS, ScanIndex, scanIndexKey, scanIndexPath } from '../../../src/node/scanIndex';
import { scanWorkspacePooled } from '../../../src/node/indexedScan';
import { followModelsOnDisk } from '../../../src/node/modelFlow';
import { readSource, walkPaths } from '../../../src/node/walk';
import { FIXTURES } from '../support/paths';

const comparable = (r: ScanResult) => JSON.stringify({ ...r, stats: { ...r.stats, ms: 0 } });
/** An hour ago: well outside the racy window, as files of a checkout are. */
const OLD = new Date(Date.now() - 3_600_000);

/** A copy of the TypeScript and Python corpora (every kind of file, an error included), dated an hour ago. */
function corpusCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'ps-index-'));
  cpSync(join(FIXTURES, 'scan', 'ts'), join(root, 'ts'), { recursive: true });
  cpSync(join(FIXTURES, 'scan', 'py'), join(root, 'py'), { recursive: true });
  writeFileSync(join(root, 'broken.ts'), "import OpenAI from 'openai';\nconst c = new OpenAI();\nc.chat.completions.create({ model: 'gpt-4o', messages: [] ;\n");
  writeFileSync(join(root, 'binary.py'), Buffer.from([0x6f, 0x70, 0x65, 0x6e, 0x61, 0x69, 0, 1, 2]));
  for (const rel of walkPaths(root)) utimesSync(join(root, rel), OLD, OLD);
  // Directories too: the walk remembers only those modified well before it.
  for (const dir of new Set([...walkPaths(root)].flatMap((rel) => rel.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))))) utimesSync(join(root, dir), OLD, OLD);
  utimesSync(root, OLD, OLD);
  return root;
}

/** The engine, counting the files it is asked about: zero means nothing was read or parsed. */
function countingEngine(): { engine: ScanEngine; calls: () => number } {
  const engine = new ScanEngine(nodeGrammarLoader());
  let calls = 0;
  const prepare = engine.prepareFile.bind(engine);
  const parse = engine.parseFile.bind(engine);
  engine.prepareFile = (f, o) => { calls++; return prepare(f, o); };
  engine.parseFile = (j) => { calls++; return parse(j); };
  return { engine, calls: () => calls };
}

async function uncached(root: string): Promise<string> {
  const plain = await scanWorkspacePooled(root);
  const noIndex = (await scanWorkspaceIndexed(root, {}, { useIndex: false })).result;
  assert.equal(comparable(noIndex), comparable(plain));
  return comparable(plain);
}

test('a second scan of an unchanged tree is answered from the index, identical to a scan without it', async () => {
  const root = corpusCopy();
  const expected = await uncached(root);
  const parsed = JSON.parse(expected) as ScanResult;
  assert.ok(parsed.callSites.length > 100 && parsed.errors.length >= 2, 'the corpus has call sites and errors');

  const first = await scanWorkspaceIndexed(root);
  assert.equal(comparable(first.result), expected);
  assert.deepEqual(first.index, { fromIndex: 0, scanned: parsed.stats.files });

  const { engine, calls } = countingEngine();
  const second = await scanWorkspaceIndexed(root, {}, { engine });
  assert.equal(comparable(second.result), expected, 'call sites, errors and counts as without the index');
  assert.deepEqual(second.index, { fromIndex: parsed.stats.files, scanned: 0 });
  assert.equal(calls(), 0, 'no file was read or parsed');
  const written = statSync(scanIndexPath(root)).mtimeMs;
  await scanWorkspaceIndexed(root);
  assert.equal(statSync(scanIndexPath(root)).mtimeMs, written, 'an index with nothing new is not rewritten');
  assert.equal(readFileSync(join(root, '.promptshift', 'cache', '.gitignore'), 'utf8'), '*\n', 'the cache keeps itself out of git');
});

test('non-ASCII file names and prompts: the index is written as ASCII, read back the same, and not rewritten when nothing changed', async () => {
  const root = corpusCopy();
  mkdirSync(join(root, 'naïve'));
  writeFileSync(join(root, 'naïve', 'プロンプト.ts'), "import OpenAI from 'openai';\nconst c = new OpenAI();\nc.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Grüße, 世界 😀' }] });\n");
  utimesSync(join(root, 'naïve', 'プロンプト.ts'), OLD, OLD);
  utimesSync(join(root, 'naïve'), OLD, OLD);
  utimesSync(root, OLD, OLD);
  const expected = await uncached(root);
  assert.match(expected, /プロンプト\.ts/);
  await scanWorkspaceIndexed(root);
  assert.ok(isAscii(readFileSync(scanIndexPath(root))), 'every byte of the index is ASCII');
  const second = await scanWorkspaceIndexed(root);
  assert.equal(second.index?.scanned, 0);
  assert.equal(comparable(second.result), expected);
  const written = statSync(scanIndexPath(root)).mtimeMs;
  await scanWorkspaceIndexed(root);
  assert.equal(statSync(scanIndexPath(root)).mtimeMs, written, 'the directory lines compare equal: nothing rewritten');
});

test('a file whose modification time or size changed is scanned again; the rest come from the index', async () => {
  const root = corpusCopy();
  await scanWorkspaceIndexed(root);
  const [a, b] = [...walkPaths(root)].filter((p) => p.endsWith('.ts')).slice(0, 2);

  // Same bytes, another time: scanned again (and still the same answer).
  const other = new Date(OLD.getTime() - 60_000);
  utimesSync(join(root, a), other, other);
  let r = await scanWorkspaceIndexed(root);
  assert.equal(r.index?.scanned, 1);
  assert.equal(comparable(r.result), await uncached(root));

  // A new call site appended, the time put back as it was: the size tells.
  appendFileSync(join(root, b), "\nimport OpenAI from 'openai';\nnew OpenAI().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'appended' }] });\n");
  utimesSync(join(root, b), OLD, OLD);
  r = await scanWorkspaceIndexed(root);
  assert.equal(r.index?.scanned, 1);
  assert.equal(comparable(r.result), await uncached(root));
  assert.ok(r.result.callSites.some((s) => s.path === b && s.model === 'gpt-4o-mini'), 'the appended call site is found');
});

test('a file changed moments before a scan is not recorded, so a same-size edit in the same clock tick cannot hide', async () => {
  const root = corpusCopy();
  const rel = [...walkPaths(root)].find((p) => p.endsWith('.ts'))!;
  // Stamped ahead of the clock so it stays inside the racy window however long the scans take on a
  // loaded machine (a "now" stamp left the window when the first scan took over RACY_MS).
  const recent = new Date(Date.now() + 10 * 60_000);
  utimesSync(join(root, rel), recent, recent);
  await scanWorkspaceIndexed(root);
  const r = await scanWorkspaceIndexed(root);
  assert.equal(r.index?.scanned, 1, 'the recent file is scanned again');
  // Index made before the edit's time had passed RACY_MS: an index opened later trusts it.
  const later = await ScanIndex.open(root, { now: Date.now() + RACY_MS + 1000 });
  assert.equal(later.lookup(rel).scan, undefined, 'not recorded, so still a miss');
});

test('the answer digest names what the index answers for the files, and whether a scan was answered by it whole', async () => {
  const root = corpusCopy();
  const first = (await scanWorkspaceIndexed(root)).walked.answers;
  assert.ok(first?.digest, 'every file recorded: the written index holds the whole scan');
  assert.equal(first.whole, false, 'the first scan was not answered by an index');
  const second = (await scanWorkspaceIndexed(root)).walked.answers;
  assert.equal(second?.whole, true);
  assert.equal(second.digest, first.digest, 'same files, same answers: same digest');
  assert.ok(first.ordered && second.ordered, 'the index lists the files in walk order');
  const rel = [...walkPaths(root)].find((p) => p.endsWith('.ts'))!;
  const st = statSync(join(root, rel));
  assert.deepEqual(second.recorded(rel), { size: st.size, mtimeMs: st.mtimeMs });
  // Only the directories differ (a new folder of no source): the same digest, the index rewritten.
  mkdirSync(join(root, 'docs'));
  writeFileSync(join(root, 'docs', 'notes.txt'), 'no source here\n');
  utimesSync(join(root, 'docs'), OLD, OLD);
  utimesSync(root, OLD, new Date(OLD.getTime() + 1000));
  const dirsOnly = (await scanWorkspaceIndexed(root)).walked.answers;
  assert.equal(dirsOnly?.whole, true);
  assert.equal(dirsOnly.digest, first.digest);
  // A file edited moments ago is not recorded: the index no longer holds the whole scan.
  const recent = new Date(Date.now() + 10 * 60_000);
  utimesSync(join(root, rel), recent, recent);
  const racy = (await scanWorkspaceIndexed(root)).walked.answers;
  assert.equal(racy?.whole, false);
  assert.equal(racy.digest, undefined);
  assert.equal(racy.ordered, false);
  // Every file again, but not the index read: a new digest, and not whole (it was rebuilt).
  utimesSync(join(root, rel), OLD, OLD);
  const rebuilt = (await scanWorkspaceIndexed(root)).walked.answers;
  assert.equal(rebuilt?.whole, false);
  assert.ok(rebuilt.digest);
  assert.equal((await scanWorkspaceIndexed(root)).walked.answers?.whole, true);
  // A file scanned again after later ones came from the index: recorded after them, out of walk order.
  const other = new Date(OLD.getTime() - 60_000);
  utimesSync(join(root, rel), other, other);
  const unordered = (await scanWorkspaceIndexed(root)).walked.answers;
  assert.ok(unordered?.digest && !unordered.ordered);
  const next = (await scanWorkspaceIndexed(root)).walked.answers;
  assert.ok(next?.whole && next.digest === unordered.digest && !next.ordered, 'read as written: whole, but not in walk order');
});

test('a deleted file drops out of the result and of the index; a new one is scanned', async () => {
  const root = corpusCopy();
  await scanWorkspaceIndexed(root);
  const gone = [...walkPaths(root)].find((p) => p.endsWith('.py'))!;
  rmSync(join(root, gone));
  writeFileSync(join(root, 'added.ts'), "import Anthropic from '@anthropic-ai/sdk';\nnew Anthropic().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [] });\n");
  const r = await scanWorkspaceIndexed(root);
  assert.equal(r.index?.scanned, 1, 'only the new file is read');
  assert.equal(comparable(r.result), await uncached(root));
  const stored = readFileSync(scanIndexPath(root), 'utf8');
  assert.ok(!stored.includes(JSON.stringify(gone)), 'the deleted file left the index');
});

test('a truncated, unreadable, foreign or tampered index is rebuilt, never trusted', async () => {
  const root = corpusCopy();
  const expected = await uncached(root);
  const file = scanIndexPath(root);
  const files = (JSON.parse(expected) as ScanResult).stats.files;
  const fullRescan = async (why: RegExp) => {
    const r = await scanWorkspaceIndexed(root);
    assert.equal(comparable(r.result), expected);
    assert.equal(r.index?.scanned, files, 'every file scanned again');
    assert.match(r.index?.discarded ?? '', why);
    const again = await scanWorkspaceIndexed(root);
    assert.equal(again.index?.scanned, 0, 'and the rebuilt index is used next time');
    assert.equal(comparable(again.result), expected);
  };

  await scanWorkspaceIndexed(root);
  truncateSync(file, Math.floor(statSync(file).size / 2));
  await fullRescan(/damaged/);

  // Cut by one byte (the seal's line loses its newline), or emptied: the seal is checked on the bytes.
  truncateSync(file, statSync(file).size - 1);
  await fullRescan(/damaged/);
  truncateSync(file, 0);
  await fullRescan(/damaged/);

  writeFileSync(file, '\u0000\u0001 not json at all');
  await fullRescan(/damaged/);

  writeFileSync(file, JSON.stringify({ hello: 'world' }));
  await fullRescan(/damaged/);

  // A model id altered in place, still valid JSON of the right shape: only the seal tells.
  const sealed = readFileSync(file, 'utf8');
  const at = sealed.indexOf('"model":"') + '"model":"'.length;
  assert.ok(at > 20);
  writeFileSync(file, sealed.slice(0, at) + (sealed[at] === 'x' ? 'y' : 'x') + sealed.slice(at + 1));
  await fullRescan(/damaged/);

  // Written by another scanner version: not one entry is read.
  const { header, rows } = readIndex(file);
  assert.equal(header.key, scanIndexKey());
  const key = JSON.parse(header.key) as { scanner: number };
  writeIndex(file, { ...header, key: JSON.stringify({ ...key, scanner: key.scanner + 1 }) }, rows);
  await fullRescan(/another scanner version/);
  // Or with another size limit, which changes what a file scans to.
  await scanWorkspaceIndexed(root, {}, { maxFileBytes: 1000 });
  await fullRescan(/another scanner version or other options/);

  // One entry of the wrong shape (its call sites claimed for another file), sealed as if whole:
  // that file alone is rescanned.
  const withSites = rows.find((row) => Array.isArray(row[4]))!;
  writeIndex(file, header, rows.map((row) => row === withSites ? [row[0], row[1], row[2], row[3], [{ id: 'x', path: 'elsewhere.ts', line: 1, api: 'openai.chat' }], 0] : row));
  const r = await scanWorkspaceIndexed(root);
  assert.equal(r.index?.scanned, 1);
  assert.equal(comparable(r.result), expected);
});

/** The index's header and rows (the format of src/node/scanIndex.ts: JSON lines, then a SHA-256 seal). */
function readIndex(file: string): { header: { format: string; key: string }; rows: unknown[][] } {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  return { header: JSON.parse(lines[0]), rows: lines.slice(1, -1).map((l) => JSON.parse(l) as unknown[]) };
}

function writeIndex(file: string, header: object, rows: unknown[][]): void {
  const body = [header, ...rows].map((x) => `${JSON.stringify(x)}\n`).join('');
  writeFileSync(file, `${body}${JSON.stringify({ sha256: createHash('sha256').update(body).digest('hex') })}\n`);
}

test('a scan limited by --include keeps the index entries of files it did not walk', async () => {
  const root = corpusCopy();
  await scanWorkspaceIndexed(root);
  const part = await scanWorkspaceIndexed(root, { include: ['py/**'] });
  assert.ok(part.result.stats.files > 0 && part.index?.scanned === 0);
  const whole = await scanWorkspaceIndexed(root);
  assert.equal(whole.index?.scanned, 0, 'the TypeScript entries survived the partial scan');
});

test('a workspace the index cannot be written to still scans, and says why', async () => {
  const root = corpusCopy();
  writeFileSync(join(root, '.promptshift'), 'a file where the cache folder would go');
  const r = await scanWorkspaceIndexed(root);
  assert.equal(comparable(r.result), await uncached(root));
  assert.match(r.index?.writeError ?? '', /ENOTDIR|EEXIST/);
});

test('promptshift scan prints the same inventory from the index; replay finds a call site by id through it', async () => {
  const root = corpusCopy();
  const run = async (argv: string[]) => {
    let out = '', err = '';
    const code = await main(argv, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, cwd: root, env: {} });
    return { code, out, err };
  };
  const first = await run(['scan', '--json']);
  const second = await run(['scan', '--json']);
  assert.equal(second.code, 0);
  const strip = (s: string) => s.replace(/"ms": ?\d+/, '"ms": 0');
  assert.equal(strip(second.out), strip(first.out));
  assert.match(second.err, /unchanged files from the scan index/);
  // What a scan without the index prints: the pooled scan, then the cross-file model pass.
  const plain = await scanWorkspacePooled(root);
  await followModelsOnDisk(plain);
  assert.equal(strip(first.out), strip(`${JSON.stringify(plain)}\n`));

  // The file's bytes replaced by others of the same size at the same time: only the index still
  // knows the call site, so replay finding it shows the lookup went through the index.
  const site = (JSON.parse(first.out) as ScanResult).callSites[0];
  const abs = join(root, site.path);
  writeFileSync(abs, ' '.repeat(statSync(abs).size));
  utimesSync(abs, OLD, OLD);
  const replay = await run(['replay', '--callsite', site.id, '--candidate', 'gpt-4o-mini']);
  assert.equal(replay.code, 2);
  assert.match(replay.err, new RegExp(`no cases for ${site.id}`), replay.err);
});

test('the editor\'s way (listed files, a pool that keeps its thread free, a pace) gives the same scans and shares the index', async () => {
  const root = corpusCopy();
  const rels = [...walkPaths(root)].filter((p) => !p.startsWith('py/tests/'));
  const engine = new ScanEngine(nodeGrammarLoader());
  const expected = await Promise.all(rels.map((rel) => engine.scanFile(readSource(root, rel))));
  const pool = new ScanPool(() => Promise.resolve(engine), { workers: 2, callerParses: false, pace: timeSlices(5) });
  try {
    const first = await scanListedIndexed(root, rels, pool, { pace: timeSlices(5) });
    assert.deepEqual(first.scans, expected);
    assert.deepEqual(first.index, { fromIndex: 0, scanned: rels.length });
    const second = await scanListedIndexed(root, rels, pool, { pace: timeSlices(5) });
    assert.equal(JSON.stringify(second.scans), JSON.stringify(expected));
    assert.deepEqual(second.index, { fromIndex: rels.length, scanned: 0 });
  } finally {
    await pool.close();
  }
  // The files the editor left out are still on disk: their entries stay for the CLI.
  const cli = await scanWorkspaceIndexed(root);
  assert.equal(cli.index?.scanned, [...walkPaths(root)].length - rels.length, 'the CLI reads only what the editor did not list');
  assert.equal(comparable(cli.result), await uncached(root));
});
