// Sweep arms served by another host than the run's endpoint: `--candidate llama-4-scout@cerebras`
// (or `--sweep llama-4@cerebras`) names the arm, sends the host's own model id to the host's base URL
// with the key from the host's environment variable, and prices it at the host's catalog offer.
// Requests are routed by model id, so two arms may not send one id to two places.
import type { HostEndpoint } from '../core/models/hosts';
import type { LlmClient } from '../core/ports';
import { armNames, type RunPlanFile } from '../core/replay/records';
import { isLocalEndpoint } from '../core/replay/endpointKind';
import { createOpenAiClient, type EndpointOptions } from '../llm/openaiClient';

/** Hosted arms whose model id another arm sends elsewhere: routing by model id could not tell them apart. */
export function routingClashes(plan: RunPlanFile): string[] {
  const where = new Map<string, string>();
  const clashes: string[] = [];
  for (const pc of plan.callSites) {
    for (const arm of armNames(pc.arms)) {
      const model = pc.arms[arm].model;
      const to = plan.arms[arm]?.endpoint?.baseURL ?? plan.endpoint.baseURL ?? 'the run endpoint';
      const seen = where.get(model);
      if (seen !== undefined && seen !== to) clashes.push(`model ${model} is sent both to ${seen} and to ${to} in one run; sweep them in separate runs`);
      where.set(model, to);
    }
  }
  return [...new Set(clashes)];
}

export type HostClients = { ok: true; byModel: Map<string, LlmClient> } | { ok: false; error: string };

/**
 * One client per hosted arm's endpoint, keyed by the model ids it serves. Keys come from each host's
 * environment variable and are never written anywhere; a hosted endpoint (not on this machine) without
 * its key is refused before anything is sent.
 */
export function hostClients(plan: RunPlanFile, endpoints: readonly HostEndpoint[], env: Readonly<Record<string, string | undefined>>, base: Pick<EndpointOptions, 'proxy'> & { timeoutMs?: number }): HostClients {
  const clients = new Map<string, LlmClient>();
  const byModel = new Map<string, LlmClient>();
  for (const [arm, spec] of Object.entries(plan.arms)) {
    const target = spec.endpoint;
    if (!target) continue;
    const endpoint = endpoints.find((e) => e.name === target.host);
    const baseURL = target.baseURL ?? endpoint?.baseURL ?? null;
    if (!baseURL) return { ok: false, error: `arm ${arm}: endpoint "${target.host}" has no base URL: name it in .promptshift/config.json "endpoints"` };
    const keyEnv = endpoint?.apiKeyEnv ?? `${target.host.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
    const apiKey = env[keyEnv] ?? '';
    if (!apiKey && !(endpoint?.keyOptional ?? false) && !isLocalEndpoint(baseURL)) {
      return { ok: false, error: `arm ${arm}: no API key for ${endpoint?.label ?? target.host}: set the environment variable ${keyEnv}` };
    }
    let client = clients.get(baseURL);
    if (!client) {
      try {
        client = createOpenAiClient({ kind: 'compatible', baseURL, apiKey, proxy: base.proxy, timeoutMs: base.timeoutMs });
      } catch (e) {
        return { ok: false, error: `arm ${arm}: ${e instanceof Error ? e.message : String(e)}` };
      }
      clients.set(baseURL, client);
    }
    for (const pc of plan.callSites) if (pc.arms[arm]) byModel.set(pc.arms[arm].model, client);
  }
  return { ok: true, byModel };
}

/** Sends each request to its arm's host when it has one, else to the run's endpoint. */
export function routingClient(byModel: ReadonlyMap<string, LlmClient>, fallback: LlmClient): LlmClient {
  if (!byModel.size) return fallback;
  return { send: (request, options) => (byModel.get(request.model) ?? fallback).send(request, options) };
}
