// Every replay goes through the openai SDK, so a call site written against another vendor's API
// (Anthropic's Messages API, a Claude or Gemini model) can only be replayed through an
// OpenAI-compatible endpoint that the user maps: Anthropic's OpenAI-compatibility endpoint, a
// gateway such as LiteLLM or Portkey, or a local server. Sent to OpenAI itself, such a request
// would fail with a confusing 404; this says so plainly before anything is sent.
// Open-weight models (Llama 4, gpt-oss) have no vendor API: OpenAI's own does not serve gpt-oss
// either. And a host that serves them may refuse request features (Groq: logprobs, n > 1, …):
// `hostArmProblems` names each such request before any is sent.
import { effectiveModel, type CallSite } from '../callsite';
import { lookupModel, type Catalog } from '../models/catalog';
import { hostRefusals, type HostProfile } from '../models/hosts';
import { messagesOf } from './cases';
import { requestParams, type AdaptParams } from './plan';
import { armNames, type RunPlanFile } from './records';

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
  const info = model ? lookupModel(catalog, model) : undefined;
  if (info?.openWeight) return 'open-weight';
  const provider = info?.provider;
  if (provider && provider !== 'openai') return provider;
  if (model && /^claude/i.test(model)) return 'anthropic';
  if (model && /^gemini/i.test(model)) return 'google';
  return null;
}

const VENDOR_NAMES: Record<string, string> = { anthropic: 'Anthropic', google: 'Google', meta: 'Meta', 'open-weight': 'open-weight' };

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
        (vendor === 'open-weight'
          ? '(a host such as Together, Groq, Fireworks or Cerebras, or your own vLLM) with --candidate MODEL@HOST, --base-url or an endpoint profile.'
          : `(${vendor === 'anthropic' ? "Anthropic's OpenAI compatibility endpoint https://api.anthropic.com/v1/, " : ''}a gateway such as LiteLLM or Portkey, or a local server) with --base-url or an endpoint profile.`));
      break;
    }
  }
  return problems;
}

/**
 * Requests of arms served by a host that the host refuses, one message per call site and arm (the
 * first case that trips it named), empty when every host can serve what it is sent. Checked on what
 * would be sent: the call site's params adapted for the arm's model, and each case's messages.
 */
export function hostArmProblems(plan: RunPlanFile, adapt: AdaptParams, hostOf: (host: string) => Pick<HostProfile, 'label' | 'refuses' | 'serves' | 'source'> | undefined, runHost?: string): string[] {
  const problems: string[] = [];
  for (const pc of plan.callSites) {
    const base = requestParams(pc.callSite.params, pc.schema);
    for (const arm of armNames(pc.arms)) {
      // An arm without an endpoint of its own goes to the run's, which may itself be a host (an editor profile's "host").
      const host = plan.arms[arm]?.endpoint?.host ?? runHost;
      const profile = host ? hostOf(host) : undefined;
      if (!profile || (!profile.refuses.length && !profile.serves)) continue;
      const model = pc.arms[arm].model;
      const params = adapt({ ...base }, model);
      for (const c of pc.cases) {
        const refusals = hostRefusals(profile, { model, params, messages: messagesOf(c, pc.callSite.prompt) });
        if (!refusals.length) continue;
        problems.push(`${pc.callSite.path}:${pc.callSite.line}: call site ${pc.callSite.id}, arm ${arm} (case ${c.id}): ${refusals.join('; ')}. Nothing was sent; drop that arm or change the request.`);
        break;
      }
    }
  }
  return problems;
}
