// The SDK's transport (src/llm/nodeFetch.ts) must behave like fetch where real endpoints and
// gateways differ from the local stand-in: compressed bodies, redirects, aborts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { CALLER_SIGNAL, nodeFetch } from '../../../src/llm/nodeFetch';
import { AbortFlag } from '../../../src/core/replay/abortFlag';

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

test('the Response reads like fetch: ok, joined and sorted headers, read-only, one-shot body, clone, stream', async () => {
  await withServer((_req, res) => {
    res.setHeader('X-B', ['1', '2']);
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('X-A', 'a');
    res.end('\ufeff{"v":1}');
  }, async (url) => {
    const r = await nodeFetch(`${url}/x`, { method: 'POST', body: '{}' });
    assert.equal(r.ok, true);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-b'), '1, 2');
    assert.equal(r.headers.get('X-A'), 'a');
    assert.equal(r.headers.get('missing'), null);
    const names = [...r.headers.entries()].map(([k]) => k);
    assert.deepEqual(names, [...names].sort());
    assert.throws(() => r.headers.set('x-a', 'b'), TypeError);
    const copy = r.clone();
    assert.deepEqual(await r.json(), { v: 1 }, 'a byte order mark is not part of the text');
    assert.equal(r.bodyUsed, true);
    await assert.rejects(r.text(), TypeError);
    const chunks: Uint8Array[] = [];
    for await (const c of copy.body as unknown as AsyncIterable<Uint8Array>) chunks.push(c);
    assert.equal(Buffer.concat(chunks).toString('utf8'), '\ufeff{"v":1}');
  });
});

test('a body cut after the headers resolves to a Response whose body read fails', async () => {
  await withServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"partial":');
    setTimeout(() => res.destroy(), 10);
  }, async (url) => {
    const r = await nodeFetch(`${url}/cut`, { method: 'POST', body: '{}' });
    assert.equal(r.status, 200);
    await assert.rejects(r.json(), (e: Error & { code?: string }) => e.code === 'UND_ERR_SOCKET');
  });
});

test('a 204 has a null body and an empty text', async () => {
  await withServer((_req, res) => { res.writeHead(204); res.end(); }, async (url) => {
    const r = await nodeFetch(`${url}/none`, { method: 'DELETE' });
    assert.equal(r.status, 204);
    assert.equal(r.body, null);
    assert.equal(await r.text(), '');
  });
});

test('a caller signal passed under CALLER_SIGNAL aborts the exchange too, and is let go of after', async () => {
  await withServer((_req, res) => { setTimeout(() => res.end('{}'), 2_000).unref(); }, async (url) => {
    const flag = new AbortFlag();
    const p = nodeFetch(`${url}/slow`, { method: 'POST', body: '{}', [CALLER_SIGNAL]: flag } as RequestInit);
    setTimeout(() => flag.abort(), 50);
    await assert.rejects(p, (e: Error) => e.name === 'AbortError');
  });
  await withServer((_req, res) => { res.end('{"ok":true}'); }, async (url) => {
    const seen: string[] = [];
    const caller = { aborted: false, addEventListener: () => seen.push('add'), removeEventListener: () => seen.push('remove') };
    const r = await nodeFetch(`${url}/fast`, { method: 'POST', body: '{}', [CALLER_SIGNAL]: caller } as RequestInit);
    assert.deepEqual(await r.json(), { ok: true });
    assert.deepEqual(seen, ['add', 'remove']);
  });
});

test('https URLs go over TLS through node:https, loaded by the first one', async () => {
  // A plain TCP server: what arrives first must be a TLS handshake record (0x16), for requests
  // made together before node:https is loaded and for one made after.
  const { createServer: createTcpServer } = await import('node:net');
  const firstBytes: number[] = [];
  const tcp = createTcpServer((socket) => socket.once('data', (d: Buffer) => { firstBytes.push(d[0]); socket.destroy(); }));
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  const url = `https://127.0.0.1:${(tcp.address() as AddressInfo).port}/v1/x`;
  try {
    const post = () => nodeFetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).then(() => 'resolved', (e: unknown) => e);
    const results = [...await Promise.all([post(), post()]), await post()];
    for (const r of results) assert.ok(r instanceof Error, `a TLS handshake cut short rejects: ${String(r)}`);
    assert.deepEqual(firstBytes, [0x16, 0x16, 0x16]);
  } finally {
    await new Promise((r) => tcp.close(r));
  }
});
