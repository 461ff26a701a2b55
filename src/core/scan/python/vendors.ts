// Other vendors' own SDKs, reported as the `other` family with their model: Gemini
// (`client.models.generate_content`, `client.aio.models.generate_content`, a `GenerativeModel`'s
// `generate_content`), Mistral (`client.chat.complete|stream` and their `_async` forms), LiteLLM
// (`litellm.completion|acompletion`) and Bedrock (`converse`, `converse_stream`, `invoke_model` on a
// boto3 `bedrock-runtime` client). Their method names are common words (`complete`, `completion`,
// `converse`), so the receiver must be the vendor's client, or the file must use the vendor's SDK
// and the request carry its model.
import type { Node } from './tree';
import { callArgs, field, unparen, type CallArgs } from './tree';
import type { FileIndex, Scope } from './fileIndex';
import { resolveClient, type ClientKind, type ClientResolver } from './clients';
import { qualifiedName } from './nameLookup';
import type { Chain } from './chain';

export type VendorKind = 'gemini' | 'mistral' | 'litellm' | 'bedrock';

const GEMINI_METHODS = new Set(['generate_content', 'generate_content_stream']);
/** A Gemini chat session's turn (`chat.send_message(...)`). */
const CHAT_TURN = new Set(['send_message', 'send_message_async', 'send_message_stream']);
const MISTRAL_METHODS = new Set(['complete', 'complete_async', 'stream', 'stream_async']);
const BEDROCK_METHODS = new Set(['converse', 'converse_stream', 'invoke_model', 'invoke_model_with_response_stream']);
const LITELLM_FUNCTIONS = new Set(['litellm.completion', 'litellm.acompletion']);

/** Whether the module imports `prefix` or something under it (`google.genai`, `mistralai`, `boto3`). */
function imports(index: FileIndex, prefix: string): boolean {
  for (const list of index.module.bindings.values()) {
    for (const b of list) if (b.kind === 'import' && (b.qualified === prefix || b.qualified.startsWith(`${prefix}.`))) return true;
  }
  return false;
}

function receiverKind(r: ClientResolver, chain: Chain, consumed: number): ClientKind {
  const { node, scope, at } = chain.receiver(consumed);
  return node ? resolveClient(r, node, scope, at) : 'unknown';
}

/** What a receiver's own name says, for vendors: `self.bedrock`, `gemini_client`. */
function vendorHint(chain: Chain, consumed: number): ClientKind {
  const { node } = chain.receiver(consumed);
  const n = unparen(node);
  const name = !n ? '' : n.type === 'identifier' ? n.text : n.type === 'attribute' ? field(n, 'attribute')?.text ?? '' : '';
  return /bedrock/i.test(name) ? 'bedrock' : /gemini/i.test(name) ? 'genai' : /mistral/i.test(name) ? 'mistral' : 'unknown';
}

/** The vendor request a call makes, or null. `fn` is the callee (or the method a forwarder was handed). */
export function classifyVendor(r: ClientResolver, fn: Node, chain: Chain, args: CallArgs, scope: Scope, at: number): VendorKind | null {
  const { names } = chain;
  const method = names[names.length - 1];
  const index = r.index;
  if ((method === 'completion' || method === 'acompletion') && names.length <= 2) {
    return LITELLM_FUNCTIONS.has(qualifiedName(fn, scope, at) ?? '') ? 'litellm' : null;
  }
  if (CHAT_TURN.has(method) && names.length >= 2) {
    return receiverKind(r, chain, 1) === 'genai-chat' ? 'gemini' : null;
  }
  if (GEMINI_METHODS.has(method)) {
    const onModels = names[names.length - 2] === 'models';
    if (onModels) {
      const consumed = names[names.length - 3] === 'aio' ? 3 : 2;
      const k = receiverKind(r, chain, consumed);
      if (k === 'genai') return 'gemini';
      return k === 'unknown' && imports(index, 'google.genai') && args.keywords.has('model') ? 'gemini' : null;
    }
    const k = receiverKind(r, chain, 1);
    if (k === 'genai-model') return 'gemini';
    return k === 'unknown' && (imports(index, 'google.generativeai') || imports(index, 'vertexai')) ? 'gemini' : null;
  }
  if (MISTRAL_METHODS.has(method) && names[names.length - 2] === 'chat') {
    const k = receiverKind(r, chain, 2);
    if (k === 'mistral') return 'mistral';
    const unknownOk = k === 'unknown' && (imports(index, 'mistralai') || vendorHint(chain, 2) === 'mistral');
    return unknownOk && args.keywords.has('model') && (args.keywords.has('messages') || args.splats.length > 0) ? 'mistral' : null;
  }
  if (BEDROCK_METHODS.has(method) && names.length >= 2) {
    if (method.startsWith('invoke_model') && isEmbedding(args, scope)) return null;
    const k = receiverKind(r, chain, 1);
    if (k === 'bedrock') return 'bedrock';
    const unknownOk = k === 'unknown' && (vendorHint(chain, 1) === 'bedrock' || (imports(index, 'boto3') && makesBedrockClient(index)));
    return unknownOk && (args.keywords.has('modelId') || args.splats.length > 0) ? 'bedrock' : null;
  }
  return null;
}

/**
 * Bedrock's `invoke_model` also computes embeddings (Titan, Cohere embed): not a prompt call site.
 * Said by the model id, or by the function or class it is made in (`_get_embedding`, `BedrockEmbedder`).
 */
function isEmbedding(args: CallArgs, scope: Scope): boolean {
  if (/embed/i.test(args.keywords.get('modelId')?.text ?? '')) return true;
  for (let s: Scope | null = scope; s && s.kind !== 'module'; s = s.parent) if (/embed/i.test(s.name)) return true;
  return false;
}

/** The file makes a `bedrock-runtime` client somewhere (for receivers set up out of sight). */
function makesBedrockClient(index: FileIndex): boolean {
  return /['"]bedrock-runtime['"]/.test(index.module.node.text);
}

/** The model argument names of each vendor, in order of preference. */
export function vendorModelKeys(kind: VendorKind): string[] {
  return kind === 'bedrock' ? ['modelId'] : ['model'];
}

/**
 * LiteLLM routes by a provider prefix (`anthropic/claude-3-5-sonnet`, `azure/my-deployment`); the
 * model id is what follows it.
 */
export function stripLiteLLMProvider(id: string): string {
  const m = /^(openai|anthropic|azure|azure_ai|gemini|vertex_ai|bedrock|groq|mistral|together_ai|ollama|ollama_chat|deepseek|xai|cohere|cohere_chat|perplexity|fireworks_ai|openrouter|huggingface|replicate|cerebras|sagemaker|watsonx|databricks|nvidia_nim|hosted_vllm|text-completion-openai)\/(.+)$/.exec(id);
  return m ? m[2] : id;
}

/** A Gemini `GenerativeModel("gemini-1.5-pro")`'s model argument. */
export function generativeModelArg(call: Node): Node | null {
  const args = callArgs(call);
  return args.keywords.get('model_name') ?? args.keywords.get('model') ?? args.positional[0] ?? null;
}
