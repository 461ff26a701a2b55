// What the local stand-in "model" answers, in the real wire format of each API. Answers depend only
// on (model, prompt, output format): the same request always gets the same text, and two models get
// overlapping but different text, so diffs look like diffs between real models.
import { canonicalJson, pick, sha256, unitFloat } from './hash';
import { jsonForSchema, words } from './schemaValue';
import { disagreeingValue, REFERENCE_MODEL, schemaBreaking, tierRolls, type TierBehaviour } from './tiers';

type Json = Record<string, unknown>;

/** Shown wherever a response could reach a user: this is a test double, not a model. */
export const LOCAL_FINGERPRINT = 'promptshift-local';
export const LOCAL_OWNER = 'promptshift-local (test stand-in, not a real model)';
/** Prefix of every plain-text answer, for the same reason. */
export const TEXT_PREFIX = '[promptshift-local] ';

export type Answer = { status: 200; body: Json } | { status: 400 | 404; body: Json };

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function apiError(message: string, type = 'invalid_request_error', code: string | null = null, param: string | null = null): Json {
  return { error: { message, type, param, code } };
}

/** ~4 characters per token, like the usual rule of thumb for English under cl100k/o200k. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (isObj(p) && typeof p.text === 'string' ? p.text : '')).join('');
  return content === null || content === undefined ? '' : JSON.stringify(content);
}

interface Prompt {
  turns: Array<{ role: string; text: string }>;
  /** Identity of the prompt, model excluded. */
  key: string;
  inputTokens: number;
}

function promptOf(turns: Array<{ role: string; text: string }>, extra: unknown): Prompt {
  const inputTokens = 3 + turns.reduce((n, t) => n + 4 + countTokens(t.text), 0) + (extra ? countTokens(canonicalJson(extra)) : 0);
  return { turns, key: sha256(canonicalJson(turns)), inputTokens };
}

/** The text answer: a shared skeleton from the prompt with some words swapped per model. */
function textAnswer(model: string, prompt: Prompt, variant: number): string {
  const key = variant === 0 ? prompt.key : `${prompt.key}#${variant}`;
  const lastUser = [...prompt.turns].reverse().find((t) => t.role === 'user')?.text ?? '';
  const topic = lastUser.split(/\s+/).filter(Boolean).slice(0, 6).join(' ');
  const n = 10 + pick(14, 'len', key) + (unitFloat('longer', model, key) < 0.3 ? 3 : 0);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(unitFloat('swap', model, key, i) < 0.2 ? words(1, 'model', model, key, i) : words(1, key, i));
  }
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return `${TEXT_PREFIX}${topic ? `On "${topic}": ` : ''}${out.join(' ')}.`;
}

type Format = { kind: 'text' } | { kind: 'json_object' } | { kind: 'json_schema'; schema: unknown };

function formatOf(f: unknown): Format {
  if (!isObj(f)) return { kind: 'text' };
  if (f.type === 'json_object') return { kind: 'json_object' };
  if (f.type === 'json_schema') {
    // chat nests the schema under json_schema; responses' text.format has it flat.
    const schema = isObj(f.json_schema) ? f.json_schema.schema : f.schema;
    return { kind: 'json_schema', schema: schema ?? {} };
  }
  return { kind: 'text' };
}

/** A tier's answer: the reference's, unless this prompt is one it disagrees on or breaks the schema of. */
function tierContent(model: string, tier: TierBehaviour, prompt: Prompt, format: Format, variant: number): string {
  const key = variant === 0 ? prompt.key : `${prompt.key}#${variant}`;
  const roll = tierRolls(tier, model, key);
  if (format.kind === 'text') {
    // A disagreeing text shares no skeleton with the reference: other words, not a few swapped.
    return roll.disagree ? `${TEXT_PREFIX}${words(12 + pick(8, 'len', model, key), 'disagree', model, key)}.` : textAnswer(REFERENCE_MODEL, prompt, variant);
  }
  let schema: unknown, reference: unknown, disagreeing: () => unknown;
  if (format.kind === 'json_schema') {
    schema = format.schema;
    reference = jsonForSchema(schema, key, REFERENCE_MODEL);
    disagreeing = () => disagreeingValue(schema, key, model, reference);
  } else {
    const ref = { answer: textAnswer(REFERENCE_MODEL, prompt, variant), confidence: Math.round(unitFloat('conf', REFERENCE_MODEL, key) * 100) / 100 };
    schema = { type: 'object', required: ['answer'] };
    reference = ref;
    disagreeing = () => ({ ...ref, answer: words(6, 'disagree', model, key) });
  }
  let value = roll.disagree ? disagreeing() : reference;
  if (roll.schema) value = schemaBreaking(schema, value);
  return JSON.stringify(value);
}

