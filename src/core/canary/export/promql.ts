// The gates as the checks of a progressive-delivery controller: which gates have a query, and each
// gate's pass condition in the controller's terms.
import type { Gate, RolloutPlan } from '../types';
import { WINDOW } from '../appMetrics';

export const PROMETHEUS_ADDRESS = 'http://prometheus.monitoring.svc.cluster.local:9090';

/** Gates that production metrics can measure. */
export function measurableGates(plan: RolloutPlan): Gate[] {
  return plan.gates.filter((g) => g.query !== null);
}

export function withWindow(query: string, window: string): string {
  return query.split(WINDOW).join(window);
}

/** A Kubernetes object name (RFC 1123 label, at most 63 characters). */
export function k8sName(s: string, suffix = ''): string {
  const base = s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${base.slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
}

export const seconds = (s: number) => `${s}s`;
