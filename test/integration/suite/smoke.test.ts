import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, EXTENSION_ID, Views } from '../../../src/host/ids';

interface Manifest { contributes: { commands: { command: string }[]; views: Record<string, { id: string }[]> } }

suite('smoke: the extension in a real VS Code', () => {
  let ext: vscode.Extension<{ activationMs: number }>;
  let manifest: Manifest;

  suiteSetup(async () => {
    const found = vscode.extensions.getExtension<{ activationMs: number }>(EXTENSION_ID);
    assert.ok(found, `extension ${EXTENSION_ID} is installed`);
    ext = found;
    manifest = JSON.parse(readFileSync(join(ext.extensionPath, 'package.json'), 'utf8'));
    await ext.activate();
  });

  test('a workspace folder is open', () => {
    assert.ok(vscode.workspace.workspaceFolders?.length, 'the fixture workspace is open');
  });

  test('activates and reports its activation time', () => {
    assert.equal(ext.isActive, true);
    const ms = ext.exports.activationMs;
    assert.equal(typeof ms, 'number');
    console.log(`[measure] activation ${ms.toFixed(1)} ms in ${vscode.version} (${process.env.PROMPTSHIFT_TEST_MODE ?? 'source'})`);
  });

  test('every contributed command is registered', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
    for (const id of Object.values(Commands)) assert.ok(registered.has(id), `${id} registered`);
  });

  test('the Promptshift views exist and can be focused', async () => {
    const views = manifest.contributes.views.promptshift.map((v) => v.id);
    assert.deepEqual(views.sort(), Object.values(Views).sort());
    for (const id of views) await vscode.commands.executeCommand(`${id}.focus`);
  });

  test('the log channel opens', async () => {
    await vscode.commands.executeCommand(Commands.showLog);
  });
});
