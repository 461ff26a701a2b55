// The endpoints a workspace names in `.promptshift/config.json` ("endpoints"), laid over the built-in
// hosts (core/models/hosts.ts), for `--candidate MODEL@NAME`. A missing file or section is no config.
//   {"endpoints": {"together": {"baseURL": "https://eu.together.example/v1"},
//                  "gpu-box": {"host": "vllm", "baseURL": "http://10.0.0.7:8000/v1", "apiKeyEnv": "GPU_BOX_KEY"}}}
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hostEndpoints, type HostEndpoint } from '../core/models/hosts';

export async function readHostEndpoints(root: string): Promise<{ endpoints: HostEndpoint[]; problems: string[] }> {
  const path = join(root, '.promptshift', 'config.json');
  let section: unknown;
  try {
    section = (JSON.parse(await readFile(path, 'utf8')) as { endpoints?: unknown }).endpoints;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { ...hostEndpoints(undefined, path), problems: [`${path}: ${e instanceof Error ? e.message : String(e)}`] };
  }
  return hostEndpoints(section, path);
}