function contentFor(model: string, prompt: Prompt, format: Format, variant: number, tier?: TierBehaviour): string {
  if (tier) return tierContent(model, tier, prompt, format, variant);
  const key = variant === 0 ? prompt.key : `${prompt.key}#${variant}`;
  if (format.kind === 'json_schema') return JSON.stringify(jsonForSchema(format.schema, key, model));
  if (format.kind === 'json_object') return JSON.stringify({ answer: textAnswer(model, prompt, variant), confidence: Math.round(unitFloat('conf', model, key) * 100) / 100 });
  return textAnswer(model, prompt, variant);
}

interface ToolCall { id: string; name: string; arguments: string }

/** A tool call when the request forces one (tool_choice "required" or a named function). */
function forcedToolCall(model: string, prompt: Prompt, tools: unknown, choice: unknown, chatShape: boolean): ToolCall | null {
  if (!Array.isArray(tools) || tools.length === 0) return null;
  const fns = tools.filter(isObj).map((t) => (chatShape && isObj(t.function) ? t.function : t)).filter((f) => typeof f.name === 'string');
  if (fns.length === 0) return null;
  let named: string | null = null;
  if (choice === 'required') named = String(fns[0].name);
  else if (isObj(choice)) named = isObj(choice.function) ? String(choice.function.name) : typeof choice.name === 'string' ? choice.name : null;
  if (!named) return null;
  const fn = fns.find((f) => f.name === named) ?? fns[0];
  const args = jsonForSchema(fn.parameters ?? { type: 'object', properties: {} }, prompt.key, model);
  return { id: `call_${sha256(`${model}|${prompt.key}|${named}`).slice(0, 24)}`, name: String(fn.name), arguments: JSON.stringify(args) };
}

function limitOf(body: Json, ...names: string[]): number | null {
  for (const n of names) if (typeof body[n] === 'number' && (body[n] as number) > 0) return body[n] as number;
  return null;
}

/** Cuts an answer at the token limit, as a real model stops mid-sentence (or mid-JSON). */
function clip(text: string, limit: number | null): { text: string; truncated: boolean } {
  if (limit === null || countTokens(text) <= limit) return { text, truncated: false };
  return { text: text.slice(0, limit * 4), truncated: true };
}

const now = (): number => Math.floor(Date.now() / 1000);

/** A tier's set share of failures: a 400, which the replay records as an error without retrying. */
function tierError(model: string): Answer {
  return { status: 400, body: apiError(`${model} could not answer this prompt (promptshift-local tier fault: a set share of prompts fail)`, 'invalid_request_error', 'tier_fault') };
}

export function answerChat(body: Json, requestHash: string, tiers?: Readonly<Record<string, TierBehaviour>>): Answer {
  const model = body.model;
  if (typeof model !== 'string' || !model) return { status: 400, body: apiError('you must provide a model parameter', 'invalid_request_error', null, 'model') };
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return { status: 400, body: apiError("'messages' must be a non-empty array", 'invalid_request_error', 'invalid_value', 'messages') };
  }
  if (body.stream === true) return { status: 400, body: apiError('streaming is not supported by the promptshift local endpoint', 'invalid_request_error', null, 'stream') };
  const turns = body.messages.map((m) => (isObj(m) ? { role: String(m.role), text: textOf(m.content) } : { role: 'user', text: '' }));
  const prompt = promptOf(turns, body.response_format ?? body.tools);
  const format = formatOf(body.response_format);
  const tier = tiers?.[model];
  if (tier && tierRolls(tier, model, prompt.key).error) return tierError(model);
  const limit = limitOf(body, 'max_completion_tokens', 'max_tokens');
  const n = typeof body.n === 'number' && body.n > 1 ? Math.min(8, Math.floor(body.n)) : 1;
  let completionTokens = 0;
  const choices = Array.from({ length: n }, (_, index) => {
    const call = index === 0 ? forcedToolCall(model, prompt, body.tools, body.tool_choice, true) : null;
    if (call) {
      completionTokens += countTokens(call.arguments) + 8;
      return {
        index, logprobs: null, finish_reason: 'tool_calls',
        message: { role: 'assistant', content: null, refusal: null, annotations: [], tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }] },
      };
    }
    const { text, truncated } = clip(contentFor(model, prompt, format, index, tier), limit);
    completionTokens += countTokens(text);
    return { index, logprobs: null, finish_reason: truncated ? 'length' : 'stop', message: { role: 'assistant', content: text, refusal: null, annotations: [] } };
  });
  return {
    status: 200,
    body: {
      id: `chatcmpl-${requestHash}`,
      object: 'chat.completion',
      created: now(),
      model,
      system_fingerprint: LOCAL_FINGERPRINT,
      service_tier: 'default',
      choices,
      usage: {
        prompt_tokens: prompt.inputTokens,
        completion_tokens: completionTokens,
        total_tokens: prompt.inputTokens + completionTokens,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
    },
  };
}

