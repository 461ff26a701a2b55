// The tour: one migration walked as a user in the real workbench (code-server + headless Chromium,
// the VSIX installed), following the walkthrough — open it, its scan step completes on its event;
// then the Call Sites view with the retired model, Set API Key (no key is ever typed), a cases file
// created and filled in, a replay through the palette against the built-in local stand-in (the
// pickers answered with the keyboard), the review panel, and the rollout plan exported and shown in
// the Markdown preview; at the end every step of the walkthrough shows as completed.
//
// Started without the smoke-test driver, so notifications show as toasts, as users see them.
// Screenshots go to test-artifacts/ui/tour/; with PROMPTSHIFT_UPDATE_MEDIA=1 the walkthrough's
// images are also written to media/walkthrough/ (they ship in the VSIX: keep the clips tight).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, openWorkbench, repo } from '../uiWorkbench.mjs';

const TOUR = join(artifacts, 'tour');
const MEDIA = join(repo, 'media', 'walkthrough');
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const WALKTHROUGH = manifest.contributes.walkthroughs[0];
const WALKTHROUGH_ID = `${manifest.publisher}.${manifest.name}#${WALKTHROUGH.id}`;
/** What a user types into the new cases file of worker/digest.py (its prompt's hole is `items`). */
const CASES = [
  { id: 'login', vars: { items: 'Cannot log in since the 2.3 update\nPassword reset email never arrives' } },
  { id: 'billing', vars: { items: 'Charged twice for the May invoice\nRefund still pending after 10 days' } },
  { id: 'quiet-day', vars: { items: 'How do I export my data?' } },
].map((c) => JSON.stringify(c)).join('\n');
const LONG = 120_000;

let wb, page, folder;

async function shot(name, clip) {
  const path = join(TOUR, `${name}.png`);
  await page.screenshot({ path, clip });
  return path;
}

/** A screenshot the walkthrough shows (and README): written to media/ only when asked to. */
async function mediaShot(name, clip) {
  const path = await shot(name, clip);
  if (process.env.PROMPTSHIFT_UPDATE_MEDIA !== '1') return;
  mkdirSync(MEDIA, { recursive: true });
  copyFileSync(path, join(MEDIA, `${name}.png`));
}

/** The rectangle from the left of `fromSel` to the right of `toSel`, `height` pixels from the title bar down. */
async function region(fromSel, toSel, height, maxWidth = 1100) {
  const a = await page.locator(fromSel).first().boundingBox();
  const b = await page.locator(toSel).first().boundingBox();
  const x = Math.floor(a.x);
  return { x, y: Math.floor(a.y), width: Math.min(maxWidth, Math.ceil(b.x + b.width) - x), height };
}

const quickInput = () => page.locator('.quick-input-widget');
const option = (text) => quickInput().locator('[role="option"]', { hasText: text }).first();
const toast = (text) => page.locator('.notification-toast', { hasText: text }).first();
const step = (id) => page.locator(`.getting-started-step[data-step-id="${WALKTHROUGH_ID}#${id}"]`);
/** The review panel's document: the visible webview's outer iframe, then its active frame. */
const webview = () => page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('iframe#active-frame');

async function openWalkthrough() {
  await wb.runCommand('Welcome: Open Walkthrough');
  await option(WALKTHROUGH.title).waitFor();
  await page.keyboard.type(WALKTHROUGH.title);
  await page.keyboard.press('Enter');
  await step('scan').waitFor({ timeout: 30_000 });
}

async function openFile(name) {
  await page.keyboard.press('Control+P');
  await quickInput().locator('input').fill(name);
  await option(name).click();
  await page.locator('.tab.active', { hasText: name }).waitFor();
}

/** Polls `probe` until it holds; for what only the file system shows (the workbench has no event for it here). */
async function until(what, probe, timeoutMs = 30_000) {
  for (const end = Date.now() + timeoutMs; !(await probe());) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function runDir() {
  const runs = join(folder, '.promptshift', 'runs');
  const dirs = existsSync(runs) ? readdirSync(runs) : [];
  assert.equal(dirs.length, 1, `one run in ${runs}: ${dirs.join(', ')}`);
  return join(runs, dirs[0]);
}

before(async () => {
  mkdirSync(TOUR, { recursive: true });
  wb = await openWorkbench({
    toasts: true,
    // Wide enough for the walkthrough to show its images beside the steps.
    viewport: { width: 1440, height: 860 },
    prepare: (dir) => {
      folder = dir;
      const settings = join(dir, '.vscode', 'settings.json');
      // One real-looking endpoint profile, so the endpoint picker and Set API Key look as they do for a user.
      writeFileSync(settings, readFileSync(settings, 'utf8').replace(/\}\s*$/, `,
  "workbench.colorTheme": "Default Dark Modern",
  "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "promptshift.endpoints": [{ "name": "OpenAI", "kind": "openai" }]
}
`));
    },
  });
  page = wb.page;
  // Room for the editor: the secondary side bar stays open whatever its setting says.
  if (await page.locator('.part.auxiliarybar').isVisible()) await wb.runCommand('View: Hide Secondary Side Bar');
  // A side bar wide enough for the model groups' descriptions (retired, retiring) to show.
  const sash = await page.locator('.part.sidebar').boundingBox();
  const edge = { x: sash.x + sash.width + 1, y: sash.y + sash.height / 2 };
  await page.mouse.move(edge.x, edge.y);
  await page.mouse.down();
  await page.mouse.move(edge.x + 70, edge.y, { steps: 5 });
  await page.mouse.up();
});

