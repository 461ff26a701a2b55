// UI tests: the VS Code workbench as a person sees it, driven through headless Chromium. The VSIX
// that `npm run package` built is installed the way users install it, then we click and type.
// Screenshots land in test-artifacts/ui/ (git-ignored) for a look after a run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openWorkbench } from '../uiWorkbench.mjs';

let wb, page;
const shot = (name) => wb.shot(name);

const runCommand = (title) => wb.runCommand(title);

before(async () => {
  wb = await openWorkbench();
  page = wb.page;
});

after(async () => {
  await wb?.close();
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
