// Every replay goes through the openai SDK, so a call site written against another vendor's API
// (Anthropic's Messages API, a Claude or Gemini model) can only be replayed through an
// OpenAI-compatible endpoint that the user maps: Anthropic's OpenAI-compatibility endpoint, a
// gateway such as LiteLLM or Portkey, or a local server. Sent to OpenAI itself, such a request
// would fail with a confusing 404; this says so plainly before anything is sent.
import { effectiveModel, type CallSite } from '../callsite';
import { lookupModel, type Catalog } from '../models/catalog';

export interface EndpointShape {
  kind: 'openai' | 'azure' | 'compatible';
  baseURL?: string | null;
}

const OPENAI_HOST = /(^|\.)api\.openai\.com$/i;

/** True when requests go to OpenAI's own API (no base URL, or api.openai.com). */
export function isOpenAiItself(endpoint: EndpointShape): boolean {
  if (endpoint.kind !== 'openai' && endpoint.kind !== 'compatible') return false;
  if (!endpoint.baseURL) return endpoint.kind === 'openai';
  try {
    return OPENAI_HOST.test(new URL(endpoint.baseURL).hostname);
  } catch {
    return false;
  }
}

function vendorOf(site: CallSite, model: string | null, catalog: Catalog): string | null {
  if (site.api === 'anthropic.messages') return 'anthropic';
  const provider = model ? lookupModel(catalog, model)?.provider : undefined;
  if (provider && provider !== 'openai') return provider;
  if (model && /^claude/i.test(model)) return 'anthropic';
  if (model && /^gemini/i.test(model)) return 'google';
  return null;
}

const VENDOR_NAMES: Record<string, string> = { anthropic: 'Anthropic', google: 'Google' };

/**
 * Problems with replaying these call sites and arm models through this endpoint, one message each;
 * empty when the endpoint can serve them all.
 */
export function endpointProblems(sites: readonly { site: CallSite; models: readonly string[] }[], endpoint: EndpointShape, catalog: Catalog): string[] {
  if (!isOpenAiItself(endpoint) && endpoint.kind !== 'azure') return [];
  const where = endpoint.kind === 'azure' ? 'an Azure OpenAI endpoint' : "OpenAI's API";
  const problems: string[] = [];
  for (const { site, models } of sites) {
    for (const model of new Set([effectiveModel(site), ...models])) {
      const vendor = vendorOf(site, model, catalog);
      if (!vendor) continue;
      const name = VENDOR_NAMES[vendor] ?? vendor;
      const what = site.api === 'anthropic.messages' && model === effectiveModel(site)
        ? `uses Anthropic's Messages API (${model ?? 'model not static'})`
        : `asks for ${name} model ${model}`;
      problems.push(`${site.path}:${site.line}: call site ${site.id} ${what}, which ${where} does not serve. ` +
        `Promptshift replays through the openai SDK: map an OpenAI-compatible endpoint that serves ${name} models ` +
        `(${vendor === 'anthropic' ? "Anthropic's OpenAI compatibility endpoint https://api.anthropic.com/v1/, " : ''}a gateway such as LiteLLM or Portkey, or a local server) with --base-url or an endpoint profile.`);
      break;
    }
  }
  return problems;
}
