// Argo Rollouts: a Rollout whose canary steps are the plan's stages (setWeight, a pause of the
// stage's minimum duration, then an analysis step), referencing the app's Deployment through
// workloadRef, and an AnalysisTemplate whose metrics are the gates as Prometheus queries. A
// rollback gate that fails aborts the rollout (traffic back to the stable version: 0%); a pause gate
// that does not hold leaves the measurement inconclusive, which pauses the rollout for a person.
import { stringify } from 'yaml';
import type { RolloutPlan } from '../types';
import { provenance, yamlHeader, type ExportFile } from './common';
import { k8sName, measurableGates, PROMETHEUS_ADDRESS, seconds, withWindow } from './promql';

const num = (x: number) => String(x);

function conditions(comparator: '<=' | '>=', threshold: number, onBreach: 'rollback' | 'pause') {
  const opposite = comparator === '<=' ? '>' : '<';
  // No data (an empty result or NaN) meets neither condition: inconclusive, so the rollout pauses.
  return {
    successCondition: `len(result) > 0 && result[0] ${comparator} ${num(threshold)}`,
    failureCondition: onBreach === 'rollback' ? `len(result) > 0 && result[0] ${opposite} ${num(threshold)}` : 'false',
  };
}

export function argoDocuments(plan: RolloutPlan): { rollout: Record<string, unknown>; template: Record<string, unknown> } {
  const name = k8sName(plan.flagKey);
  const templateName = k8sName(plan.flagKey, '-gates');
  const annotations = { 'promptshift.dev/run-id': plan.runId, 'promptshift.dev/verdict': plan.decision.verdict };
  const steps = plan.stages.flatMap((s) => [
    { setWeight: s.weight },
    { pause: { duration: seconds(s.minDurationSeconds) } },
    { analysis: { templates: [{ templateName }], args: [{ name: 'window', value: seconds(s.minDurationSeconds) }] } },
  ]);
  const rollout = {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout',
    metadata: { name, annotations },
    spec: {
      workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name, scaleDown: 'progressively' },
      strategy: { canary: { steps } },
    },
  };
  const template = {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisTemplate',
    metadata: { name: templateName, annotations },
    spec: {
      args: [{ name: 'window' }, { name: 'prometheus-address', value: PROMETHEUS_ADDRESS }],
      metrics: measurableGates(plan).map((g) => ({
        name: g.id,
        count: 1,
        ...conditions(g.comparator, g.threshold, g.onBreach),
        provider: { prometheus: { address: '{{args.prometheus-address}}', query: withWindow(g.query!, '{{args.window}}') } },
      })),
    },
  };
  return { rollout, template };
}

export function exportArgo(plan: RolloutPlan): ExportFile[] {
  const { rollout, template } = argoDocuments(plan);
  const header = yamlHeader([
    `${provenance(plan)}.`,
    'Argo Rollouts: the Rollout drives the Deployment named in workloadRef (rename it to yours); the new revision must run the candidate model.',
    'Each stage: setWeight, a pause of the stage\'s minimum duration (enough candidate requests at the expected rate), then the gates.',
    'Error rate and schema pass rate breaches abort the rollout (back to 0%); latency, cost and a short sample leave the analysis inconclusive, which pauses it.',
    'Not sticky: traffic is split per request between pods. The queries need the metrics listed in the Markdown plan.',
  ]);
  return [{ name: `${plan.flagKey}.argo-rollout.yaml`, content: `${header}${stringify(rollout, { lineWidth: 0 })}---\n${stringify(template, { lineWidth: 0 })}` }];
}
