// One codicon per API family (ThemeIcon ids, so they follow the user's theme). Pure.
import type { ApiFamily } from '../../core/callsite';

const ICONS: Record<ApiFamily, string> = {
  'openai.chat': 'comment-discussion',
  'openai.responses': 'comment-unresolved',
  'openai.legacy': 'history',
  'azure-openai': 'azure',
  'anthropic.messages': 'mail',
  'vercel-ai': 'triangle-up',
  langchain: 'link',
  other: 'symbol-misc',
};

export function familyIcon(api: ApiFamily | string): string {
  return (ICONS as Record<string, string>)[api] ?? ICONS.other;
}
