// What the workspace index keeps per file and tells its listeners.
import type * as vscode from 'vscode';
import type { CallSite } from '../../core/callsite';

/** Which files changed; undefined after a full scan (anything may have). */
export interface IndexChange {
  uris: readonly vscode.Uri[] | undefined;
}

export interface FileEntry {
  uri: vscode.Uri;
  folder: vscode.WorkspaceFolder;
  rel: string;
  /** What the file's own scan found; `sites` is that after the cross-file model pass (flowRefresh.ts). */
  raw: CallSite[];
  sites: CallSite[];
  /** The document version scanned, or undefined when the text came from disk. */
  version: number | undefined;
}

/** What the last full scan did, for the extension's test API and its log. */
export interface FullScanStats {
  ms: number;
  /** Of which listing the folders' files (workspace.findFiles and the .gitignore files). */
  listMs: number;
  files: number;
  callSites: number;
  /** Files answered from the scan index, and files read and scanned. */
  fromIndex: number;
  scanned: number;
}

/** The last one-file rescan, for the extension's test API. */
export interface FileRescanStats {
  rel: string;
  /** From reading the file to its sites in the index; of which reading it, and its parse (a worker's round trip). */
  ms: number;
  readMs: number;
  parseMs: number;
  /** From the first event about the file (a watcher's, an edit's) to its sites in the index; undefined when asked directly. */
  sinceEventMs: number | undefined;
}
