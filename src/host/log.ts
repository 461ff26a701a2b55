import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { OUTPUT_CHANNEL_NAME } from './ids';

/** The Promptshift log (Output ▸ Promptshift), with levels the user can change from the Output view. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
}

export function loggerFor(channel: vscode.LogOutputChannel): Logger {
  return {
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
  };
}
