// Lists the files of one workspace folder that the index scans: every source file but those under
// files.exclude, search.exclude, promptshift.scan.exclude, the always-skipped directories and the
// folder's .gitignore files. A folder on disk is listed by walking it (node/walk.ts listTree: on a
// big repository VS Code's file search took seconds, most of a full scan answered from the scan
// index); other file systems through workspace.findFiles, which does not read .gitignore files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { NO_PACE, type Pace } from '../../node/pace';
import { listTree } from '../../node/walk';
import { ALWAYS_SKIPPED_DIRS } from '../../core/scan/files';
import {
  combineGlobs, excludeGlobs, GitignoreSet, GlobExcluder, PathFilter, SOURCE_GLOB,
} from './excludes';

export interface FolderListing {
  folder: vscode.WorkspaceFolder;
  /** Relative paths (forward slashes), sorted. */
  files: string[];
  /** Decides about files created after the listing. */
  filter: PathFilter;
}

/** The path of `uri` relative to `folder`, or undefined when it lies outside. */
export function relativePath(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string | undefined {
  if (uri.scheme !== folder.uri.scheme || uri.authority !== folder.uri.authority) return undefined;
  const base = folder.uri.path.replace(/\/+$/, '');
  return uri.path.startsWith(`${base}/`) ? uri.path.slice(base.length + 1) : undefined;
}

export function folderExcludeGlobs(folder: vscode.WorkspaceFolder, scanExclude: readonly string[]): string[] {
  const filesExclude = vscode.workspace.getConfiguration('files', folder.uri).get<unknown>('exclude');
  const searchExclude = vscode.workspace.getConfiguration('search', folder.uri).get<unknown>('exclude');
  return excludeGlobs(filesExclude, searchExclude, scanExclude);
}

async function readGitignores(folder: vscode.WorkspaceFolder, token: vscode.CancellationToken, log: vscode.LogOutputChannel): Promise<GitignoreSet> {
  const set = new GitignoreSet();
  const skipped = combineGlobs(ALWAYS_SKIPPED_DIRS.map((d) => `**/${d}/**`));
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), skipped, undefined, token);
  for (const uri of found) {
    const rel = relativePath(folder, uri);
    if (rel === undefined) continue;
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      set.add(rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '', text);
    } catch (e) {
      log.warn(`${rel}: cannot read (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  return set;
}

export async function listFolder(
  folder: vscode.WorkspaceFolder,
  scanExclude: readonly string[],
  token: vscode.CancellationToken,
  log: vscode.LogOutputChannel,
  pace: Pace = NO_PACE,
): Promise<FolderListing> {
  const globs = folderExcludeGlobs(folder, scanExclude);
  if (folder.uri.scheme === 'file') return listOnDisk(folder, globs, token, log, pace);
  const gitignore = await readGitignores(folder, token, log);
  const filter = new PathFilter(new GlobExcluder(globs), gitignore);
  const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, SOURCE_GLOB), combineGlobs(globs), undefined, token);
  // Thousands of paths against every .gitignore of the folder: a slice at a time.
  const files: string[] = [];
  for (let i = 0; i < uris.length; i++) {
    const rel = relativePath(folder, uris[i]);
    if (rel !== undefined && filter.includes(rel)) files.push(rel);
    if (i % 128 === 127) { const wait = pace(); if (wait) await wait; }
  }
  return { folder, files: files.sort(), filter };
}

async function listOnDisk(folder: vscode.WorkspaceFolder, globs: string[], token: vscode.CancellationToken, log: vscode.LogOutputChannel, pace: Pace): Promise<FolderListing> {
  const root = folder.uri.fsPath;
  const sources: string[] = [];
  const gitignore = new GitignoreSet();
  let n = 0;
  for (const entry of listTree(root, SKIPPED)) {
    if (token.isCancellationRequested) break;
    if (!entry.gitignore) sources.push(entry.rel);
    else {
      try {
        const dir = entry.rel.includes('/') ? entry.rel.slice(0, entry.rel.lastIndexOf('/')) : '';
        gitignore.add(dir, readFileSync(join(root, entry.rel), 'utf8'));
      } catch (e) {
        log.warn(`${entry.rel}: cannot read (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    if (++n % 128 === 0) { const wait = pace(); if (wait) await wait; }
  }
  const filter = new PathFilter(new GlobExcluder(globs), gitignore);
  const files: string[] = [];
  for (let i = 0; i < sources.length; i++) {
    if (filter.includes(sources[i])) files.push(sources[i]);
    if (i % 128 === 127) { const wait = pace(); if (wait) await wait; }
  }
  return { folder, files: files.sort(), filter };
}

const SKIPPED: ReadonlySet<string> = new Set(ALWAYS_SKIPPED_DIRS);
