// UI tests: the VS Code workbench as a person sees it, driven through headless Chromium. The VSIX
// that `npm run package` built is installed the way users install it, then we click and type.
// Screenshots land in test-artifacts/ui/ (git-ignored) for a look after a run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium, ensureTools } from '../vscodeTools.mjs';
import { installVsix, launchChromium, startCodeServer } from '../codeServer.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = join(repo, 'test-artifacts/ui');
const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
let tmp, server, browser, page;

async function shot(name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

async function runCommand(title) {
  // The palette lists an extension's commands once the extension registry has loaded, which can
  // lag the first paint of the workbench: try again a few times before calling it missing.
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
        await shot(`palette-${title.replace(/\W+/g, '-')}`);
        throw e;
      }
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1_000);
    }
  }
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  const tools = ensureTools(process.env.VSCT_TOOLS || join(repo, '.vscode-test/tools'));
  const chromium = ensureChromium();
  tmp = mkdtempSync(join(tmpdir(), 'promptshift-ui-'));
  writeFileSync(join(tmp, 'config.yaml'), 'auth: none\n');
  installVsix(tools, tmp, join(repo, `promptshift-${version}.vsix`));
  const folder = join(tmp, 'workspace');
  cpSync(join(repo, 'test/fixtures/workspace'), folder, { recursive: true });
  server = await startCodeServer({ tools, tmp, folder });
  browser = await launchChromium(tools, chromium, tmp);
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(folder)}`, { timeout: 180_000, waitUntil: "domcontentloaded" });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.statusbar-item', { hasText: /call site/ }).first().waitFor({ timeout: 60_000 });
  assert.equal(server.broken(), false, 'the workbench started without a route error');
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  if (tmp && !process.env.KEEP) rmSync(tmp, { recursive: true, force: true });
});

test('the command palette shows the call sites in the Promptshift view', { timeout: 120_000 }, async () => {
  await runCommand('Promptshift: Show Call Sites');
  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Call Sites' }) });
  await view.locator('.monaco-list-row', { hasText: 'gpt-4.5-preview' }).first().waitFor({ timeout: 60_000 });
  const rows = await view.locator('.monaco-list-row').allInnerTexts();
  assert.ok(rows.some((r) => /gpt-4\.5-preview/.test(r)), `a model group for gpt-4.5-preview in ${JSON.stringify(rows)}`);
  await shot('call-sites-view');
});

test('a retired model shows in the Problems panel and the status bar', { timeout: 120_000 }, async () => {
  const status = page.locator('.statusbar-item', { hasText: /call site/ }).first();
  await status.waitFor({ timeout: 30_000 });
  assert.match(await status.innerText(), /\d+ call sites?/);
  await runCommand('View: Focus Problems');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'gpt-4.5-preview' }).first();
  await problem.waitFor({ timeout: 30_000 });
  assert.match(await problem.innerText(), /retired/i);
  await shot('problems');
});

test('opening a file shows the CodeLens above its call site', { timeout: 120_000 }, async () => {
  await runCommand('Go to File...').catch(async () => page.keyboard.press('Control+P'));
  const input = page.locator('.quick-input-widget input');
  await input.fill('summarize.ts');
  await page.locator('.quick-input-widget [role="option"]', { hasText: 'summarize.ts' }).first().click();
  const lens = page.locator('.contentWidgets .codelens-decoration, .codelens-decoration', { hasText: 'openai.chat' }).first();
  await lens.waitFor({ timeout: 30_000 });
  assert.match(await lens.innerText(), /gpt-4\.5-preview.* · openai\.chat/);
  await shot('codelens');
});
