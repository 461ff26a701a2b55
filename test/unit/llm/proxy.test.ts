// Proxies: which endpoints go through one (NO_PROXY as curl reads it), and requests that really go
// through a small CONNECT proxy started here on 127.0.0.1 — from the client, and from the CLI's
// environment — while NO_PROXY sends them straight to the endpoint.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { LlmRequest } from '../../../src/core/ports';
import { AbortFlag } from '../../../src/core/replay/abortFlag';
import { createOpenAiClient } from '../../../src/llm/openaiClient';
import { proxyConfigFromEditor, proxyConfigFromEnv, proxyFor } from '../../../src/llm/proxy';
import { startLocalEndpoint, type LocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { run as replay } from '../../../src/cli/commands/replay';
import { capture, makeWorkspace, scanId, writeCases } from '../replay/workspace';

const chat = (content: string): LlmRequest => ({ api: 'chat', model: 'gpt-4o', messages: [{ role: 'user', content }], params: {} });

/** A CONNECT proxy: tunnels to whatever it is asked, and remembers what and with which credentials. */
async function startConnectProxy(): Promise<{ url: string; tunnels: { target: string; auth: string | undefined }[]; close(): Promise<void> }> {
  const tunnels: { target: string; auth: string | undefined }[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => { res.writeHead(405); res.end('CONNECT only'); });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push({ target: req.url ?? '', auth: req.headers['proxy-authorization'] });
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => s.destroy()); }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, tunnels,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

describe('proxy settings', () => {
  const env = { HTTPS_PROXY: 'http://proxy.corp:3128', http_proxy: 'proxy.corp:8080', NO_PROXY: 'localhost,.internal.example, *.svc.local , 10.1.2.3:8443,[::1]' };
  it('reads the environment, lower case first, ALL_PROXY as the fallback', () => {
    assert.deepEqual(proxyConfigFromEnv(env), { httpProxy: 'proxy.corp:8080', httpsProxy: 'http://proxy.corp:3128', noProxy: env.NO_PROXY });
    assert.equal(proxyConfigFromEnv({ PATH: '/bin' }), null);
    assert.deepEqual(proxyConfigFromEnv({ ALL_PROXY: 'http://p:1' }), { httpProxy: 'http://p:1', httpsProxy: 'http://p:1', noProxy: '' });
  });

  it('NO_PROXY: hosts and their subdomains, .suffix and *.suffix domains, host:port, IPv6, and *', () => {
    const c = proxyConfigFromEnv(env);
    assert.equal(proxyFor('https://api.openai.com/v1', c), 'http://proxy.corp:3128');
    assert.equal(proxyFor('http://gateway.example/v1', c), 'http://proxy.corp:8080', 'a proxy without a scheme is http://');
    for (const direct of ['http://localhost:11434/v1', 'https://api.internal.example/v1', 'https://internal.example', 'https://a.b.svc.local/v1', 'https://10.1.2.3:8443/v1', 'http://[::1]:8080/v1']) {
      assert.equal(proxyFor(direct, c), null, direct);
    }
    for (const proxied of ['https://10.1.2.3/v1', 'https://notinternal.example/v1', 'https://mylocalhost/v1']) assert.notEqual(proxyFor(proxied, c), null, proxied);
    assert.equal(proxyFor('https://anything', { ...c!, noProxy: '*' }), null);
    assert.equal(proxyFor('https://anything', null), null);
  });

  it('the editor: http.proxy for both schemes with http.noProxy, else the environment', () => {
    assert.deepEqual(proxyConfigFromEditor(' http://p:3128 ', ['localhost', 'corp.example'], env), { httpProxy: 'http://p:3128', httpsProxy: 'http://p:3128', noProxy: 'localhost,corp.example' });
    assert.deepEqual(proxyConfigFromEditor('', [], env), proxyConfigFromEnv(env));
  });
});

describe('requests through a local CONNECT proxy', () => {
  let ep: LocalEndpoint;
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
  before(async () => {
    ep = await startLocalEndpoint({ latencyMs: 5 });
    proxy = await startConnectProxy();
  });
  after(async () => {
    await proxy.close();
    await ep.close();
  });
  const target = () => new URL(ep.url).host;

  it('goes through the proxy (with its credentials), and straight to the endpoint when NO_PROXY names it', async () => {
    const viaProxy = createOpenAiClient({ kind: 'compatible', baseURL: ep.url, apiKey: '', proxy: proxyConfigFromEnv({ HTTP_PROXY: proxy.url.replace('//', '//alice:s3cret@') }) });
    const r = await viaProxy.send(chat('through the proxy'));
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.ok(proxy.tunnels.some((t) => t.target === target()), `the proxy tunnelled to ${target()}: ${JSON.stringify(proxy.tunnels)}`);
    assert.equal(proxy.tunnels[0].auth, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);

    const seen = proxy.tunnels.length;
    const before = ep.stats().requests;
    const bypass = createOpenAiClient({ kind: 'compatible', baseURL: ep.url, apiKey: '', proxy: proxyConfigFromEnv({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }) });
    const d = await bypass.send(chat('straight to the endpoint'));
    assert.equal(d.ok, true, JSON.stringify(d));
    assert.equal(proxy.tunnels.length, seen, 'NO_PROXY bypassed the proxy');
    assert.equal(ep.stats().requests, before + 1);
  });

  it('a cancelled request through the proxy ends at once', async () => {
    const slow = await startLocalEndpoint({ latencyMs: 5000 });
    try {
      const client = createOpenAiClient({ kind: 'compatible', baseURL: slow.url, apiKey: '', proxy: proxyConfigFromEnv({ HTTP_PROXY: proxy.url }) });
      const flag = new AbortFlag();
      const t0 = performance.now();
      setTimeout(() => flag.abort(), 100);
      const r = await client.send(chat('cancel me'), { signal: flag });
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.error.type, 'aborted');
      assert.ok(performance.now() - t0 < 2500, `ended after ${Math.round(performance.now() - t0)} ms`);
    } finally {
      await slow.close();
    }
  });

  it('the CLI takes HTTP_PROXY and NO_PROXY from its environment', async () => {
    const { root } = makeWorkspace();
    const id = await scanId(root);
    writeCases(root, id, 3);
    const seen = proxy.tunnels.length;
    const a = capture(root, { HTTP_PROXY: proxy.url });
    assert.equal(await replay(['--callsite', id, '--candidate', 'gpt-4.1', '--base-url', ep.url, '--run-dir', 'viaProxy', '--no-cache', '--json'], a.io), 0, a.err());
    assert.equal(JSON.parse(a.out()).summary.ok, 6);
    assert.ok(proxy.tunnels.length > seen, 'the replay went through the proxy');

    const after = proxy.tunnels.length;
    const b = capture(root, { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    assert.equal(await replay(['--callsite', id, '--candidate', 'gpt-4.1', '--base-url', ep.url, '--run-dir', 'direct', '--no-cache', '--json'], b.io), 0, b.err());
    assert.equal(JSON.parse(b.out()).summary.ok, 6);
    assert.equal(proxy.tunnels.length, after, 'NO_PROXY: not through the proxy');
  });
});
