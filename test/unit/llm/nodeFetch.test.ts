// The SDK's transport (src/llm/nodeFetch.ts) must behave like fetch where real endpoints and
// gateways differ from the local stand-in: compressed bodies, redirects, aborts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { nodeFetch } from '../../../src/llm/nodeFetch';

async function withServer(handler: Parameters<typeof createServer>[1], body: (url: string) => Promise<void>): Promise<void> {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

test('a gzip-compressed JSON body is decoded, as fetch would', async () => {
  await withServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    res.end(gzipSync(JSON.stringify({ ok: true, text: 'héllo' })));
  }, async (url) => {
    const r = await nodeFetch(`${url}/v1/chat/completions`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { ok: true, text: 'héllo' });
    assert.equal(r.headers.get('content-encoding'), null);
  });
});

test('a redirect is followed with the same method and body', async () => {
  await withServer((req, res) => {
    if (req.url === '/old') { res.writeHead(307, { location: '/new' }); res.end(); return; }
    let b = '';
    req.on('data', (c) => { b += c; });
    req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ method: req.method, body: b })); });
  }, async (url) => {
    const r = await nodeFetch(`${url}/old`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    assert.deepEqual(await r.json(), { method: 'POST', body: '{"a":1}' });
  });
});

test('an abort rejects with an AbortError', async () => {
  await withServer((_req, res) => { setTimeout(() => res.end('{}'), 2_000).unref(); }, async (url) => {
    const ctl = new AbortController();
    const p = nodeFetch(`${url}/slow`, { method: 'POST', body: '{}', signal: ctl.signal });
    setTimeout(() => ctl.abort(), 50);
    await assert.rejects(p, (e: Error) => e.name === 'AbortError');
  });
});
