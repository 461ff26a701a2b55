// One workspace folder's full scan, for the workspace index. A folder on disk (file: URIs) is scanned
// by path through the scan index and the kept pool: workers read and parse the files, unchanged ones
// are answered from .promptshift/cache/scan-index.json (shared with the CLI), and the extension
// host only hands out work and collects answers. Documents open with unsaved edits are then scanned
// from their text. Other file systems are read through vscode.workspace.fs, a batch at a time.
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { CallSite, ScanError } from '../../core/callsite';
import type { FileScan, SourceFile } from '../../core/scan/index';
import { scanListedIndexed, type IndexUse } from '../../node/indexedScan';
import type { Pace } from '../../node/pace';
import type { ScanPool } from '../../node/scanPool';
import { relativePath } from './fileListing';

const READ_BATCH = 32;

/** One scanned file of the folder: its sites, and the document version scanned (undefined: the text on disk). */
export interface ScannedFile {
  uri: vscode.Uri;
  rel: string;
  sites: CallSite[];
  version: number | undefined;
  error: ScanError | null;
}

export interface FolderScanOptions {
  maxFileBytes: number;
  token: vscode.CancellationToken;
  pace: Pace;
  report: (message: string, done: number, total: number) => void;
}

export interface FolderScan {
  /** The files with call sites or errors, and those scanned from unsaved text. */
  files: ScannedFile[];
  /** How many files the scan covered. */
  listed: number;
  /** What the scan index did, for a folder on disk. */
  index?: IndexUse;
}

/** Scans the listed files of `folder` (relative paths, sorted). */
export async function scanFolder(folder: vscode.WorkspaceFolder, rels: readonly string[], pool: ScanPool, options: FolderScanOptions): Promise<FolderScan> {
  return folder.uri.scheme === 'file' ? scanOnDisk(folder, rels, pool, options) : scanThroughFs(folder, rels, pool, options);
}

async function scanOnDisk(folder: vscode.WorkspaceFolder, rels: readonly string[], pool: ScanPool, options: FolderScanOptions): Promise<FolderScan> {
  const abort = new AbortController();
  const sub = options.token.onCancellationRequested(() => abort.abort());
  try {
    options.report(`scanning ${rels.length} files`, 0, rels.length);
    const { scans, index } = await scanListedIndexed(folder.uri.fsPath, rels, pool, { maxFileBytes: options.maxFileBytes, signal: abort.signal, pace: options.pace });
    // Most files hold nothing: only those with call sites or errors become entries (a Uri each).
    const files = new Map<string, ScannedFile>();
    for (let i = 0; i < scans.length; i++) {
      const scan = scans[i];
      if (scan.callSites.length || scan.error) files.set(rels[i], scanned(vscode.Uri.joinPath(folder.uri, rels[i]), rels[i], scan, undefined));
      if (i % 256 === 255) { const wait = options.pace(); if (wait) await wait; }
    }
    // Unsaved edits are newer than the disk the workers read.
    const listed = new Set(rels);
    const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file');
    await Promise.all(dirty.map(async (doc) => {
      const rel = relativePath(folder, doc.uri);
      if (rel === undefined || !listed.has(rel) || abort.signal.aborted) return;
      const scan = await pool.scanFile({ path: rel, content: doc.getText() }, { maxFileBytes: options.maxFileBytes });
      files.set(rel, scanned(doc.uri, rel, scan, doc.version));
    }));
    options.report(`scanned ${rels.length} files`, rels.length, rels.length);
    return { files: [...files.values()], listed: rels.length, index };
  } finally {
    sub.dispose();
  }
}

async function scanThroughFs(folder: vscode.WorkspaceFolder, rels: readonly string[], pool: ScanPool, options: FolderScanOptions): Promise<FolderScan> {
  const files: ScannedFile[] = [];
  for (let i = 0; i < rels.length && !options.token.isCancellationRequested; i += READ_BATCH) {
    const batch = rels.slice(i, i + READ_BATCH);
    const sources = await Promise.all(batch.map((rel) => readSource(vscode.Uri.joinPath(folder.uri, rel), rel)));
    const scans = await Promise.all(sources.map(({ file }) => pool.scanFile(file, { maxFileBytes: options.maxFileBytes })));
    sources.forEach(({ file, uri, version }, j) => files.push(scanned(uri, file.path, scans[j], version)));
    options.report(`scanning ${Math.min(i + READ_BATCH, rels.length)}/${rels.length} files`, Math.min(i + READ_BATCH, rels.length), rels.length);
  }
  return { files, listed: rels.length };
}

function scanned(uri: vscode.Uri, rel: string, scan: FileScan, version: number | undefined): ScannedFile {
  return { uri, rel, sites: scan.callSites, version, error: scan.error };
}

/**
 * A document's unsaved text (with its version), else the bytes on disk; a failed read becomes data.
 * An open document without unsaved edits says what the disk says, unless the file has since been
 * deleted or changed underneath it: the disk is read.
 */
export async function readSource(uri: vscode.Uri, rel: string): Promise<{ file: SourceFile; uri: vscode.Uri; version: number | undefined }> {
  const key = uri.toString();
  const doc = vscode.workspace.textDocuments.find((d) => d.isDirty && d.uri.toString() === key);
  if (doc) return { file: { path: rel, content: doc.getText() }, uri, version: doc.version };
  try {
    // A file on disk is read here: through workspace.fs (a round trip through the workbench's file
    // service) it took 22 to 760 ms in the scale suite on a loaded 2-core machine, most of a
    // one-file rescan, whose parse in a worker took 3 to 15 ms.
    const content = uri.scheme === 'file' ? await readFile(uri.fsPath) : await vscode.workspace.fs.readFile(uri);
    return { file: { path: rel, content }, uri, version: undefined };
  } catch (e) {
    return { file: { path: rel, content: '', readError: e instanceof Error ? e.message : String(e) }, uri, version: undefined };
  }
}
