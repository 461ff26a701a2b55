// The prompt template of a call: chat messages, Anthropic `system`, Responses `instructions`/`input`,
// legacy `prompt`. Same-file constants are inlined; everything a caller supplies becomes a
// `{{name}}` hole. Null when nothing about the prompt can be recovered.
import type { ChatMessage, PromptTemplate } from '../../callsite';
import type { Node } from './tree';
import type { Scope } from './fileIndex';
import type { Classified } from './family';
import { evaluate, type Evaluator } from './values';
import { asTemplate, dictGet, type Val } from './valueModel';
import { argValue, type EffectiveArgs } from './args';
import { concatTemplates, hole, holeName, type Template } from './strings';
import { promptOf } from '../common/template';

/** Message content: a string, or a list of parts of which the text parts count. */
function contentTemplate(v: Val, node: Node | null): Template | null {
  if (v.k === 'list') {
    const texts: Template[] = [];
    for (const part of v.items) {
      if (part.k === 'str') { texts.push(asTemplate(part, null)); continue; }
      const type = dictGet(part, 'type');
      const text = dictGet(part, 'text');
      if (text && (!type || (type.val.k === 'str' && /text/.test(type.val.s)))) texts.push(asTemplate(text.val, text.node));
    }
    if (!texts.length) return null;
    return concatTemplates(texts.flatMap((t, i) => (i ? [{ s: '\n', holes: [] }, t] : [t])));
  }
  if (v.k === 'none') return null;
  return asTemplate(v, node);
}

function messagesOf(v: Val, node: Node | null): ChatMessage[] | null {
  if (v.k !== 'list') return null;
  const out: ChatMessage[] = [];
  for (const item of v.items) {
    // Unknown items (`*history`, a comprehension) are conversation state, not the template.
    if (item.k !== 'dict') continue;
    const role = dictGet(item, 'role');
    const content = dictGet(item, 'content');
    if (!content) continue;
    const t = contentTemplate(content.val, content.node ?? node);
    if (!t) continue;
    out.push({ role: role && role.val.k === 'str' && !role.val.holes.length ? role.val.s : 'user', content: t.s });
  }
  return out;
}

function templateOf(ev: Evaluator, args: EffectiveArgs, key: string, scope: Scope, at: number): { val: Val; node: Node | null } | null {
  const entry = args.get(key);
  if (!entry) return null;
  return { val: argValue(ev, entry, scope, at), node: entry.node };
}

export function resolvePrompt(ev: Evaluator, c: Classified, args: EffectiveArgs, scope: Scope, at: number): PromptTemplate | null {
  if (c.kind === 'langchain') return null;
  const messages: ChatMessage[] = [];
  let found = false;
  const system = templateOf(ev, args, c.kind === 'responses' ? 'instructions' : 'system', scope, at);
  if (system && (c.kind === 'anthropic' || c.kind === 'responses' || c.kind === 'bedrock')) {
    const t = contentTemplate(system.val, system.node);
    if (t) { messages.push({ role: 'system', content: t.s }); found = true; }
  }
  let key = c.kind === 'responses' ? 'input' : c.kind === 'legacy' ? 'prompt' : c.kind === 'gemini' ? 'contents' : 'messages';
  // Pre-1.0 `openai.Completion.create` takes a prompt; `openai.ChatCompletion.create` messages.
  if (c.kind === 'legacy-module' && !args.get('messages') && args.get('prompt')) key = 'prompt';
  // A Gemini model's `generate_content(prompt)` takes the contents positionally.
  const main = templateOf(ev, args, key, scope, at)
    ?? (c.kind === 'gemini' && args.positional[0] ? { val: evaluate(ev, args.positional[0], scope, at), node: args.positional[0] } : null);
  if (main) {
    const list = messagesOf(main.val, main.node);
    if (list) {
      messages.push(...list);
      found = found || list.length > 0;
    } else if (key !== 'messages') {
      // A plain string input or prompt is one user message.
      const t = main.val.k === 'unknown' || main.val.k === 'env' ? hole(holeName(main.node)) : contentTemplate(main.val, main.node);
      if (t) { messages.push({ role: 'user', content: t.s }); found = true; }
    }
  }
  return found ? promptOf(messages) : null;
}
