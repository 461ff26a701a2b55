// Mocha entry that VS Code's extension host calls (extensionTestsPath): the same compiled suite runs
// under the code-server runner here and under @vscode/test-electron on a machine with internet.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const only = process.env.PROMPTSHIFT_SUITE_FILTER;
  const skip = process.env.PROMPTSHIFT_SUITE_SKIP;
  for (const f of readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js') && (!only || f.includes(only)) && !(skip && f.includes(skip))) mocha.addFile(join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
