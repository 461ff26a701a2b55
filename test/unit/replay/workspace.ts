// A temporary workspace with one OpenAI call site, for the CLI replay tests.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanDirectory } from '../../../src/cli/commands/scan';
import type { CliIo } from '../../../src/cli/io';
import type { ResultRecord } from '../../../src/core/replay/records';

/** One OpenAI chat call site (also the workload of bench/replayProcess.ts). */
export const SOURCE = `import OpenAI from 'openai';
const client = new OpenAI();
export async function summarize(doc: string) {
  const r = await client.chat.completions.create({
    model: 'gpt-4o',
    temperature: 0,
    max_tokens: 100,
    messages: [{ role: 'system', content: 'You summarize.' }, { role: 'user', content: \`Summarize: \${doc}\` }],
  });
  return r.choices[0].message.content;
}
`;
export const PLANTED_KEY = 'sk-planted-7f3c9a1e5b2d4c6e8a0b';

export function makeWorkspace(): { root: string } {
  const root = mkdtempSync(join(tmpdir(), 'ps-replay-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'summarize.ts'), SOURCE);
  mkdirSync(join(root, '.promptshift', 'cases'), { recursive: true });
  return { root };
}

export function capture(cwd: string, env: Record<string, string | undefined> = {}) {
  const out: string[] = [], err: string[] = [];
  const io: CliIo = { stdout: (s) => { out.push(s); }, stderr: (s) => { err.push(s); }, cwd, env };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

export async function scanId(root: string): Promise<string> {
  const r = await scanDirectory(root);
  assert.equal(r.callSites.length, 1);
  return r.callSites[0].id;
}

export function writeCases(root: string, id: string, n: number): void {
  const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ id: `c${i}`, vars: { doc: `document number ${i} about topic ${i % 7}` } }));
  writeFileSync(join(root, '.promptshift', 'cases', `${id}.jsonl`), lines.join('\n') + '\n');
}

export function readRecords(dir: string): ResultRecord[] {
  return readFileSync(join(dir, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ResultRecord);
}

