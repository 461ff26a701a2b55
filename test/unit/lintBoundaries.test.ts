// The import boundaries of ARCHITECTURE.md are enforced by ESLint; prove that the rules bite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { REPO_ROOT } from './support/paths';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function restrictedImports(relPath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(REPO_ROOT, relPath) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test('a file in src/core importing vscode fails lint', async () => {
  const messages = await restrictedImports('src/core/probe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n");
  assert.equal(messages.length, 1);
  assert.match(messages[0], /pure/);
});

test('src/core may not use fs, network or the openai SDK', async () => {
  for (const mod of ['node:fs', 'fs', 'http', 'node:child_process', 'openai']) {
    const messages = await restrictedImports('src/core/replay/probe.ts', `import * as m from '${mod}';\nexport const x = m;\n`);
    assert.equal(messages.length, 1, `${mod} is refused in src/core`);
  }
});

test('src/core may not reach into host, llm or cli', async () => {
  const messages = await restrictedImports('src/core/scan/probe.ts', "import { x } from '../../llm/openaiClient';\nexport const y = x;\n");
  assert.equal(messages.length, 1);
});

test('src/llm and src/cli may not import vscode; src/host may not import openai', async () => {
  assert.equal((await restrictedImports('src/llm/probe.ts', "import * as v from 'vscode';\nexport const x = v;\n")).length, 1);
  assert.equal((await restrictedImports('src/cli/probe.ts', "import * as v from 'vscode';\nexport const x = v;\n")).length, 1);
  assert.equal((await restrictedImports('src/host/probe.ts', "import OpenAI from 'openai';\nexport const x = OpenAI;\n")).length, 1);
});

test('allowed imports pass', async () => {
  assert.deepEqual(await restrictedImports('src/host/probe.ts', "import * as v from 'vscode';\nexport const x = v;\n"), []);
  assert.deepEqual(await restrictedImports('src/core/probe.ts', "import type { CallSite } from './callsite';\nexport type X = CallSite;\n"), []);
  assert.deepEqual(await restrictedImports('src/protocol/probe.ts', "import type { Uri } from 'vscode';\nexport type X = Uri;\n"), []);
});

test('nothing imports the entry point', async () => {
  assert.equal((await restrictedImports('src/host/probe.ts', "import { activate } from '../extension';\nexport const x = activate;\n")).length, 1);
});

test('src/host may not import src/cli; src/node imports neither front end nor vscode', async () => {
  assert.equal((await restrictedImports('src/host/scan/probe.ts', "import { run } from '../../cli/commands/scan';\nexport const x = run;\n")).length, 1);
  assert.equal((await restrictedImports('src/node/probe.ts', "import * as v from 'vscode';\nexport const x = v;\n")).length, 1);
  assert.equal((await restrictedImports('src/node/probe.ts', "import { run } from '../cli/main';\nexport const x = run;\n")).length, 1);
  assert.equal((await restrictedImports('src/node/probe.ts', "import { x } from '../host/log';\nexport const y = x;\n")).length, 1);
  assert.equal((await restrictedImports('src/core/probe.ts', "import { x } from '../node/walk';\nexport const y = x;\n")).length, 1);
  assert.deepEqual(await restrictedImports('src/host/scan/probe.ts', "import { walkPaths } from '../../node/walk';\nexport const x = walkPaths;\n"), []);
});
