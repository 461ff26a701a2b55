// A temporary workspace with one structured-output call site (a ticket classifier) and the local
// stand-in's model tiers, for the sweep tests: the recommendation's gates are judged on known rates.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TierBehaviour } from '../../../src/llm/localEndpoint/index';

export const CLASSIFY_SOURCE = `import OpenAI from 'openai';
const client = new OpenAI();
export async function classify(ticket: string) {
  const r = await client.chat.completions.create({
    model: 'gpt-4.1',
    temperature: 0,
    max_tokens: 200,
    messages: [{ role: 'system', content: 'You triage support tickets.' }, { role: 'user', content: \`Classify: \${ticket}\` }],
    response_format: {
      type: 'json_schema',
      json_schema: {
        name: 'triage',
        schema: {
          type: 'object',
          properties: { label: { type: 'string' }, priority: { type: 'integer', minimum: 1, maximum: 4 } },
          required: ['label', 'priority'],
          additionalProperties: false,
        },
      },
    },
  });
  return r.choices[0].message.content;
}
`;

/**
 * Tiers with known outcomes, cheapest first by catalog price: gpt-4.1-nano breaks the schema on a
 * few prompts (fails the schema gate only), gpt-4o-mini disagrees on many (fails agreement only),
 * gpt-4.1-mini almost always agrees (passes), gpt-4o always agrees (passes, dearer than the baseline).
 */
export const TIERS: Record<string, TierBehaviour> = {
  'gpt-4.1': {},
  'gpt-4.1-nano': { schemaBreakRate: 0.06 },
  'gpt-4o-mini': { disagreeRate: 0.3 },
  'gpt-4.1-mini': { disagreeRate: 0.02 },
  'gpt-4o': {},
};

export function makeClassifyWorkspace(_cases: number): { root: string } {
  const root = mkdtempSync(join(tmpdir(), 'ps-sweep-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'classify.ts'), CLASSIFY_SOURCE);
  mkdirSync(join(root, '.promptshift', 'cases'), { recursive: true });
  return { root };
}

export function writeTickets(root: string, id: string, n: number): void {
  const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ id: `t${i}`, vars: { ticket: `ticket ${i}: the ${['invoice', 'login', 'export', 'refund'][i % 4]} page fails for customer ${i * 7}` } }));
  writeFileSync(join(root, '.promptshift', 'cases', `${id}.jsonl`), lines.join('\n') + '\n');
}
