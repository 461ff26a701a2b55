// The kept answer of `promptshift scan --json` (src/node/scanAnswer.ts): a scan of an unchanged tree
// prints it, byte for byte what the scan itself prints; anything it depends on changed (a source
// file, a `.env` the model pass read), or a damaged answer, and the scan runs as without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallSite, ScanResult } from '../../../src/core/callsite';
import { answerOf, resultJson, scanAnswerPath } from '../../../src/node/scanAnswer';
import { age, flowWorkspace, OLD, scanFresh, scanOutput } from '../support/cachedScan';

/** What `scan --json` prints when piped, with its time set to 0. */
async function scanText(dir: string): Promise<string> {
  const out = await scanOutput(dir);
  assert.ok(out.endsWith('}\n') && !out.slice(0, -1).includes('\n'), 'one compact line');
  return out.replace(/"ms":\d+/, '"ms":0');
}

/** The scan with no cache of any kind. */
const fresh = (dir: string) => scanFresh(dir, scanText, (text, copy) => text.replace(JSON.stringify(copy), JSON.stringify(dir)));

function workspace(): string {
  const dir = flowWorkspace('promptshift-answer-');
  // A module nothing imports: what the model pass's answer does not depend on.
  mkdirSync(join(dir, 'tools'));
  writeFileSync(join(dir, 'tools', 'notes.py'), 'NOTES = 1\n');
  age(dir);
  return dir;
}

/**
 * Alters the kept answer's call sites (a model id) and seals it again as the scan would: a scan
 * that prints the altered id printed the kept answer.
 */
function markAnswer(dir: string, from: string, to: string): void {
  const [header, sites, errors] = readFileSync(scanAnswerPath(dir), 'utf8').split('\n');
  assert.ok(sites.includes(from), `the kept answer holds ${from}`);
  const marked = sites.split(from).join(to);
  const head = JSON.stringify({ ...JSON.parse(header), body: sha256(`${marked}\n${errors}`) });
  writeFileSync(scanAnswerPath(dir), `${head}\n${marked}\n${errors}\n${sha256(head)}`);
}

/** A time well before the scan (outside the racy window) and after OLD: an edit only its time tells. */
const later = (n: number) => new Date(OLD.getTime() + n * 5000);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

test('an unchanged tree prints the kept answer, byte for byte what the scan itself prints', async () => {
  const dir = workspace();
  try {
    const expected = await fresh(dir);
    assert.match(expected, /gpt-4o-2024-08-06/);
    await scanText(dir);
    age(dir); // the first scan made .promptshift/, too recent to vouch for
    assert.equal(await scanText(dir), expected);
    assert.equal(await scanText(dir), expected);
    markAnswer(dir, 'gpt-4o-2024-08-06', 'gpt-4o-2024-08-07');
    assert.match(await scanText(dir), /gpt-4o-2024-08-07/, 'the kept answer is what was printed');
    // Altered without its seal: not trusted, and the scan prints what it finds.
    const text = readFileSync(scanAnswerPath(dir), 'utf8');
    writeFileSync(scanAnswerPath(dir), text.replace('gpt-4o-2024-08-07', 'gpt-4o-2024-08-09'));
    assert.equal(await scanText(dir), expected);
    for (const damaged of ['', '{}\n[]\n[]\nx', text.slice(0, text.length >> 1)]) {
      writeFileSync(scanAnswerPath(dir), damaged);
      assert.equal(await scanText(dir), expected);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a change the answer depends on is seen; after one it does not, the next scan is answered again', async () => {
  const dir = workspace();
  try {
    await scanText(dir);
    age(dir);
    await scanText(dir);
    markAnswer(dir, 'gpt-4o-2024-08-06', 'gpt-4o-2024-08-07');
    // The .env the model pass read, edited (same size: only its time tells).
    writeFileSync(join(dir, '.env'), readFileSync(join(dir, '.env'), 'utf8').replace('gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'));
    utimesSync(join(dir, '.env'), OLD, later(1));
    const edited = await scanText(dir);
    assert.match(edited, /gpt-4o-2024-11-20/);
    assert.equal(edited, await fresh(dir));
    // A source file edited, with no call site and not read by the pass: the index changes, the
    // pass's answer stands (checked in full) and is kept against the new index.
    writeFileSync(join(dir, 'tools', 'notes.py'), 'NOTES = 2\n');
    utimesSync(join(dir, 'tools', 'notes.py'), OLD, later(2));
    assert.equal(await scanText(dir), edited);
    markAnswer(dir, 'gpt-4o-2024-11-20', 'gpt-4o-2024-11-21');
    assert.match(await scanText(dir), /gpt-4o-2024-11-21/, 'answered from what the scan after the edit kept');
    // A call site edited: scanned again.
    const chat = join(dir, 'app', 'services', 'chat.py');
    writeFileSync(chat, `${readFileSync(chat, 'utf8')}\n# moved\n`);
    utimesSync(chat, OLD, later(3));
    assert.equal(await scanText(dir), await fresh(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the printed answer is JSON.stringify of the result, whatever its text', () => {
  const site = { id: 'a-1', path: 'src/é "quoted".ts', line: 3, api: 'openai.chat', model: 'gpt-4o', prompt: { system: 'Réponds en français 🙂\n\t"vite"' } } as unknown as CallSite;
  const result: ScanResult = {
    version: 1, root: '/tmp/dossier "é"', callSites: [site, { ...site, id: 'a-2', legacyId: 'old-2' } as CallSite],
    stats: { files: 7, parsedFiles: 2, ms: 0 }, errors: [{ path: 'broken.ts', message: 'Unexpected «token»' } as ScanResult['errors'][number]],
  };
  const answer = answerOf(result);
  assert.deepEqual(answer.ids, ['a-1', 'a-2', 'old-2']);
  assert.equal(resultJson(result.root, answer, 41).toString('utf8'), `${JSON.stringify({ ...result, stats: { ...result.stats, ms: 41 } })}\n`);
  const empty: ScanResult = { ...result, callSites: [], errors: [] };
  assert.equal(resultJson(empty.root, answerOf(empty), 0).toString('utf8'), `${JSON.stringify(empty)}\n`);
});
