import { generateText } from 'ai';
import { openai } from '@ai-sdk/openai';

export async function suggestArticles(question: string) {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    system: 'Suggest up to three help-centre article titles, one per line.',
    prompt: `Customer question: ${question}`,
  });
  return text.split('\n').filter(Boolean);
}
