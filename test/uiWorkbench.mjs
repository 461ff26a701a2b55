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

/**
 * `toasts`: start without the smoke-test driver, so notifications show as users see them.
 * `viewport`: the page's size (screenshots that ship are taken smaller than the default).
 */
export async function openWorkbench({ prepare, toasts = false, viewport = { width: 1400, height: 900 } } = {}) {
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
  const server = await startCodeServer({ tools, tmp, folder, testDriver: !toasts });
  const browser = await launchChromium(tools, chromium, tmp);
  const page = await browser.newPage({ viewport });
  await page.goto(`http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(folder)}`, { timeout: 180_000, waitUntil: "domcontentloaded" });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.statusbar-item', { hasText: /call site/ }).first().waitFor({ timeout: 60_000 });
  assert.equal(server.broken(), false, 'the workbench started without a route error');
  return {
    folder, page,
    shot: (name) => page.screenshot({ path: join(artifacts, `${name}.png`) }),
    runCommand: (title) => runCommand(page, title, () => page.screenshot({ path: join(artifacts, `palette-${title.replace(/\W+/g, '-')}.png`) })),
    close: async () => {
      await browser.close().catch(() => {});
      await server.stop();
      if (!process.env.KEEP) rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * Runs a command as a user does: F1, its title, a click on its row. The palette lists an
 * extension's commands once the extension registry has loaded, which can lag the first paint of
 * the workbench: try again a few times before calling it missing (`onMissing` keeps the evidence).
 */
export async function runCommand(page, title, onMissing) {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const option = page.locator('.quick-input-widget [role="option"]', { hasText: title }).first();
    try {
      await option.waitFor({ state: 'visible', timeout: 5_000 });
      await option.click();
      return;
    } catch (e) {
      if (attempt === 4) {
        await onMissing?.();
        throw e;
      }
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1_000);
    }
  }
}
