// The Portkey export through the open-source gateway (@portkey-ai/gateway, started on 127.0.0.1 from
// node_modules) in front of the local stand-in endpoint: the gateway accepts the config and splits
// requests by its weights. Only connection details are changed for the test: each target gets the
// stand-in's URL as custom_host and a test key for the api_key placeholder. Portkey picks per
// request with Math.random, so the share is checked over 1,000 requests within ±6 points (> 4 sd).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { exportPlan } from '../../../src/core/canary/export/index';
import { startLocalEndpoint, type LocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { REPO_ROOT } from '../support/paths';
import { fixturePlan } from './support';

const GATEWAY = join(REPO_ROOT, 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

async function startGateway(): Promise<{ url: string; child: ChildProcess; log: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [GATEWAY, `--port=${port}`, '--headless'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => { log += d; });
  child.stderr!.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the gateway exited: ${log}`);
    try { if ((await fetch(url)).ok) return { url, child, log: () => log }; } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`the gateway did not start within 120 s: ${log}`);
}

type Config = { targets: Record<string, unknown>[] } & Record<string, unknown>;

async function models(gateway: string, config: Config, n: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const post = () => fetch(`${gateway}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-portkey-config': JSON.stringify(config) },
    body: JSON.stringify({ model: 'chosen-by-the-config', messages: [{ role: 'user', content: 'a request' }] }),
  });
  const send = async () => {
    // On a loaded machine a kept-alive socket the gateway is closing can fail a request before any
    // answer ("fetch failed"): that says nothing about routing, so the request is sent again. An HTTP
    // answer is never retried: a refusal fails the test.
    let res: Response | undefined;
    for (let attempt = 1; !res; attempt++) {
      try { res = await post(); } catch (e) { if (attempt >= 3) throw e; }
    }
    const body = await res.json() as { model?: string; message?: string };
    assert.equal(res.status, 200, JSON.stringify(body));
    counts.set(body.model!, (counts.get(body.model!) ?? 0) + 1);
  };
  for (let i = 0; i < n; i += 25) await Promise.all(Array.from({ length: Math.min(25, n - i) }, () => send()));
  return counts;
}

test('Portkey: the open-source gateway loads the loadbalance config and routes by its weights', { timeout: 480_000 }, async () => {
  const plan = await fixturePlan('go');
  const route = plan.routes[0];
  let endpoint: LocalEndpoint | null = null;
  let gateway: Awaited<ReturnType<typeof startGateway>> | null = null;
  try {
    endpoint = await startLocalEndpoint({ defaultLatencyMs: 1, models: [route.candidate, route.baseline] });
    gateway = await startGateway();
    const configOf = (stage: number): Config => {
      const r = exportPlan(plan, 'portkey', { stage });
      assert.ok(r.ok);
      const config = JSON.parse(r.value[0].content) as Config;
      for (const t of config.targets) Object.assign(t, { custom_host: endpoint!.url, api_key: 'test-key' });
      return config;
    };
    const at25 = await models(gateway.url, configOf(25), 1000);
    const share = (at25.get(route.candidate) ?? 0) / 1000;
    console.log(`Portkey gateway, stage 25%: ${(share * 100).toFixed(1)}% of 1,000 requests to ${route.candidate}; models seen: ${JSON.stringify(Object.fromEntries(at25))}`);
    assert.ok(Math.abs(share - 0.25) <= 0.06, `stage 25% sent ${(share * 100).toFixed(1)}% to the candidate`);
    assert.deepEqual([...at25.keys()].sort(), [route.baseline, route.candidate].sort(), 'override_params.model pins each target\'s model');
    assert.deepEqual([...(await models(gateway.url, configOf(100), 100)).keys()], [route.candidate], 'at 100% only the candidate');
    assert.deepEqual([...(await models(gateway.url, configOf(0), 100)).keys()], [route.baseline], 'the rollback: only the baseline');
    // The gateway does check configs: one without a provider key is refused, so acceptance above means something.
    const bad = configOf(25);
    for (const t of bad.targets) delete t.api_key;
    const res = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-portkey-config': JSON.stringify(bad) }, body: JSON.stringify({ model: 'x', messages: [{ role: 'user', content: 'x' }] }) });
    assert.equal(res.status, 400);
  } catch (e) {
    // What the gateway said helps more than the assertion alone.
    if (gateway) console.log(`gateway output:\n${gateway.log().slice(-4000)}`);
    throw e;
  } finally {
    gateway?.child.kill();
    await endpoint?.close();
  }
});
