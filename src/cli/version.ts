// The package's version, read from the package.json beside the bundle (dist/../package.json, as
// installed) or above the transpiled sources, rather than bundled into every build of the CLI.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function cliVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'promptshift' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here, or not ours: keep going up.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
