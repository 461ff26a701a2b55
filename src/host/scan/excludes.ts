// Which workspace files the index scans: the exclude globs (files.exclude, search.exclude,
// promptshift.scan.exclude, the always-skipped directories) and .gitignore files. Pure (no vscode) so
// the matching is unit-tested; the listing itself lives in fileListing.ts.
import ignore, { type Ignore } from 'ignore';
import { ALWAYS_SKIPPED_DIRS, languageOf, SOURCE_EXTENSIONS } from '../../core/scan/files';

/** The file types the scanner reads, as one glob for workspace.findFiles and file watchers. */
export const SOURCE_GLOB = `**/*.{${SOURCE_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`;

/** True for a relative path the scanner would parse at all (by extension; .d.ts excluded). */
export function isSourcePath(rel: string): boolean {
  return languageOf(rel) !== null;
}

/** Keys of a files.exclude / search.exclude object that are switched on (`true`); `{when}` entries are skipped. */
export function enabledGlobs(setting: unknown): string[] {
  if (!setting || typeof setting !== 'object') return [];
  return Object.entries(setting as Record<string, unknown>).filter(([, v]) => v === true).map(([k]) => k);
}

/** All exclude globs, brace groups expanded, duplicates dropped. */
export function excludeGlobs(filesExclude: unknown, searchExclude: unknown, scanExclude: readonly string[]): string[] {
  const all = [
    ...ALWAYS_SKIPPED_DIRS.map((d) => `**/${d}/**`),
    ...enabledGlobs(filesExclude), ...enabledGlobs(searchExclude),
    ...scanExclude.filter((g) => typeof g === 'string' && g.trim() !== ''),
  ];
  return [...new Set(all.flatMap((g) => expandBraces(normaliseGlob(g))))];
}

/** One glob for findFiles' exclude argument: VS Code's globs do not nest braces, so the list is flat. */
export function combineGlobs(globs: readonly string[]): string | undefined {
  if (globs.length === 0) return undefined;
  return globs.length === 1 ? globs[0] : `{${globs.join(',')}}`;
}

function normaliseGlob(g: string): string {
  return g.trim().replace(/\\/g, '/').replace(/^\.\//, '');
}

/** `a/{b,c}/*.{js,ts}` → four globs. Unbalanced braces are left as they are. */
export function expandBraces(glob: string): string[] {
  const open = glob.indexOf('{');
  if (open < 0) return [glob];
  let depth = 0;
  const parts: string[] = [];
  let start = open + 1;
  for (let i = open; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) {
      parts.push(glob.slice(start, i));
      const head = glob.slice(0, open);
      const tails = expandBraces(glob.slice(i + 1));
      return parts.flatMap((p) => expandBraces(p)).flatMap((p) => tails.map((t) => head + p + t));
    } else if (ch === ',' && depth === 1) {
      parts.push(glob.slice(start, i));
      start = i + 1;
    }
  }
  return [glob];
}

/** A brace-free glob as a regular expression over a relative path, with VS Code's glob semantics. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        if (atSegmentStart && slashAfter) { re += '(?:[^/]*/)*'; i += 2; continue; }
        re += '.*';
        i++;
        continue;
      }
      re += '[^/]*';
    } else if (ch === '?') {
      re += '[^/]';
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) { re += '\\['; continue; }
      const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
      re += `[${body}]`;
      i = close;
    } else {
      re += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

/**
 * Matches relative paths against exclude globs; a path is excluded when it or a parent folder
 * matches. Each folder's answer is kept: a listing asks about thousands of files in far fewer
 * folders, and testing every folder of every path against every glob was most of the host's CPU
 * in a full rescan of a big repository.
 */
export class GlobExcluder {
  private readonly patterns: RegExp[];
  private readonly folders = new Map<string, boolean>();
  constructor(globs: readonly string[]) {
    this.patterns = globs.flatMap((g) => expandBraces(g)).map(globToRegExp);
  }
  excludes(rel: string): boolean {
    const slash = rel.lastIndexOf('/');
    return this.matches(rel) || (slash > 0 && this.folderExcluded(rel.slice(0, slash)));
  }
  private folderExcluded(folder: string): boolean {
    let known = this.folders.get(folder);
    if (known === undefined) {
      const slash = folder.lastIndexOf('/');
      known = this.matches(folder) || (slash > 0 && this.folderExcluded(folder.slice(0, slash)));
      this.folders.set(folder, known);
    }
    return known;
  }
  private matches(path: string): boolean {
    return this.patterns.some((p) => p.test(path));
  }
}

/** The .gitignore files of one workspace folder, each applying below its own directory. */
export class GitignoreSet {
  private readonly rules: { base: string; ig: Ignore }[] = [];

  /** base: the folder holding the .gitignore, relative to the workspace folder ('' for the root). */
  add(base: string, content: string): void {
    this.rules.push({ base: base.replace(/\/+$/, ''), ig: ignore().add(content) });
  }

  ignores(rel: string): boolean {
    return this.rules.some(({ base, ig }) => {
      if (base && !rel.startsWith(`${base}/`)) return false;
      const sub = base ? rel.slice(base.length + 1) : rel;
      try {
        return sub !== '' && ig.ignores(sub);
      } catch {
        return false; // `ignore` refuses odd paths; such a path is simply not ignored
      }
    });
  }
}

/** Everything that decides whether one relative path of a folder is scanned. */
export class PathFilter {
  constructor(private readonly globs: GlobExcluder, private readonly gitignore: GitignoreSet) {}
  includes(rel: string): boolean {
    return isSourcePath(rel) && !this.globs.excludes(rel) && !this.gitignore.ignores(rel);
  }
}
