// Checks what users install: the VSIX that `npm run package` built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../unit/support/paths';
import { zipEntries } from './zipEntries';
import { GRAMMAR_FILES } from '../../src/core/scan/common/treeSitter';

const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const vsix = join(REPO_ROOT, `promptshift-${version}.vsix`);

test('the VSIX holds the bundles, media and grammars, and nothing from the source tree', () => {
  assert.ok(existsSync(vsix), `${vsix} exists (run npm run package)`);
  const names = zipEntries(vsix).map((e) => e.name);
  for (const required of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/scanner.js', 'extension/dist/endpointClient.js', 'extension/dist/validator.js', 'extension/dist/cli.js', 'extension/dist/cli-replay.js', 'extension/dist/cli-scan.js', 'extension/dist/cli-canary.js', 'extension/dist/webview.js',
    'extension/dist/codicons/codicon.css', 'extension/dist/codicons/codicon.ttf', 'extension/media/schemas/rollout.schema.json', 'extension/media/review.css',
    ...GRAMMAR_FILES.map((g) => `extension/dist/grammars/${g}`), 'extension/media/icon.png',
    'extension/media/promptshift.svg', 'extension/media/schemas/config.schema.json', 'extension/readme.md']) {
    assert.ok(names.some((n) => n.toLowerCase() === required.toLowerCase()), `${required} is in the VSIX`);
  }
  const forbidden = names.filter((n) => /^extension\/(src|test|out|\.vscode-test|node_modules|examples|bench|scripts)\//.test(n) || n.endsWith('.map') || n.endsWith('.ts') && !n.endsWith('.d.ts'));
  assert.deepEqual(forbidden, []);
  console.log(`[measure] ${vsix.split('/').pop()}: ${(statSync(vsix).size / 1024).toFixed(0)} KiB, ${names.length} entries; dist/extension.js ${(zipEntries(vsix).find((e) => e.name === 'extension/dist/extension.js')!.size / 1024).toFixed(1)} KiB`);
});

test('the packaged manifest points at the bundles it contains', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  assert.equal(manifest.main, './dist/extension.js');
  assert.equal(manifest.bin.promptshift, 'dist/cli.js');
});

test("the walkthrough's images are in the VSIX", () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const names = new Set(zipEntries(vsix).map((e) => e.name.toLowerCase()));
  const images = (manifest.contributes.walkthroughs as Array<{ steps: Array<{ media: { image: string } }> }>).flatMap((w) => w.steps.map((s) => s.media.image));
  assert.ok(images.length > 0);
  for (const image of images) assert.ok(names.has(`extension/${image}`.toLowerCase()), `${image} is in the VSIX`);
});
