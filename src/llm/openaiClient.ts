// The LlmClient port over the official openai SDK: OpenAI, Azure OpenAI and any OpenAI-compatible
// base URL (Ollama, vLLM, LM Studio, gateways). One attempt per send(): the SDK's own retries are off
// because the replay scheduler owns retries, backoff and rate limits, and would otherwise multiply them.
import OpenAI, { AzureOpenAI } from 'openai';

/** For the batch client, which reaches them through this module (see batchClient.ts). */
export { toFile } from 'openai';
export { scrubSecrets, toLlmError } from './errors';
import type { LlmClient, LlmRequest, LlmResponse, LlmSendOptions } from '../core/ports';
import { invalidResponse, toLlmError, type MapErrorContext, type RequestLabel } from './errors';
import { buildChatBody, buildResponsesBody, extractChat, extractResponses } from './requestMapping';
import { CALLER_SIGNAL, nodeFetch } from './nodeFetch';
import { proxiedFetch, proxyFor, type ProxyConfig } from './proxy';

export interface EndpointOptions {
  kind: 'openai' | 'azure' | 'compatible';
  /**
   * openai: defaults to https://api.openai.com/v1 (never taken from OPENAI_BASE_URL, so an environment
   * variable cannot silently redirect a replay). compatible: required, e.g. http://localhost:11434/v1.
   * azure: the resource endpoint (https://res.openai.azure.com) or the full base ending in /openai.
   */
  baseURL?: string;
  apiKey: string;
  /** Azure only; defaults to AZURE_DEFAULT_API_VERSION. The Responses API on Azure needs a preview version. */
  apiVersion?: string;
  headers?: Record<string, string>;
  /** Azure only: model → deployment name. A model without an entry is used as the deployment name. */
  deployments?: Record<string, string>;
  /** Used when send() gets no timeoutMs. Defaults to 120 s. */
  timeoutMs?: number;
  /** The proxy to reach the endpoint through (from the environment or the editor's settings); none when absent. */
  proxy?: ProxyConfig | null;
}

/** The SDK's per-request `fetchOptions` (a RequestInit the SDK merges into what it hands `fetch`). */
type FetchOptions = NonNullable<Parameters<OpenAI['chat']['completions']['create']>[1]>['fetchOptions'];

export const AZURE_DEFAULT_API_VERSION = '2024-10-21';
const OPENAI_BASE_URL = 'https://api.openai.com/v1';
const DEFAULT_TIMEOUT_MS = 120_000;

/** Problems with the options themselves, or null. createOpenAiClient throws with this message. */
export function validateEndpointOptions(o: EndpointOptions): string | null {
  if (!['openai', 'azure', 'compatible'].includes(o.kind)) return `unknown endpoint kind "${String(o.kind)}"`;
  if ((o.kind === 'compatible' || o.kind === 'azure') && !o.baseURL) return `a ${o.kind} endpoint needs a baseURL`;
  if (o.baseURL) {
    try {
      const u = new URL(o.baseURL);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return `baseURL must be http(s): ${u.protocol}`;
    } catch {
      return `baseURL is not a URL: ${o.baseURL}`;
    }
  }
  if (o.kind !== 'compatible' && !o.apiKey) return `a ${o.kind} endpoint needs an API key`;
  return null;
}

/** The SDK client for an endpoint, shared with the batch client. Options must be valid. */
export function buildSdkClient(o: EndpointOptions): OpenAI {
  const proxy = proxyFor(o.baseURL ?? OPENAI_BASE_URL, o.proxy);
  const common = {
    maxRetries: 0,
    timeout: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    defaultHeaders: o.headers,
    // The SDK's debug log prints request bodies; our own log decides what is shown.
    logLevel: 'off' as const,
    // Direct: JSON calls over node:http with keep-alive agents (half the CPU of undici's fetch);
    // through a proxy: undici's ProxyAgent (proxy.ts).
    fetch: proxy ? proxiedFetch(proxy) : nodeFetch,
  };
  if (o.kind === 'azure') {
    const base = o.baseURL!.replace(/\/+$/, '');
    // A bare resource endpoint gets /openai appended by the SDK; a full base is taken as given.
    const where = /\/openai(\/|$)/.test(new URL(base).pathname) ? { baseURL: base } : { endpoint: base };
    return new AzureOpenAI({ ...common, ...where, apiKey: o.apiKey, apiVersion: o.apiVersion ?? AZURE_DEFAULT_API_VERSION });
  }
  return new OpenAI({
    ...common,
    baseURL: o.baseURL ?? OPENAI_BASE_URL,
    // Local servers (Ollama, LM Studio) take no key, but the SDK refuses to start without one.
    apiKey: o.apiKey || 'no-key',
  });
}

