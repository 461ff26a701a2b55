// Flagger: a Canary whose stepWeights are the plan's stages, with one MetricTemplate per gate. Flagger
// checks every metric each interval; a failed check rolls back (Flagger cannot pause on a metric, so
// the plan's pause gates roll back here too, which the header says). The interval is the longest
// stage's minimum duration, so every stage sees at least its minimum sample.
import { stringify } from 'yaml';
import type { RolloutPlan } from '../types';
import { provenance, yamlHeader, type ExportFile } from './common';
import { k8sName, measurableGates, PROMETHEUS_ADDRESS, seconds, withWindow } from './promql';

export function flaggerDocuments(plan: RolloutPlan): { canary: Record<string, unknown>; templates: Record<string, unknown>[] } {
  const name = k8sName(plan.flagKey);
  const annotations = { 'promptshift.dev/run-id': plan.runId, 'promptshift.dev/verdict': plan.decision.verdict };
  const interval = seconds(Math.max(...plan.stages.map((s) => s.minDurationSeconds)));
  const gates = measurableGates(plan);
  const templates = gates.map((g) => ({
    apiVersion: 'flagger.app/v1beta1', kind: 'MetricTemplate',
    metadata: { name: k8sName(plan.flagKey, `-${g.id}`), annotations },
    spec: { provider: { type: 'prometheus', address: PROMETHEUS_ADDRESS }, query: withWindow(g.query!, '{{ interval }}') },
  }));
  const canary = {
    apiVersion: 'flagger.app/v1beta1', kind: 'Canary',
    metadata: { name, annotations },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      service: { port: 8080 },
      analysis: {
        interval,
        threshold: 1,
        stepWeights: plan.stages.map((s) => s.weight),
        sessionAffinity: { cookieName: `${name}-canary`, maxAge: 86400 },
        metrics: gates.map((g) => ({
          name: g.id,
          templateRef: { name: k8sName(plan.flagKey, `-${g.id}`) },
          thresholdRange: g.comparator === '<=' ? { max: g.threshold } : { min: g.threshold },
          interval,
        })),
      },
    },
  };
  return { canary, templates };
}

export function exportFlagger(plan: RolloutPlan): ExportFile[] {
  const { canary, templates } = flaggerDocuments(plan);
  const header = yamlHeader([
    `${provenance(plan)}.`,
    'Flagger: the Canary targets the Deployment named in targetRef (rename it, and the service port, to yours); the new revision must run the candidate model.',
    'Every check interval (the longest stage\'s minimum duration) all gates are queried; one failed check rolls back to 0%.',
    'Flagger cannot pause on a metric: the plan\'s pause gates (latency, cost, sample size) roll back here too.',
    'Session affinity keeps a client that reached the candidate on it (where the mesh or ingress supports cookies).',
  ]);
  return [{ name: `${plan.flagKey}.flagger.yaml`, content: header + [canary, ...templates].map((d) => stringify(d, { lineWidth: 0 })).join('---\n') }];
}