export function answerResponses(body: Json, requestHash: string, tiers?: Readonly<Record<string, TierBehaviour>>): Answer {
  const model = body.model;
  if (typeof model !== 'string' || !model) return { status: 400, body: apiError('you must provide a model parameter', 'invalid_request_error', null, 'model') };
  if (body.stream === true) return { status: 400, body: apiError('streaming is not supported by the promptshift local endpoint', 'invalid_request_error', null, 'stream') };
  const turns: Array<{ role: string; text: string }> = [];
  if (typeof body.instructions === 'string' && body.instructions) turns.push({ role: 'system', text: body.instructions });
  if (typeof body.input === 'string') turns.push({ role: 'user', text: body.input });
  else if (Array.isArray(body.input)) {
    for (const item of body.input) if (isObj(item) && typeof item.role === 'string') turns.push({ role: item.role, text: textOf(item.content) });
  } else return { status: 400, body: apiError("'input' must be a string or an array", 'invalid_request_error', 'invalid_value', 'input') };
  if (turns.length === 0) return { status: 400, body: apiError("'input' is empty", 'invalid_request_error', 'invalid_value', 'input') };
  const text = isObj(body.text) ? body.text : {};
  const prompt = promptOf(turns, text.format ?? body.tools);
  const tier = tiers?.[model];
  if (tier && tierRolls(tier, model, prompt.key).error) return tierError(model);
  const created = now();
  const call = forcedToolCall(model, prompt, body.tools, body.tool_choice, false);
  let output: Json[];
  let outputText = '';
  let outputTokens: number;
  let incomplete = false;
  if (call) {
    output = [{ type: 'function_call', id: `fc_${call.id.slice(5)}`, call_id: call.id, name: call.name, arguments: call.arguments, status: 'completed' }];
    outputTokens = countTokens(call.arguments) + 8;
  } else {
    const clipped = clip(contentFor(model, prompt, formatOf(text.format), 0, tier), limitOf(body, 'max_output_tokens'));
    outputText = clipped.text;
    incomplete = clipped.truncated;
    outputTokens = countTokens(outputText);
    output = [{
      type: 'message', id: `msg_${requestHash}`, status: incomplete ? 'incomplete' : 'completed', role: 'assistant',
      content: [{ type: 'output_text', text: outputText, annotations: [], logprobs: [] }],
    }];
  }
  return {
    status: 200,
    body: {
      id: `resp_${requestHash}`,
      object: 'response',
      created_at: created,
      status: incomplete ? 'incomplete' : 'completed',
      completed_at: created,
      error: null,
      incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
      instructions: body.instructions ?? null,
      max_output_tokens: body.max_output_tokens ?? null,
      model,
      output,
      output_text: outputText,
      parallel_tool_calls: body.parallel_tool_calls ?? true,
      temperature: body.temperature ?? 1,
      top_p: body.top_p ?? 1,
      tool_choice: body.tool_choice ?? 'auto',
      tools: body.tools ?? [],
      text: { format: text.format ?? { type: 'text' } },
      metadata: body.metadata ?? {},
      service_tier: 'default',
      store: false,
      // Not a Responses field; clients ignore it, and it labels the body for anyone who reads it.
      system_fingerprint: LOCAL_FINGERPRINT,
      usage: {
        input_tokens: prompt.inputTokens,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: outputTokens,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: prompt.inputTokens + outputTokens,
      },
    },
  };
}
