// The exports through the tools that load them: flagd files evaluated by @openfeature/flagd-core and
// LaunchDarkly files by @launchdarkly/node-server-sdk's file data source over 10,000 keys (each
// stage's share within ±1.5 points, and monotone: a key on the candidate stays on it), the Portkey
// config through the open-source gateway (@portkey-ai/gateway) against the local stand-in endpoint,
// and the Argo Rollouts, Flagger and flagd documents against their official schemas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import { FlagdCore } from '@openfeature/flagd-core';
import { init as ldInit, integrations, type LDClient } from '@launchdarkly/node-server-sdk';
import { exportPlan, type ExportFormat } from '../../../src/core/canary/export/index';
import type { RolloutPlan } from '../../../src/core/canary/types';
import { crdValidator, fixturePlan, SCHEMAS } from './support';
import { shareTracker, type StageShares } from './shares';

const KEYS = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
const TOLERANCE = 0.015;

function files(plan: RolloutPlan, format: ExportFormat, stage?: number) {
  const r = exportPlan(plan, format, stage === undefined ? {} : { stage });
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.value;
}

function assertShares(label: string, results: StageShares[]): void {
  for (const s of results) {
    assert.ok(Math.abs(s.share - s.weight / 100) <= TOLERANCE, `${label}: stage ${s.weight}% gave ${(s.share * 100).toFixed(2)}% of 10,000 keys`);
    assert.equal(s.movedBack, 0, `${label}: no key leaves the candidate between stages (at ${s.weight}%)`);
  }
  // Printed for the report: the measured shares.
  console.log(`${label}: ${results.map((s) => `${s.weight}% → ${(s.share * 100).toFixed(2)}%`).join(', ')}; keys that left the candidate: ${results.reduce((n, s) => n + s.movedBack, 0)}`);
}

test('flagd: flagd-core evaluates each stage file to its share of 10,000 keys, monotone across stages', async () => {
  for (const run of ['go', 'multi']) {
    const plan = await fixturePlan(run);
    for (const route of plan.routes) {
      const track = shareTracker(route.candidate);
      for (const stage of [...plan.stages.map((s) => s.weight)]) {
        const [file] = files(plan, 'flagd', stage);
        const core = new FlagdCore();
        core.setConfigurations(file.content);
        track.stage(stage, KEYS.map((k) => core.resolveStringEvaluation(route.flagKey, 'missing', { targetingKey: k }).value));
      }
      assertShares(`flagd ${run} ${route.flagKey}`, track.results());
      const [rollback] = files(plan, 'flagd', 0);
      const core = new FlagdCore();
      core.setConfigurations(rollback.content);
      assert.ok(KEYS.every((k) => core.resolveStringEvaluation(route.flagKey, 'missing', { targetingKey: k }).value === route.baseline), 'the rollback file sends every key to the baseline');
      // No targeting key: fractional cannot bucket, flagd serves the default variant, the baseline.
      assert.equal(core.resolveStringEvaluation(route.flagKey, 'missing', {}).value, route.baseline);
    }
  }
});

test('the monotonicity check has teeth: moving the candidate to the other end between stages moves keys off it', () => {
  const track = shareTracker('c');
  for (const [w, split] of [[10, [['c', 10], ['b', 90]]], [50, [['b', 50], ['c', 50]]]] as const) {
    const core = new FlagdCore();
    core.setConfigurations(JSON.stringify({ flags: { f: { state: 'ENABLED', variants: { c: 'c', b: 'b' }, defaultVariant: 'b', targeting: { fractional: split } } } }));
    track.stage(w, KEYS.map((k) => core.resolveStringEvaluation('f', 'missing', { targetingKey: k }).value));
  }
  assert.ok(track.results()[1].movedBack > 0);
});

test('flagd: every stage file is valid against the official flags.json schema', async () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, 'flagd', 'targeting.json'), 'utf8')));
  const validate = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, 'flagd', 'flags.json'), 'utf8')));
  for (const f of files(await fixturePlan('multi'), 'flagd')) assert.ok(validate(JSON.parse(f.content)), `${f.name}: ${JSON.stringify(validate.errors)}`);
});

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

async function ldClient(path: string): Promise<LDClient> {
  // The file data source, not offline: true (which would turn every data source off).
  const client = ldInit('sdk-key-not-used', {
    updateProcessor: new integrations.FileDataSourceFactory({ paths: [path] }).getFactory(),
    sendEvents: false, diagnosticOptOut: true, logger: quiet,
  });
  await client.waitForInitialization({ timeout: 10 });
  return client;
}

