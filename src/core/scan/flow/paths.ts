// Workspace-relative paths (forward slashes, no leading `./`), as the pass joins and climbs them.

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** `a/b` + `../c/./d` → `a/c/d`; null when the result would leave the root. */
export function joinPath(dir: string, rel: string): string | null {
  const out: string[] = [];
  for (const seg of [...(rel.startsWith('/') ? [] : dir.split('/')), ...rel.split('/')]) {
    if (!seg || seg === '.') continue;
    if (seg === '..') {
      if (!out.length) return null;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

/** The directory of `path` and each one above it, up to the root (''). */
export function ancestors(path: string): string[] {
  const out: string[] = [];
  let d = dirOf(path);
  for (;;) {
    out.push(d);
    if (!d) return out;
    d = dirOf(d);
  }
}

export function inDir(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}