after(async () => {
  await wb?.close();
});

/** A step of the tour; when it fails, the screen at that moment is kept beside the other shots. */
function tourTest(title, fn, timeout = LONG) {
  test(title, { timeout }, async () => {
    try {
      await fn();
    } catch (e) {
      await shot(`failed-${title.split(':')[0].replace(/\W+/g, '-')}`).catch(() => {});
      throw e;
    }
  });
}

tourTest('the walkthrough opens from the palette, and its scan step completes on its event', async () => {
  await openWalkthrough();
  assert.equal(await step('scan').getAttribute('aria-checked'), 'false', 'nothing is done before the user acts');
  await step('scan').locator('.button-link, a', { hasText: 'Show Call Sites' }).first().click();
  await page.locator('.pane-header', { hasText: 'Call Sites' }).waitFor();
  await step('scan').and(page.locator('[aria-checked="true"]')).waitFor({ timeout: 30_000 });
  assert.equal(await step('endpoint').getAttribute('aria-checked'), 'false', 'only the step whose event fired');
  await shot('walkthrough');
});

tourTest('scan: the Call Sites view shows the retired model, the code its CodeLens', async () => {
  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Call Sites' }) });
  const retired = view.locator('.monaco-list-row', { hasText: 'gpt-4.5-preview' }).first();
  await retired.waitFor({ timeout: 60_000 });
  assert.match(await retired.getAttribute('aria-label') ?? await retired.innerText(), /retired/i);
  await openFile('summarize.ts');
  await page.locator('.codelens-decoration', { hasText: 'openai.chat' }).first().waitFor({ timeout: 30_000 });
  await page.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
  await mediaShot('scan', await region('.part.sidebar', '.part.editor', 420, 900));
});

tourTest('endpoint: Set API Key asks for the key of the profile, hidden as typed (nothing is typed)', async () => {
  await wb.runCommand('Promptshift: Set API Key');
  const input = quickInput().locator('input');
  await quickInput().locator('.quick-input-title', { hasText: 'API key for "OpenAI"' }).waitFor();
  assert.equal(await input.getAttribute('type'), 'password');
  assert.equal(await input.inputValue(), '');
  await shot('set-api-key');
  await page.keyboard.press('Escape');
  await quickInput().waitFor({ state: 'hidden' });
});

tourTest('cases: Create Cases File for worker/digest.py, filled in and saved', async () => {
  await wb.runCommand('Promptshift: Create Cases File');
  await quickInput().locator('.quick-input-title', { hasText: 'Create Cases File: call site' }).waitFor();
  await page.keyboard.type('digest.py');
  await option('worker/digest.py').waitFor();
  await page.keyboard.press('Enter');
  const tab = page.locator('.tab.active', { hasText: /^digest-.*\.jsonl/ });
  await tab.waitFor({ timeout: 30_000 });
  await page.locator('.monaco-editor .view-lines', { hasText: '"items"' }).first().waitFor();
  // Pasted over the skeleton, as cases copied from a log would be, then saved.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((text) => navigator.clipboard.writeText(text), CASES);
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await page.keyboard.press('Control+S');
  const cases = join(folder, '.promptshift', 'cases');
  const file = join(cases, readdirSync(cases).find((f) => f.startsWith('digest-')));
  await until('the pasted cases saved', () => readFileSync(file, 'utf8').trim() === CASES);
  await mediaShot('cases', await region('.part.sidebar', '.part.editor', 300, 900));
});

