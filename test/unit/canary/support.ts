// Shared by the canary tests: plans from the fixture runs, and JSON Schemas from Kubernetes CRDs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import { planForRun } from '../../../src/node/rolloutInput';
import type { PlanOptions, RolloutPlan } from '../../../src/core/canary/types';
import { FIXTURES, REPO_ROOT } from '../support/paths';

export const RUNS = join(FIXTURES, 'canary', 'runs');
export const GOLDEN = join(FIXTURES, 'canary', 'golden');
export const SCHEMAS = join(FIXTURES, 'schemas');
export const ROLLOUT_SCHEMA = join(REPO_ROOT, 'media', 'schemas', 'rollout.schema.json');

export async function fixturePlan(name: string, options: PlanOptions = {}): Promise<RolloutPlan> {
  const r = await planForRun(join(RUNS, name), options);
  if (!r.ok) throw new Error(r.error);
  return r.value.plan;
}

type Json = Record<string, unknown>;

/** A CRD's openAPIV3Schema as plain JSON Schema: int-or-string as anyOf, strict where Kubernetes prunes. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k.startsWith('x-kubernetes-')) continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, toJsonSchema(s)])) : toJsonSchema(v);
  }
  if (src['x-kubernetes-int-or-string']) {
    delete out.type;
    return { ...out, anyOf: [{ type: 'integer' }, { type: 'string' }] };
  }
  if (out.properties && out.additionalProperties === undefined && !src['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

/** A validator for one kind served by a CRD file (several CRDs may share the file). */
export function crdValidator(file: string, kind: string, version: string) {
  const docs = parseAllDocuments(readFileSync(join(SCHEMAS, file), 'utf8')).map((d) => d.toJS() as Json).filter(Boolean);
  const crd = docs.find((d) => (d.spec as { names?: { kind?: string } })?.names?.kind === kind);
  if (!crd) throw new Error(`${file} has no CRD for ${kind}`);
  const v = (crd.spec as { versions: { name: string; schema: { openAPIV3Schema: unknown } }[] }).versions.find((x) => x.name === version);
  if (!v) throw new Error(`${file}: ${kind} has no version ${version}`);
  const schema = toJsonSchema(v.schema.openAPIV3Schema) as Json;
  // metadata is `type: object` in CRDs; the API server checks it, not the CRD.
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}