/** The model name on the wire: Azure addresses deployments, everything else models. */
export function wireModelFor(o: EndpointOptions, model: string): string {
  return o.kind === 'azure' ? o.deployments?.[model] ?? model : model;
}

/** Values that must never appear in a message: the key, and long header values (gateway tokens). */
export function secretsOf(o: EndpointOptions): string[] {
  return [o.apiKey, ...Object.values(o.headers ?? {}).filter((v) => v.length >= 16)];
}

/**
 * An LlmClient for one endpoint. Throws only for invalid options (see validateEndpointOptions);
 * every failure of a request is returned as an LlmError value.
 */
export function createOpenAiClient(options: EndpointOptions): LlmClient {
  const problem = validateEndpointOptions(options);
  if (problem) throw new Error(`Invalid endpoint options: ${problem}`);
  const sdk = buildSdkClient(options);
  const secrets = secretsOf(options);
  const basePath = new URL(sdk.baseURL).pathname.replace(/\/+$/, '');

  const wireModel = (model: string): string => wireModelFor(options, model);

  const label = (req: LlmRequest, model: string): RequestLabel => {
    const route = req.api === 'chat' ? '/chat/completions' : '/responses';
    // Mirrors AzureOpenAI.buildRequest: chat goes under /deployments/{name}, responses does not.
    const deployment = options.kind === 'azure' && req.api === 'chat' ? `/deployments/${encodeURIComponent(model)}` : '';
    return { method: 'POST', path: `${basePath}${deployment}${route}`, model: req.model === model ? model : `${req.model} → deployment ${model}` };
  };

  return {
    async send(req: LlmRequest, sendOptions: LlmSendOptions = {}): Promise<LlmResponse> {
      const model = wireModel(req.model);
      const timeoutMs = sendOptions.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const caller = sendOptions.signal;
      // Only an error needs it: no label a request.
      const ctx = (): MapErrorContext => ({ label: label(req, model), secrets, timeoutMs, callerAborted: caller?.aborted ?? false });
      if (caller?.aborted) return { ok: false, error: toLlmError(new Error('aborted'), ctx()), latencyMs: 0 };

      // The deadline goes to the SDK, which builds its own controller and timer anyway: no second
      // set a request. The SDK's deadline ends when fetch resolves, and nodeFetch resolves only once
      // the whole body is in, so it covers a server that sends headers and then stalls (reported
      // as APIConnectionTimeoutError). The caller's cancellation goes past the SDK to nodeFetch,
      // through the SDK's documented per-request `fetchOptions`: given the signal, the SDK would
      // keep a listener on it for good. A cancelled request is mapped by `callerAborted`.
      const reqOpts = { timeout: timeoutMs, maxRetries: 0, fetchOptions: caller ? ({ [CALLER_SIGNAL]: caller } as FetchOptions) : undefined };
      const started = performance.now();
      const elapsed = (): number => Math.round((performance.now() - started) * 100) / 100;
      try {
        let body: unknown;
        if (req.api === 'chat') {
          const params = buildChatBody(model, req.messages, req.params) as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
          body = await sdk.chat.completions.create(params, reqOpts);
        } else if (req.api === 'responses') {
          const params = buildResponsesBody(model, req.messages, req.params) as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming;
          body = await sdk.responses.create(params, reqOpts);
        } else {
          return { ok: false, error: { type: 'bad_request', message: `unknown api "${String(req.api)}"`, status: null, retryAfterMs: null, retryable: false }, latencyMs: 0 };
        }
        const latencyMs = elapsed();
        const got = req.api === 'chat' ? extractChat(body) : extractResponses(body);
        if (!got.ok) return { ok: false, error: invalidResponse(got.detail, ctx()), latencyMs };
        return { ok: true, output: got.output, usage: got.usage, latencyMs, model: got.model ?? req.model };
      } catch (err) {
        return { ok: false, error: toLlmError(err, ctx()), latencyMs: elapsed() };
      }
    },
  };
}