tourTest('replay: from the palette against the local stand-in, the pickers answered with the keyboard', async () => {
  await wb.runCommand('Testing: Focus on Test Explorer View');
  await wb.runCommand('Promptshift: Replay Call Site');
  // Off the pickers: left where the palette's row was clicked, the pointer would hover their input.
  await page.mouse.move(1000, 800);
  await quickInput().locator('.quick-input-title', { hasText: 'Replay: call site' }).waitFor();
  await page.keyboard.type('digest.py');
  await option('worker/digest.py').waitFor();
  await page.keyboard.press('Enter');

  await quickInput().locator('.quick-input-title', { hasText: 'Replay: endpoint' }).waitFor();
  await option('Local test endpoint (stand-in)').waitFor();
  await option('OpenAI').waitFor();
  // A hover left over the picker would cover its rows in the image; it is cosmetic, so not a failure.
  await page.locator('.workbench-hover-container').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  const picker = await quickInput().boundingBox();
  await mediaShot('endpoint', { x: Math.max(0, Math.floor(picker.x) - 40), y: 0, width: Math.ceil(picker.width) + 80, height: Math.ceil(picker.y + picker.height) + 40 });
  await page.keyboard.type('Local test');
  await page.keyboard.press('Enter');

  await quickInput().locator('.quick-input-title', { hasText: 'Replay: baseline model' }).waitFor();
  assert.equal(await quickInput().locator('input').inputValue(), 'gpt-4.5-preview', 'the baseline is the model in the code');
  await page.keyboard.press('Enter');
  await quickInput().locator('.quick-input-title', { hasText: 'Replay: candidate model' }).waitFor();
  // The candidate picker is a multi-select (a sweep ticks several): its rows are checkboxes.
  const firstCandidate = quickInput().locator('.quick-input-list .monaco-list-row').first();
  const recommended = (await firstCandidate.innerText()).split('\n')[0];
  assert.match(await firstCandidate.innerText(), /recommended replacement for gpt-4\.5-preview/);
  await page.keyboard.press('Enter');

  const finished = toast('Replay finished');
  await finished.waitFor({ timeout: 180_000 });
  assert.match(await finished.innerText(), /6\/6 done, 0 errors/, 'three cases, each on baseline and candidate');
  assert.match(await finished.innerText(), /simulated/, 'the stand-in says its costs are not money spent');
  await shot('replay-finished');

  const testing = page.locator('.part.sidebar');
  const site = testing.locator('[role="treeitem"]', { hasText: 'worker/digest.py:7' }).first();
  await site.waitFor({ timeout: 30_000 });
  if ((await site.getAttribute('aria-expanded')) !== 'true') await site.locator('.monaco-tl-twistie').click();
  for (const id of ['login', 'billing', 'quiet-day']) {
    const row = testing.locator('[role="treeitem"]', { hasText: id }).first();
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.getAttribute('aria-label'), /Passed/, `${id} passed against the stand-in (${recommended})`);
  }
  await mediaShot('replay', await region('.part.sidebar', '.part.editor', 300, 900));
}, 240_000);

tourTest('review: the review panel of the run, its icons loaded; also in the light theme', async () => {
  await wb.runCommand('Promptshift: Open Review');
  await option('worker/digest.py:7').waitFor();
  await page.keyboard.press('Enter');
  await webview().locator('[role="option"]').first().waitFor({ timeout: 60_000 });
  await webview().locator('.diff ins, .diff del').first().waitFor({ timeout: 30_000 });
  // The panel's icons come from the codicon font shipped in the VSIX (dist/codicons).
  const fonts = await webview().locator('body').evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((f) => f.family.replace(/["']/g, '') === 'codicon').map((f) => f.status);
  });
  assert.deepEqual(fonts, ['loaded'], 'the codicon font loaded in the review panel');
  await mediaShot('review', await region('.part.editor', '.part.editor', 600));

  await wb.runCommand('Preferences: Color Theme');
  await page.keyboard.type('Light Modern');
  await option('Light Modern').waitFor();
  await page.keyboard.press('Enter');
  await webview().locator('body.vscode-light').waitFor({ timeout: 30_000 });
  await shot('review-light');
  await wb.runCommand('Preferences: Color Theme');
  await page.keyboard.type('Dark Modern');
  await option('Dark Modern').waitFor();
  await page.keyboard.press('Enter');
  await webview().locator('body.vscode-dark').waitFor({ timeout: 30_000 });
});

tourTest('rollout: Export Rollout Plan… from the review panel, previewed, saved beside the run, shown in the Markdown preview', async () => {
  await webview().locator('button', { hasText: 'Export Rollout Plan' }).click();
  await quickInput().locator('.quick-input-title', { hasText: /Export Rollout Plan .*: GO/ }).waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter'); // the formats picked by default: json and markdown
  const save = option('Save to .promptshift/runs/');
  await save.waitFor({ timeout: 60_000 });
  await page.locator('.tab', { hasText: 'Preview' }).first().waitFor();
  await shot('rollout-save');
  await page.keyboard.press('Enter');

  // The draft's preview tab has the saved file's name too: wait for the files, not for a tab.
  const dir = join(runDir(), 'rollout');
  await until('the plan saved beside the run', () => existsSync(dir) && readdirSync(dir).length >= 2, 60_000);
  const tab = page.locator('.tab.active', { hasText: /Preview .*\.rollout\.md/ });
  await tab.waitFor({ timeout: 60_000 });
  const files = readdirSync(dir).sort();
  assert.equal(files.length, 2, `json and markdown in ${dir}: ${files.join(', ')}`);
  assert.ok(files.some((f) => f.endsWith('.rollout.md')) && files.some((f) => f.endsWith('.rollout.json')));
  await webview().locator('body', { hasText: 'Verdict: GO' }).waitFor({ timeout: 30_000 });
  await webview().locator('table').nth(1).waitFor();
  await mediaShot('rollout', await region('.part.editor', '.part.editor', 620, 900));
});

tourTest('every step of the walkthrough shows as completed', async () => {
  await openWalkthrough();
  for (const id of WALKTHROUGH.steps.map((s) => s.id)) {
    await step(id).and(page.locator('[aria-checked="true"]')).waitFor({ timeout: 30_000 });
  }
  await shot('walkthrough-done');
});
