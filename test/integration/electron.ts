// For developers with internet: the same compiled suite under @vscode/test-electron, which downloads
// VS Code. Machines without internet use test/run-vscode-tests.mjs (code-server + Chromium) instead.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repo = resolve(__dirname, '..', '..', '..');
  const workspace = join(mkdtempSync(join(tmpdir(), 'promptshift-electron-')), 'workspace');
  cpSync(join(repo, 'test/fixtures/workspace'), workspace, { recursive: true });
  await runTests({
    extensionDevelopmentPath: repo,
    extensionTestsPath: join(repo, 'out/test/integration/suite/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
