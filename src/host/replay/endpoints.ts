// Endpoint profiles (promptshift.endpoints) as data: checked, with the built-in local stand-in
// added, and turned into the llm layer's EndpointOptions. Pure: no vscode, so it is unit-tested.
// Keys are not part of a profile: they come from SecretStorage or an environment variable (secrets.ts).
import type { EndpointOptions } from '../../llm/openaiClient';
import type { RateLimits } from '../../core/replay/rateLimit';
import { BUILTIN_HOSTS, builtinHost } from '../../core/models/hosts';

export type ProfileKind = 'openai' | 'azure' | 'compatible' | 'local';

export interface EndpointProfile {
  name: string;
  kind: ProfileKind;
  baseURL?: string;
  apiVersion?: string;
  headers?: Record<string, string>;
  deployments?: Record<string, string>;
  /** Environment variable holding the key when secret storage has none. */
  apiKeyEnv: string;
  /** A built-in open-weight host (core/models/hosts.ts): its request refusals apply to the whole run. */
  host?: string;
  rateLimits: RateLimits | null;
  /** The built-in local stand-in: started on demand, needs no key. */
  builtin?: boolean;
}

export const DEFAULT_API_KEY_ENV = 'OPENAI_API_KEY';
/** Accepted wherever a profile name is, for scripts and tests. */
export const LOCAL_PROFILE_ID = 'local';
export const LOCAL_PROFILE: EndpointProfile = Object.freeze({
  name: 'Local test endpoint (stand-in)',
  kind: 'local',
  apiKeyEnv: '',
  rateLimits: null,
  builtin: true,
}) as EndpointProfile;
export const LOCAL_PROFILE_DETAIL = 'Starts a local OpenAI-compatible stand-in on 127.0.0.1: deterministic fake answers, not a real model. No key, no network.';

const KINDS = new Set(['openai', 'azure', 'compatible']);

function stringMap(x: unknown): Record<string, string> | undefined | string {
  if (x === undefined) return undefined;
  if (!x || typeof x !== 'object' || Array.isArray(x)) return 'must be an object of strings';
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(x)) {
    if (typeof v !== 'string') return `"${k}" must be a string`;
    out[k] = v;
  }
  return out;
}

const positive = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : null);

/**
 * Checks the setting's entries. Broken entries are left out and described (the message never
 * repeats a header value: headers can hold gateway tokens). The local stand-in always comes last.
 */
export function parseProfiles(raw: unknown): { profiles: EndpointProfile[]; problems: string[] } {
  const profiles: EndpointProfile[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const entries = Array.isArray(raw) ? raw : [];
  if (!Array.isArray(raw) && raw !== undefined && raw !== null) problems.push('promptshift.endpoints must be an array');
  entries.forEach((e, i) => {
    const where = `promptshift.endpoints[${i}]`;
    if (!e || typeof e !== 'object' || Array.isArray(e)) { problems.push(`${where} must be an object`); return; }
    const o = e as Record<string, unknown>;
    const name = typeof o.name === 'string' ? o.name.trim() : '';
    if (!name) { problems.push(`${where} needs a "name"`); return; }
    if (name === LOCAL_PROFILE_ID || name === LOCAL_PROFILE.name) { problems.push(`${where}: the name "${name}" is reserved for the built-in local stand-in`); return; }
    if (seen.has(name)) { problems.push(`${where}: duplicate name "${name}"`); return; }
    if (typeof o.kind !== 'string' || !KINDS.has(o.kind)) { problems.push(`${where} ("${name}"): "kind" must be openai, azure or compatible`); return; }
    const kind = o.kind as ProfileKind;
    const host = typeof o.host === 'string' ? builtinHost(o.host) : undefined;
    if (o.host !== undefined && (!host || kind !== 'compatible')) { problems.push(`${where} ("${name}"): "host" must be one of ${BUILTIN_HOSTS.map((h) => h.id).join(', ')}, with kind compatible`); return; }
    const baseURL = typeof o.baseURL === 'string' && o.baseURL.trim() ? o.baseURL.trim() : host?.baseURL ?? undefined;
    if ((kind === 'azure' || kind === 'compatible') && !baseURL) { problems.push(`${where} ("${name}"): a ${kind} endpoint needs "baseURL"`); return; }
    if (baseURL) {
      let ok = false;
      try { ok = /^https?:$/.test(new URL(baseURL).protocol); } catch { ok = false; }
      if (!ok) { problems.push(`${where} ("${name}"): "baseURL" must be an http(s) URL`); return; }
    }
    const headers = stringMap(o.headers);
    if (typeof headers === 'string') { problems.push(`${where} ("${name}"): "headers" ${headers}`); return; }
    const deployments = stringMap(o.deployments);
    if (typeof deployments === 'string') { problems.push(`${where} ("${name}"): "deployments" ${deployments}`); return; }
    const rl = o.rateLimits && typeof o.rateLimits === 'object' ? o.rateLimits as Record<string, unknown> : null;
    const rpm = positive(rl?.requestsPerMinute);
    const tpm = positive(rl?.tokensPerMinute);
    seen.add(name);
    profiles.push({
      name, kind, baseURL, headers, deployments,
      apiVersion: typeof o.apiVersion === 'string' && o.apiVersion ? o.apiVersion : undefined,
      apiKeyEnv: typeof o.apiKeyEnv === 'string' && o.apiKeyEnv.trim() ? o.apiKeyEnv.trim() : host?.apiKeyEnv ?? DEFAULT_API_KEY_ENV,
      rateLimits: rpm || tpm ? { rpm, tpm } : null,
      ...(host ? { host: host.id } : {}),
    });
  });
  profiles.push(LOCAL_PROFILE);
  return { profiles, problems };
}

/** A profile by name; "local" or the stand-in's label name the stand-in. */
export function findProfile(profiles: readonly EndpointProfile[], name: string): EndpointProfile | undefined {
  if (name === LOCAL_PROFILE_ID) return profiles.find((p) => p.builtin) ?? LOCAL_PROFILE;
  return profiles.find((p) => p.name === name);
}

/** Whether replaying through the profile needs a key (OpenAI and Azure do; local servers usually don't). */
export function needsKey(p: EndpointProfile): boolean {
  return p.kind === 'openai' || p.kind === 'azure';
}

/** The SecretStorage key of a profile's API key. */
export function secretKeyFor(p: Pick<EndpointProfile, 'name'>): string {
  return `promptshift.apiKey:${p.name}`;
}

/** Where a profile sends requests, for pickers and plan.json (never a key). */
export function describeProfile(p: EndpointProfile): string {
  if (p.builtin) return 'local stand-in on 127.0.0.1 (not a real model)';
  if (p.kind === 'openai') return p.baseURL ?? 'api.openai.com';
  return `${p.kind === 'azure' ? 'Azure OpenAI' : 'OpenAI-compatible'} · ${p.baseURL}`;
}

/**
 * The llm layer's options for a profile. `localURL` is the stand-in's base URL once started.
 * The key is passed through, never stored in the profile.
 */
export function toEndpointOptions(p: EndpointProfile, apiKey: string, localURL?: string): EndpointOptions {
  if (p.kind === 'local') {
    if (!localURL) throw new Error('the local stand-in is not running');
    return { kind: 'compatible', baseURL: localURL, apiKey: '' };
  }
  return { kind: p.kind, baseURL: p.baseURL, apiKey, apiVersion: p.apiVersion, headers: p.headers, deployments: p.deployments };
}
