// Shared by the integration suites: waiting on the workbench, and applying edits the way users do.
import * as vscode from 'vscode';
import { rmSync } from 'node:fs';

/** `pollMs`: how often the probe is asked (a suite timing the wait asks more often). */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000, pollMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    // A probe that starts before the deadline and is slow (it may wait for a scan on a busy
    // machine) earns one more look: what it waited for may have landed just after it looked.
    const started = Date.now();
    const value = await probe();
    if (value) return value;
    if (started > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * Applies an edit whose changes need confirmation the way a user does: the refactor preview opens
 * with those changes unchecked (VS Code's meaning of needsConfirmation); tick each file, then Apply.
 * `files`: how many files the edit touches (each is one row once the preview's tree is collapsed).
 */
export async function applyThroughPreview(start: () => Thenable<boolean | undefined>, files = 1): Promise<boolean> {
  let result: boolean | undefined;
  const pending = Promise.resolve(start()).then((r) => { result = !!r; return !!r; });
  const run = (id: string) => Promise.resolve(vscode.commands.executeCommand(id)).catch(() => undefined);
  await waitFor('the refactor preview to apply the edit', async () => {
    if (result !== undefined) return true;
    await new Promise((r) => setTimeout(r, 400));
    if (result !== undefined) return true;
    await run('list.collapseAll');
    await run('list.focusFirst');
    for (let i = 0; i < files; i++) {
      await run('refactorPreview.toggleCheckedState');
      await run('list.focusDown');
    }
    await run('refactorPreview.apply');
    await new Promise((r) => setTimeout(r, 400));
    return result !== undefined;
  }, 60_000);
  return pending;
}

/**
 * Removes a folder a test made in the workspace. The editor may still be writing into it (a save, the
 * scan index, a run's last record) as the test ends, and a file created while it is emptied fails the
 * removal with ENOTEMPTY under load: node's own retries cover that.
 */
export function removeTree(path: string): void {
  rmSync(path, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}
