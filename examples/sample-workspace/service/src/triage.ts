import OpenAI from 'openai';

const openai = new OpenAI();

const TRIAGE_MODEL = process.env.TRIAGE_MODEL ?? 'gpt-4o';

const triageSchema = {
  type: 'object',
  properties: {
    priority: { type: 'string', enum: ['p1', 'p2', 'p3'] },
    team: { type: 'string' },
    needsHuman: { type: 'boolean' },
  },
  required: ['priority', 'team', 'needsHuman'],
  additionalProperties: false,
} as const;

export async function triage(body: string) {
  const res = await openai.chat.completions.create({
    model: TRIAGE_MODEL,
    temperature: 0,
    response_format: { type: 'json_schema', json_schema: { name: 'triage', strict: true, schema: triageSchema } },
    messages: [
      { role: 'system', content: 'Classify the support ticket. Answer with JSON only.' },
      { role: 'user', content: body },
    ],
  });
  return JSON.parse(res.choices[0].message.content ?? '{}');
}
