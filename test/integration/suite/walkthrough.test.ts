// The walkthrough in a real VS Code: contributed with the steps ids.ts names, completing on events
// of commands the extension registers, and opened by workbench.action.openWalkthrough. That a step
// shows as completed after its event is checked in the DOM by the UI tour (test/ui/tour.test.mjs).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, Views, Walkthrough, WALKTHROUGH_FULL_ID } from '../../../src/host/ids';
import { waitFor } from './support';

interface Step { id: string; completionEvents: string[] }
interface Contributed { id: string; title: string; steps: Step[] }

suite('walkthrough: one migration from scan to rollout plan', () => {
  let walkthrough: Contributed;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await ext.activate();
    const all = (ext.packageJSON as { contributes: { walkthroughs?: Contributed[] } }).contributes.walkthroughs ?? [];
    const found = all.find((w) => w.id === Walkthrough.id);
    assert.ok(found, `walkthrough ${Walkthrough.id} is contributed`);
    walkthrough = found;
  });

  test('its steps complete on commands the extension registers, or on its own view and setting', async () => {
    assert.deepEqual(walkthrough.steps.map((s) => s.id), [...Walkthrough.steps]);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents.length, `${step.id} has completion events`);
      for (const e of step.completionEvents) {
        const [kind, target] = e.split(':');
        if (kind === 'onCommand') assert.ok(registered.has(target), `${step.id}: ${target} is a registered command`);
        else if (kind === 'onView') assert.ok(Object.values(Views).includes(target as never), `${step.id}: ${target} is a Promptshift view`);
        else if (kind === 'onContext') assert.ok(Object.values(Walkthrough.done).includes(target as never), `${step.id}: ${target} is a key the extension sets`);
        else assert.equal(kind, 'onSettingChanged', `${step.id}: ${e} is a known kind of event`);
      }
    }
  });

  test('workbench.action.openWalkthrough opens it', async () => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_FULL_ID, false);
    // The walkthrough opens in the Welcome editor (its tab says "Welcome" in VS Code 1.139).
    const tab = await waitFor('the walkthrough tab', () => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'Welcome' && vscode.window.tabGroups.activeTabGroup.activeTab);
    assert.equal(tab.input, undefined, 'not a text, diff or webview editor');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