test('LaunchDarkly: the server SDK loads each stage through its file data source: shares within ±1.5 points, monotone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'promptshift-ld-'));
  try {
    for (const run of ['go', 'multi']) {
      const plan = await fixturePlan(run);
      const tracks = new Map(plan.routes.map((r) => [r.flagKey, shareTracker(r.candidate)]));
      for (const stage of plan.stages.map((s) => s.weight)) {
        const exported = files(plan, 'launchdarkly', stage);
        const flagsFile = exported.find((f) => f.name.endsWith('.launchdarkly.json'))!;
        const path = join(dir, flagsFile.name);
        writeFileSync(path, flagsFile.content);
        const client = await ldClient(path);
        try {
          for (const r of plan.routes) {
            const values: string[] = [];
            for (const key of KEYS) values.push(await client.variation(r.flagKey, { kind: 'user', key }, 'missing') as string);
            tracks.get(r.flagKey)!.stage(stage, values);
          }
        } finally {
          client.close();
        }
        // The semantic patch sets the same split on an existing flag, in thousandths of a percent.
        for (const r of plan.routes) {
          const patch = JSON.parse(exported.find((f) => f.name === `${r.flagKey}.stage-${stage}.semantic-patch.json`)!.content);
          const [instruction] = patch.instructions;
          assert.equal(instruction.kind, 'updateFallthroughVariationOrRollout');
          assert.deepEqual(instruction.rolloutWeights, { [`<variation id of ${r.candidate}>`]: stage * 1000, [`<variation id of ${r.baseline}>`]: 100_000 - stage * 1000 });
        }
      }
      for (const [key, t] of tracks) assertShares(`LaunchDarkly ${run} ${key}`, t.results());
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('LiteLLM (no consumer on npm: a structural check of what its simple-shuffle router reads)', async () => {
  // LiteLLM weighs a group's deployments only when the first has litellm_params.weight; the group is
  // the model_name the app sends. Each route is one group, candidate first, weights summing to 100.
  const plan = await fixturePlan('multi');
  for (const stage of [...plan.stages.map((s) => s.weight), 0]) {
    const [file] = files(plan, 'litellm', stage);
    assert.match(file.content, /NOT STICKY/);
    const [doc] = parseAllDocuments(file.content).map((d) => d.toJS() as { model_list: { model_name: string; litellm_params: { model: string; weight?: number } }[] });
    for (const r of plan.routes) {
      const group = doc.model_list.filter((m) => m.model_name === r.flagKey);
      assert.deepEqual(group.map((m) => m.litellm_params.model), [`openai/${r.candidate}`, `openai/${r.baseline}`]);
      assert.deepEqual(group.map((m) => m.litellm_params.weight), [stage, 100 - stage]);
    }
  }
});

test('Argo Rollouts: the Rollout and AnalysisTemplate validate against the official CRD schemas', async () => {
  const rollout = crdValidator('argo-rollouts/rollout-crd.yaml', 'Rollout', 'v1alpha1');
  const template = crdValidator('argo-rollouts/analysis-template-crd.yaml', 'AnalysisTemplate', 'v1alpha1');
  for (const run of ['go', 'multi']) {
    const [file] = files(await fixturePlan(run), 'argo');
    const docs = parseAllDocuments(file.content).map((d) => d.toJS() as { kind: string });
    assert.deepEqual(docs.map((d) => d.kind), ['Rollout', 'AnalysisTemplate']);
    assert.ok(rollout(docs[0]), JSON.stringify(rollout.errors));
    assert.ok(template(docs[1]), JSON.stringify(template.errors));
  }
  // The validator is strict: an unknown field fails, as with kubectl --validate=strict.
  assert.ok(!rollout({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', spec: { strategy: { canary: { steps: [{ setWieght: 10 }] } } } }));
});

test('Flagger: the Canary and MetricTemplates validate against the official CRD schema', async () => {
  const canary = crdValidator('flagger/crd.yaml', 'Canary', 'v1beta1');
  const metric = crdValidator('flagger/crd.yaml', 'MetricTemplate', 'v1beta1');
  const [file] = files(await fixturePlan('go'), 'flagger');
  const docs = parseAllDocuments(file.content).map((d) => d.toJS() as { kind: string });
  assert.equal(docs[0].kind, 'Canary');
  assert.ok(canary(docs[0]), JSON.stringify(canary.errors));
  assert.ok(docs.length > 1);
  for (const d of docs.slice(1)) assert.ok(d.kind === 'MetricTemplate' && metric(d), JSON.stringify(metric.errors));
  assert.ok(!canary({ apiVersion: 'flagger.app/v1beta1', kind: 'Canary', spec: { analysis: { stepWeight: 'ten' } } }));
});
