// readAndPrepare reads into a buffer its thread reuses; whatever the file, its answer must be the one
// a plain read gives (prepareSource(readSource())), and no file's bytes may leak into the next's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareSource } from '../../../src/core/scan/prepare';
import { readAndPrepare, readSource } from '../../../src/node/walk';

const CALL = "import OpenAI from 'openai';\nconst c = new OpenAI();\nawait c.chat.completions.create({ model: 'gpt-4o', messages: [] });\n";

test('readAndPrepare answers as a plain read does, file after file', () => {
  const root = mkdtempSync(join(tmpdir(), 'ps-read-'));
  const files: Record<string, string | Buffer> = {
    'a.ts': CALL,
    'big.ts': CALL + '// padding\n'.repeat(20_000), // over the first buffer size: it grows
    'short.py': 'import openai\n', // shorter than the file before: nothing of big.ts may show
    'plain.ts': 'export const x = 1;\n',
    'empty.py': '',
    'bom.py': '\ufefffrom openai import OpenAI\nOpenAI().responses.create(model="gpt-4.1", input="hi")\n',
    'binary.ts': Buffer.from([0x69, 0x6d, 0x70, 0x00, 0x01, 0x02]),
    'latin1.py': Buffer.from('from openai import OpenAI # caf\xe9\n', 'latin1'),
    'after-bad.ts': CALL, // the shared decoder must be usable after a failed decode
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(join(root, name), content);
  for (const options of [{}, { maxFileBytes: 100 }, { maxFileBytes: 100_000 }]) {
    for (const name of [...Object.keys(files), 'missing.ts']) {
      const expected = prepareSource(readSource(root, name), options);
      assert.deepEqual(readAndPrepare(root, name, options), expected, `${name} ${JSON.stringify(options)}`);
    }
  }
  // What the expectations rest on, so the comparison above is not vacuous.
  assert.equal(readAndPrepare(root, 'a.ts').job?.text, CALL);
  assert.equal(readAndPrepare(root, 'short.py').job?.text, 'import openai\n');
  assert.match(readAndPrepare(root, 'big.ts', { maxFileBytes: 100_000 }).scan?.error?.message ?? '', /over the 100000-byte limit/);
  assert.match(readAndPrepare(root, 'latin1.py').scan?.error?.message ?? '', /not valid UTF-8/);
  assert.match(readAndPrepare(root, 'binary.ts').scan?.error?.message ?? '', /binary/);
  assert.match(readAndPrepare(root, 'missing.ts').scan?.error?.message ?? '', /unreadable/);
  assert.ok(readAndPrepare(root, 'bom.py').job?.text.startsWith('from openai'));
});
