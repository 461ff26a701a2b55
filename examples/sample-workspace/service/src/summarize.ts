import OpenAI from 'openai';

const client = new OpenAI();

const SYSTEM_PROMPT = 'You are a support lead. Summarise the ticket in two sentences for the on-call engineer.';

export async function summarizeTicket(ticket: { title: string; body: string }): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4.5-preview',
    temperature: 0.2,
    max_tokens: 200,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: `Title: ${ticket.title}\n\n${ticket.body}` },
    ],
  });
  return completion.choices[0]?.message?.content ?? '';
}
