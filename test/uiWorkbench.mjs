// What every UI test starts from: the VSIX installed the way users install it, a copy of the
// fixture workspace (which a test may change first through `prepare(folder)`), code-server serving
// it, and headless Chromium on the workbench once the extension has scanned the workspace.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium, ensureTools } from './vscodeTools.mjs';
import { installVsix, launchChromium, startCodeServer } from './codeServer.mjs';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const artifacts = join(repo, 'test-artifacts/ui');

export async function openWorkbench({ prepare } = {}) {
  mkdirSync(artifacts, { recursive: true });
  const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const tools = ensureTools(process.env.VSCT_TOOLS || join(repo, '.vscode-test/tools'));
  const chromium = ensureChromium();
  const tmp = mkdtempSync(join(tmpdir(), 'promptshift-ui-'));
  writeFileSync(join(tmp, 'config.yaml'), 'auth: none\n');
  installVsix(tools, tmp, join(repo, `promptshift-${version}.vsix`));
  const folder = join(tmp, 'workspace');
  cpSync(join(repo, 'test/fixtures/workspace'), folder, { recursive: true });
  await prepare?.(folder);
  const server = await startCodeServer({ tools, tmp, folder });
  const browser = await launchChromium(tools, chromium, tmp);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(folder)}`, { timeout: 180_000, waitUntil: "domcontentloaded" });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.statusbar-item', { hasText: /call site/ }).first().waitFor({ timeout: 60_000 });
  assert.equal(server.broken(), false, 'the workbench started without a route error');
  return {
    folder, page,
    shot: (name) => page.screenshot({ path: join(artifacts, `${name}.png`) }),
    close: async () => {
      await browser.close().catch(() => {});
      await server.stop();
      if (!process.env.KEEP) rmSync(tmp, { recursive: true, force: true });
    },
  };
}
