// Other vendors' own SDKs in TypeScript/JavaScript, reported as the `other` family with their model:
// Gemini (`@google/genai`'s `ai.models.generateContent({ model, contents })`, `@google/generative-ai`
// and Vertex AI's `getGenerativeModel({ model }).generateContent(prompt)`), Mistral
// (`client.chat.complete|stream({ model, messages })`) and Bedrock (`new ConverseCommand({ modelId,
// messages })` and the other request commands of `@aws-sdk/client-bedrock-runtime`, reported where
// the command is built). Their method names are common words, so the file must use the vendor's SDK.
import ts from './compiler';
import type { Candidate, FileFacts } from './classify';
import { importOf, normaliseModule } from './clients';
import { Ctx, deref, objectOf, unwrap } from './values';

export const VENDOR_METHODS = ['generateContent', 'generateContentStream', 'complete', 'sendMessage', 'sendMessageStream'];
const GEMINI_METHODS = new Set(['generateContent', 'generateContentStream']);
/** A Gemini chat session's turn: `model.startChat({ history }).sendMessage(text)`, `ai.chats.create({ model }).sendMessage(...)`. */
const CHAT_TURN = new Set(['sendMessage', 'sendMessageStream']);
const MISTRAL_METHODS = new Set(['complete', 'stream']);
const GEMINI_MODULES = new Set(['@google/genai', '@google/generative-ai', '@google-cloud/vertexai']);
const BEDROCK_MODULE = '@aws-sdk/client-bedrock-runtime';
const BEDROCK_COMMANDS = new Set(['ConverseCommand', 'ConverseStreamCommand', 'InvokeModelCommand', 'InvokeModelWithResponseStreamCommand']);

/** The vendor SDKs a file imports, by the module names this file cares about. */
export function vendorOfModule(module: string): 'gemini' | 'mistral' | 'bedrock' | undefined {
  const m = normaliseModule(module);
  if (GEMINI_MODULES.has(m)) return 'gemini';
  if (m === '@mistralai/mistralai') return 'mistral';
  if (m === BEDROCK_MODULE) return 'bedrock';
  return undefined;
}

/** The call that opened the chat session a receiver holds: `model.startChat(...)` or `ai.chats.create(...)`. */
function chatSession(recv: ts.Expression, ctx: Ctx): ts.CallExpression | undefined {
  let e = deref(recv, ctx).node;
  if (ts.isAwaitExpression(e)) e = unwrap(e.expression);
  if (!ts.isCallExpression(e)) return undefined;
  const callee = unwrap(e.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  if (callee.name.text === 'startChat') return e;
  const owner = unwrap(callee.expression);
  return callee.name.text === 'create' && ts.isPropertyAccessExpression(owner) && owner.name.text === 'chats' ? e : undefined;
}

/** `genAI.getGenerativeModel({ model })` / `vertexAI.preview.getGenerativeModel(...)` that made a receiver. */
export function generativeModelCall(recv: ts.Expression, ctx: Ctx): ts.CallExpression | undefined {
  let e = deref(recv, ctx).node;
  if (ts.isAwaitExpression(e)) e = unwrap(e.expression);
  if (!ts.isCallExpression(e)) return undefined;
  const callee = unwrap(e.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'getGenerativeModel' ? e : undefined;
}

/**
 * A vendor request through a property path (`segs` are the path's names, method last), or
 * undefined. `recv(k)` is the receiver k names up from the method.
 */
export function classifyVendorCall(call: ts.CallExpression, segs: string[], recv: (k: number) => ts.Expression, ctx: Ctx, facts: FileFacts): Candidate | undefined {
  const n = segs.length;
  const last = segs[n - 1];
  const make = (shape: 'gemini' | 'mistral'): Candidate => ({ node: call, api: 'other', shape, method: last });
  const req = objectOf(call.arguments[0], ctx);
  if (CHAT_TURN.has(last)) {
    return facts.vendors.has('gemini') && n >= 1 && chatSession(recv(1), ctx) ? make('gemini') : undefined;
  }
  if (GEMINI_METHODS.has(last)) {
    if (!facts.vendors.has('gemini')) return undefined;
    if (n >= 2 && segs[n - 2] === 'models') return req?.props.has('model') || !req ? make('gemini') : undefined;
    return make('gemini');
  }
  if (MISTRAL_METHODS.has(last) && n >= 2 && segs[n - 2] === 'chat' && facts.vendors.has('mistral')) {
    return req && req.props.has('model') && req.props.has('messages') && !!recv(2) ? make('mistral') : undefined;
  }
  return undefined;
}

/**
 * `new ConverseCommand({ modelId, messages })` from the Bedrock runtime client (in a file that uses
 * it, a command name no import explains came from a lazy `await import(...)` of it).
 */
export function classifyVendorNew(node: ts.NewExpression, ctx: Ctx): Candidate | undefined {
  const target = unwrap(node.expression);
  const info = importOf(target, ctx) ?? (ts.isIdentifier(target) ? { module: BEDROCK_MODULE, name: target.text } : undefined);
  if (!info || normaliseModule(info.module) !== BEDROCK_MODULE || !BEDROCK_COMMANDS.has(info.name)) return undefined;
  // InvokeModel also computes embeddings (Titan, Cohere embed): said by the model id.
  if (/embed/i.test(objectOf(node.arguments?.[0], ctx)?.props.get('modelId')?.getText(ctx.sf) ?? '')) return undefined;
  return { node, api: 'other', shape: 'bedrock', method: info.name };
}

/** Where a vendor request names its model: `model` (Gemini, Mistral), `modelId` (Bedrock), or the Gemini model it runs on. */
export function vendorModelArgument(c: Candidate, ctx: Ctx): ts.Expression | undefined {
  const req = objectOf(c.node.arguments?.[0], ctx);
  if (c.shape === 'bedrock') return req?.props.get('modelId');
  if (c.shape !== 'gemini') return req?.props.get('model');
  const callee = unwrap(c.node.expression);
  let recv = ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
  if (CHAT_TURN.has(c.method) && recv) {
    // A chat turn runs on the session's model: `ai.chats.create({ model })`, or the model that started it.
    const session = chatSession(recv, ctx);
    const opened = session && unwrap(session.expression);
    if (session && opened && ts.isPropertyAccessExpression(opened) && opened.name.text === 'create') return objectOf(session.arguments[0], ctx)?.props.get('model');
    recv = opened && ts.isPropertyAccessExpression(opened) ? opened.expression : undefined;
  } else {
    const own = req?.props.get('model');
    if (own) return own;
  }
  const made = recv ? generativeModelCall(recv, ctx) : undefined;
  return made ? objectOf(made.arguments[0], ctx)?.props.get('model') : undefined;
}
