// The walkthrough's steps complete on `onCommand:` only when the workbench itself runs the command
// (palette, menus, CodeLens, the walkthrough's buttons). A command the extension runs, as the review
// panel's "Export Rollout Plan…" button and a notification's "Review" do, never reaches that event
// (the UI tour saw the rollout step stay open), so each step also completes on a context key that is
// set here once its work is done, however it was started.
import * as vscode from 'vscode';
import { Walkthrough } from './ids';

export type WalkthroughWork = keyof typeof Walkthrough.done;

export function markWalkthroughDone(work: WalkthroughWork): void {
  void vscode.commands.executeCommand('setContext', Walkthrough.done[work], true);
}
