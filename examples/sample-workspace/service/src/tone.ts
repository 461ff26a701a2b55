import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function rewriteTone(reply: string, tone: string) {
  const msg = await anthropic.messages.create({
    model: 'claude-3-5-sonnet-20240620',
    max_tokens: 400,
    system: 'You rewrite customer replies without changing their facts.',
    messages: [{ role: 'user', content: `Rewrite in a ${tone} tone:\n\n${reply}` }],
  });
  return msg.content;
}
