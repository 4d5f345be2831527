// Hostile proxies between Tokendeck and an origin: one that answers the CONNECT and then plays the
// origin itself (a man in the middle) with a certificate not from a trusted CA, or from the trusted
// CA but for another name; one that answers the CONNECT with a redirect; one that writes into the
// tunnel before the origin speaks; one that never answers. Each is refused with a typed error, and
// the proxy never reads the Authorization value or the client secret.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendRequest } from '../../main/core/http/send-request.js';
import { postToTokenEndpoint } from '../../main/core/http/token-endpoint.js';
import type { Transport } from '../../main/core/http/transport.js';
import { startConnectProxy } from '../servers/connect-proxy.js';
import { createTestCa, type TestCa } from '../servers/test-ca.js';
import { recordCount } from '../support/fault-counts.js';

const TOKEN = 'Bearer tok-mitm-5c2e7a91';
const SECRET = 'secret-mitm-0f3b6d28';

let trusted: TestCa;
let rogue: TestCa;
beforeAll(() => {
  trusted = createTestCa('Trusted Test CA');
  rogue = createTestCa('Rogue CA');
});
afterAll(() => {
  trusted.remove();
  rogue.remove();
});

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const apiCall = (transport: Transport) => sendRequest({ method: 'GET', url: 'https://api.tokendeck.test/me', headers: [], authorization: TOKEN, transport });
const tokenPost = (transport: Transport, timeoutMs = 10_000) =>
  postToTokenEndpoint({
    url: 'https://auth.tokendeck.test/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=app&client_secret=${SECRET}`,
    timeoutMs,
    secrets: { values: [SECRET] },
    client: { org: 'acme', client: 'app' },
    transport,
  });

/** A scripted proxy: `answer` is what it writes once the CONNECT's head is in; null writes nothing. */
async function scriptedProxy(answer: string | null): Promise<{ url: string; raw: () => string }> {
  const received: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (answer !== null && Buffer.concat(received).includes('\r\n\r\n')) socket.write(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, raw: () => Buffer.concat(received).toString('latin1') };
}

describe('a proxy in the middle', () => {
  it.each([
    ['a certificate from a CA Tokendeck does not trust', () => rogue.server(['api.tokendeck.test', 'auth.tokendeck.test']), /UNABLE_TO_VERIFY|SELF_SIGNED|UNABLE_TO_GET_ISSUER/],
    ['a certificate from the trusted CA, for another name', () => trusted.server(['evil.tokendeck.test']), /ERR_TLS_CERT_ALTNAME_INVALID/],
  ])('answers the CONNECT, then presents %s: refused, nothing decrypted', async (_what, certificate, code) => {
    recordCount('fault cases', 2);
    const mitm = await startConnectProxy({ mitm: certificate() });
    closers.push(mitm.close);
    const transport = { proxy: mitm.url, ca: trusted.pem };
    await expect(apiCall(transport)).rejects.toMatchObject({ code: 'TLS_UNTRUSTED', message: expect.stringMatching(code) });
    await expect(tokenPost(transport)).rejects.toMatchObject({ code: 'TLS_UNTRUSTED', message: expect.stringMatching(code) });
    expect(mitm.connects.map((c) => c.target)).toEqual(['api.tokendeck.test:443', 'auth.tokendeck.test:443']);
    expect(mitm.intercepted().length).toBe(0);
    expect(mitm.raw().includes('tok-mitm-5c2e7a91')).toBe(false);
    expect(mitm.raw().includes(SECRET)).toBe(false);
  });
});

describe('a proxy that does not tunnel', () => {
  it('answers the CONNECT with a redirect: not followed, NETWORK naming the status', async () => {
    recordCount('fault cases', 1);
    const proxy = await scriptedProxy('HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:9/steal\r\ncontent-length: 0\r\n\r\n');
    await expect(apiCall({ proxy: proxy.url })).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringContaining('refused to open a tunnel to api.tokendeck.test:443 (HTTP 302 Found)') });
    expect(proxy.raw()).not.toContain('tok-mitm');
  });

  it('writes into the tunnel before the origin speaks: refused before any TLS', async () => {
    recordCount('fault cases', 1);
    const proxy = await scriptedProxy('HTTP/1.1 200 Connection Established\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}');
    await expect(tokenPost({ proxy: proxy.url })).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringContaining('sent data into the tunnel') });
    expect(proxy.raw()).not.toContain(SECRET);
  });

  it('never answers the CONNECT: the token request times out (TIMEOUT), nothing sent', async () => {
    recordCount('fault cases', 1);
    const proxy = await scriptedProxy(null);
    await expect(tokenPost({ proxy: proxy.url }, 300)).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(proxy.raw()).toMatch(/^CONNECT auth\.tokendeck\.test:443 HTTP\/1\.1\r\n/);
    expect(proxy.raw()).not.toContain(SECRET);
  });
});
