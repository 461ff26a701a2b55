// Translates an LlmRequest (messages + params named as chat.completions names them) into the wire
// body of each API, and reads the answer back out. Pure functions, so they are tested without a server.
import type { LlmMessage, LlmUsage } from '../core/ports';

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Fields we own or that would change the shape of the answer (streams cannot be replayed here). */
const CHAT_OWNED = ['model', 'messages', 'stream', 'stream_options'];

export function buildChatBody(model: string, messages: LlmMessage[], params: Json): Json {
  const body: Json = {};
  for (const [k, v] of Object.entries(params)) if (!CHAT_OWNED.includes(k) && v !== undefined) body[k] = v;
  return { model, messages: messages.map((m) => ({ role: m.role, content: m.content })), ...body };
}

/**
 * Chat parameters with no Responses equivalent. They are dropped rather than sent, because the
 * Responses API rejects unknown fields with a 400 and the replay would only measure that.
 */
export const RESPONSES_DROPPED = ['n', 'stop', 'seed', 'presence_penalty', 'frequency_penalty', 'logit_bias', 'logprobs', 'functions', 'function_call', 'modalities', 'audio', 'prediction', 'web_search_options'];

/** Roles the Responses API accepts on an input message; anything else (tool, function) is sent as user text. */
const RESPONSES_ROLES = new Set(['user', 'assistant', 'system', 'developer']);

/**
 * Responses body from chat-style messages and params.
 * System and developer messages stay in `input` with their role instead of moving to `instructions`:
 * that keeps their order relative to the other turns and works for several of them, and the
 * Responses API treats them exactly like instructions.
 */
export function buildResponsesBody(model: string, messages: LlmMessage[], params: Json): Json {
  const body: Json = {
    model,
    input: messages.map((m) => ({
      type: 'message',
      role: RESPONSES_ROLES.has(m.role) ? m.role : 'user',
      content: m.content,
    })),
  };
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || CHAT_OWNED.includes(k) || RESPONSES_DROPPED.includes(k)) continue;
    switch (k) {
      case 'max_tokens':
      case 'max_completion_tokens':
        // max_completion_tokens wins when both are set: it is the newer, reasoning-aware name.
        if (k === 'max_tokens' && params.max_completion_tokens !== undefined) break;
        body.max_output_tokens = v;
        break;
      case 'response_format':
        if (isObj(v)) mergeText(body, { format: toTextFormat(v) });
        break;
      case 'verbosity':
        mergeText(body, { verbosity: v });
        break;
      case 'reasoning_effort':
        body.reasoning = { ...(isObj(body.reasoning) ? body.reasoning : {}), effort: v };
        break;
      case 'tools':
        body.tools = Array.isArray(v) ? v.map(toResponsesTool) : v;
        break;
      case 'tool_choice':
        body.tool_choice = isObj(v) && v.type === 'function' && isObj(v.function) ? { type: 'function', name: v.function.name } : v;
        break;
      default:
        body[k] = v;
    }
  }
  return body;
}

function mergeText(body: Json, add: Json): void {
  body.text = { ...(isObj(body.text) ? body.text : {}), ...add };
}

/** chat `{type:'json_schema', json_schema:{name, schema, strict}}` → responses `{type:'json_schema', name, schema, strict}`. */
export function toTextFormat(rf: Json): Json {
  if (rf.type === 'json_schema' && isObj(rf.json_schema)) {
    const js = rf.json_schema;
    const out: Json = { type: 'json_schema', name: typeof js.name === 'string' ? js.name : 'response', schema: js.schema ?? {} };
    if (js.strict !== undefined) out.strict = js.strict;
    if (js.description !== undefined) out.description = js.description;
    return out;
  }
  return { ...rf };
}

/** chat `{type:'function', function:{name, parameters,…}}` → responses `{type:'function', name, parameters,…}`. */
function toResponsesTool(t: unknown): unknown {
  if (isObj(t) && t.type === 'function' && isObj(t.function)) return { type: 'function', ...t.function };
  return t;
}

export type Extracted = { ok: true; output: string; usage: LlmUsage; model: string | null } | { ok: false; detail: string };

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** First choice's content; tool calls as JSON when there is no content; the refusal when that is all there is. */
export function extractChat(body: unknown): Extracted {
  if (!isObj(body)) return { ok: false, detail: `expected a JSON object, got ${typeof body}` };
  const choices = body.choices;
  if (!Array.isArray(choices) || choices.length === 0 || !isObj(choices[0]) || !isObj(choices[0].message)) {
    return { ok: false, detail: 'no choices[0].message in the chat completion' };
  }
  const msg = choices[0].message;
  let output: string;
  if (typeof msg.content === 'string' && msg.content !== '') output = msg.content;
  else if (Array.isArray(msg.tool_calls) && msg.tool_calls.length > 0) output = JSON.stringify(msg.tool_calls);
  else if (typeof msg.refusal === 'string' && msg.refusal) output = msg.refusal;
  else output = typeof msg.content === 'string' ? msg.content : '';
  const u = isObj(body.usage) ? body.usage : {};
  return { ok: true, output, usage: { input: num(u.prompt_tokens), output: num(u.completion_tokens) }, model: typeof body.model === 'string' ? body.model : null };
}

/** `output_text` (which the SDK assembles from output[]); function calls as JSON when there is no text. */
export function extractResponses(body: unknown): Extracted {
  if (!isObj(body)) return { ok: false, detail: `expected a JSON object, got ${typeof body}` };
  if (body.status === 'failed') {
    const e = isObj(body.error) ? body.error : {};
    return { ok: false, detail: `response status failed${typeof e.message === 'string' ? `: ${e.message}` : ''}` };
  }
  if (!Array.isArray(body.output)) return { ok: false, detail: 'no output[] in the response' };
  let output = typeof body.output_text === 'string' ? body.output_text : '';
  if (output === '') {
    const calls = body.output.filter((o) => isObj(o) && o.type === 'function_call');
    if (calls.length > 0) output = JSON.stringify(calls);
  }
  const u = isObj(body.usage) ? body.usage : {};
  return { ok: true, output, usage: { input: num(u.input_tokens), output: num(u.output_tokens) }, model: typeof body.model === 'string' ? body.model : null };
}
