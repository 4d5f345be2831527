// Proxies, private CAs and client certificates (issue 25, items 5 and 6), over real connections:
// a CONNECT proxy of the tests' own that keeps every byte, https origins with certificates from a
// test CA made by openssl, and mutual TLS.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendRequest } from '../../../main/core/http/send-request.js';
import { postToTokenEndpoint, type TokenEndpointCall } from '../../../main/core/http/token-endpoint.js';
import { certificateThumbprint, proxyFor, transportFromEnv, transportKey, type Transport } from '../../../main/core/http/transport.js';
import { callVault } from '../../../main/core/sources/vault-http.js';
import { sendJson, startLoopback } from '../../servers/loopback.js';
import { startConnectProxy, type ConnectProxy } from '../../servers/connect-proxy.js';
import { createTestCa, type TestCa } from '../../servers/test-ca.js';
import { startTlsOrigin, type TlsOrigin } from '../../servers/tls-origin.js';

const TOKEN = 'Bearer tok-7d1f0c2b9a8e4d6f';
const SECRET = 's3cr3t-4b1e9f0a2c7d';

let ca: TestCa;
beforeAll(() => {
  ca = createTestCa();
});
afterAll(() => ca.remove());

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});
async function origin(names: string[], options: Parameters<typeof startTlsOrigin>[1] = {}): Promise<TlsOrigin> {
  const started = await startTlsOrigin(ca.server(names), options);
  closers.push(started.close);
  return started;
}
async function proxy(options: Parameters<typeof startConnectProxy>[0] = {}): Promise<ConnectProxy> {
  const started = await startConnectProxy(options);
  closers.push(started.close);
  return started;
}

const get = (url: string, transport: Transport) => sendRequest({ method: 'GET', url, headers: [], authorization: TOKEN, transport });
const tokenCall = (url: string, transport: Transport): TokenEndpointCall => ({
  url,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: `grant_type=client_credentials&client_id=app&client_secret=${SECRET}`,
  timeoutMs: 10_000,
  secrets: { values: [SECRET] },
  client: { org: 'acme', client: 'app' },
  transport,
});

describe('through a CONNECT proxy', () => {
  it('an https API call: the proxy sees only CONNECT host:port, never the Authorization value', async () => {
    const api = await origin(['api.tokendeck.test']);
    const relay = await proxy();
    const response = await get(`https://api.tokendeck.test:${api.port}/me`, { proxy: relay.url, ca: ca.pem });
    expect(response.status).toBe(200);
    expect(api.seen).toMatchObject([{ path: '/me', authorization: TOKEN }]);
    expect(relay.connects).toEqual([{ target: `api.tokendeck.test:${api.port}` }]);
    expect(relay.raw().toString('latin1')).toContain(`CONNECT api.tokendeck.test:${api.port} HTTP/1.1`);
    expect(relay.raw().includes('tok-7d1f0c2b9a8e4d6f')).toBe(false);
    expect(relay.raw().includes('/me')).toBe(false);
  });

  it('a token POST: the client secret travels inside TLS; Proxy-Authorization goes to the proxy alone', async () => {
    const auth = await origin(['auth.tokendeck.test'], { answer: () => ({ access_token: 'a', token_type: 'Bearer' }) });
    const proxyAuthorization = `Basic ${Buffer.from('alice:p@ss word').toString('base64')}`;
    const relay = await proxy({ requireAuthorization: proxyAuthorization });
    const answer = await postToTokenEndpoint(tokenCall(`https://auth.tokendeck.test:${auth.port}/token`, { proxy: `http://alice:p%40ss%20word@127.0.0.1:${new URL(relay.url).port}`, ca: ca.pem }));
    expect(answer).toEqual({ access_token: 'a', token_type: 'Bearer' });
    expect(auth.seen[0]?.body).toContain(SECRET);
    expect(relay.connects).toEqual([{ target: `auth.tokendeck.test:${auth.port}`, proxyAuthorization }]);
    expect(relay.raw().includes(SECRET)).toBe(false);
    expect(relay.raw().includes('grant_type')).toBe(false);
  });

  it('the proxy credentials never reach the origin', async () => {
    const api = await origin(['api.tokendeck.test']);
    const relay = await proxy({ requireAuthorization: `Basic ${Buffer.from('u:p').toString('base64')}` });
    await get(`https://api.tokendeck.test:${api.port}/`, { proxy: `http://u:p@127.0.0.1:${new URL(relay.url).port}`, ca: ca.pem });
    expect(api.seen).toHaveLength(1);
    expect(JSON.stringify(api.seen)).not.toContain(Buffer.from('u:p').toString('base64'));
  });

  it('a Vault call with its token goes through the tunnel too', async () => {
    const vault = await origin(['vault.tokendeck.test'], { answer: () => ({ data: { data: { k: 'v' } } }) });
    const relay = await proxy();
    const answer = await callVault({ base: new URL(`https://vault.tokendeck.test:${vault.port}`), method: 'GET', segments: ['secret', 'data', 'x'], token: 'hvs.vaulttoken123', timeoutMs: 10_000, what: 'reading a secret', secrets: ['hvs.vaulttoken123'], transport: { proxy: relay.url, ca: ca.pem } });
    expect(answer.status).toBe(200);
    expect(relay.connects).toEqual([{ target: `vault.tokendeck.test:${vault.port}` }]);
    expect(relay.raw().includes('hvs.vaulttoken123')).toBe(false);
  });

  it('a proxy that wants credentials and gets none: NETWORK naming the 407, nothing sent to the origin', async () => {
    const api = await origin(['api.tokendeck.test']);
    const relay = await proxy({ requireAuthorization: 'Basic eDp5' });
    await expect(get(`https://api.tokendeck.test:${api.port}/`, { proxy: relay.url, ca: ca.pem })).rejects.toMatchObject({
      code: 'NETWORK',
      message: expect.stringContaining('HTTP 407 Proxy Authentication Required'),
    });
    expect(api.seen).toEqual([]);
  });

  it('an unreachable proxy is named as the proxy, without its password', async () => {
    const relay = await proxy();
    const { port } = new URL(relay.url);
    await relay.close();
    closers.length = 0;
    const failure = get('https://api.tokendeck.test/', { proxy: `http://u:hunter2@127.0.0.1:${port}` });
    await expect(failure).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringContaining(`proxy http://127.0.0.1:${port} (ECONNREFUSED)`) });
    await expect(failure).rejects.not.toMatchObject({ message: expect.stringContaining('hunter2') });
  });

  it('refuses to send a credential in clear (http://) through the proxy, and the proxy hears nothing', async () => {
    const relay = await proxy();
    await expect(get('http://api.tokendeck.test/me', { proxy: relay.url })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('in clear') });
    await expect(postToTokenEndpoint(tokenCall('http://auth.tokendeck.test/token', { proxy: relay.url }))).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(relay.raw().length).toBe(0);
  });

  it('a request without a credential to an http:// origin goes through the tunnel', async () => {
    const plain = await startLoopback((_request, response) => sendJson(response, 200, { plain: true }));
    closers.push(plain.close);
    const relay = await proxy();
    const { port } = new URL(plain.origin);
    const response = await sendRequest({ method: 'GET', url: `http://plain.tokendeck.test:${port}/open`, headers: [], transport: { proxy: relay.url } });
    expect(response.status).toBe(200);
    expect(relay.connects).toEqual([{ target: `plain.tokendeck.test:${port}` }]);
  });

  it('NO_PROXY: a listed domain goes direct (here: not resolvable without the proxy), the proxy sees nothing', async () => {
    const relay = await proxy();
    const transport = transportFromEnv({ HTTPS_PROXY: relay.url, NO_PROXY: 'example.org, .tokendeck.test' });
    await expect(get('https://api.tokendeck.test:1443/', transport)).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/ENOTFOUND|EAI_AGAIN/) });
    expect(relay.raw().length).toBe(0);
  });

  it('loopback is never proxied', async () => {
    const api = await origin(['127.0.0.1']);
    const relay = await proxy();
    expect((await get(`https://127.0.0.1:${api.port}/`, { proxy: relay.url, ca: ca.pem })).status).toBe(200);
    expect(relay.raw().length).toBe(0);
  });
});

describe('proxy settings', () => {
  it('reads the environment as curl does: lowercase first, HTTP_PROXY as a fallback, NO_PROXY split', () => {
    expect(transportFromEnv({ https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2' })).toEqual({ proxy: 'http://a:1' });
    expect(transportFromEnv({ HTTP_PROXY: 'http://c:3', NO_PROXY: 'a.com, .b.com,c:8443' })).toEqual({ proxy: 'http://c:3', noProxy: ['a.com', '.b.com', 'c:8443'] });
    expect(transportFromEnv({ HTTPS_PROXY: '  ' })).toEqual({});
  });

  it.each([
    ['api.example.com', 'https://api.example.com/', false],
    ['example.com', 'https://deep.api.example.com/', false],
    ['.example.com', 'https://example.com/', false],
    ['*.example.com', 'https://a.example.com/', false],
    ['example.com', 'https://notexample.com/', true],
    ['*', 'https://anything.net/', false],
    ['10.1.2.3', 'https://10.1.2.3/', false],
    ['example.com:8443', 'https://example.com:8443/', false],
    ['example.com:8443', 'https://example.com/', true],
    ['[2001:db8::1]:443', 'https://[2001:db8::1]/', false],
    ['2001:db8::1', 'https://[2001:db8::2]/', true],
  ])('NO_PROXY %s for %s → proxied: %s', (entry, url, proxied) => {
    expect(proxyFor({ proxy: 'http://proxy:3128', noProxy: [entry] }, new URL(url)) !== undefined).toBe(proxied);
  });

  it('a bare host:port proxy is http://; an https:// proxy is refused with what to write', () => {
    expect(proxyFor({ proxy: 'proxy.corp:3128' }, new URL('https://a.com/'))).toMatchObject({ host: 'proxy.corp', port: 3128 });
    expect(() => proxyFor({ proxy: 'https://proxy.corp' }, new URL('https://a.com/'))).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});

describe('a private CA', () => {
  it('a server certificate from the CA is refused without `ca` and accepted with it, the system roots kept', async () => {
    const api = await origin(['127.0.0.1']);
    const url = `https://127.0.0.1:${api.port}/`;
    await expect(get(url, {})).rejects.toMatchObject({ code: 'TLS_UNTRUSTED', message: expect.stringContaining('add its CA bundle to the organization') });
    expect((await get(url, { ca: ca.pem })).status).toBe(200);
    await expect(postToTokenEndpoint(tokenCall(`${url}token`, {}))).rejects.toMatchObject({ code: 'TLS_UNTRUSTED', message: expect.stringContaining('TLS') });
    expect(await postToTokenEndpoint(tokenCall(`${url}token`, { ca: ca.pem }))).toEqual({ ok: true });
  });
});

describe('mutual TLS (RFC 8705)', () => {
  it('without a client certificate the handshake fails: NETWORK naming the TLS problem and what to set', async () => {
    const api = await origin(['127.0.0.1'], { clientCa: ca.pem });
    const failure = get(`https://127.0.0.1:${api.port}/`, { ca: ca.pem });
    await expect(failure).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/\(ERR_SSL_\w+_ALERT_CERTIFICATE_REQUIRED\).*client certificate/) });
    const token = postToTokenEndpoint(tokenCall(`https://127.0.0.1:${api.port}/token`, { ca: ca.pem }));
    await expect(token).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringContaining('client certificate') });
    expect(api.seen).toEqual([]);
  });

  it('with one, the request goes and the server sees its subject (API and token endpoint)', async () => {
    const api = await origin(['127.0.0.1'], { clientCa: ca.pem });
    const clientCertificate = ca.client('alice');
    expect((await get(`https://127.0.0.1:${api.port}/me`, { ca: ca.pem, clientCertificate })).status).toBe(200);
    await postToTokenEndpoint(tokenCall(`https://127.0.0.1:${api.port}/token`, { ca: ca.pem, clientCertificate }));
    expect(api.seen.map((seen) => [seen.path, seen.clientCn])).toEqual([['/me', 'alice'], ['/token', 'alice']]);
  });

  it('through a proxy too', async () => {
    const api = await origin(['api.tokendeck.test'], { clientCa: ca.pem });
    const relay = await proxy();
    await get(`https://api.tokendeck.test:${api.port}/`, { proxy: relay.url, ca: ca.pem, clientCertificate: ca.client('carol') });
    expect(api.seen).toMatchObject([{ clientCn: 'carol', authorization: TOKEN }]);
  });

  it('two clients with different certificates never share a connection', async () => {
    const api = await origin(['127.0.0.1'], { clientCa: ca.pem });
    const url = `https://127.0.0.1:${api.port}/`;
    const alice: Transport = { ca: ca.pem, clientCertificate: ca.client('alice') };
    const bob: Transport = { ca: ca.pem, clientCertificate: ca.client('bob') };
    for (const [transport, who] of [[alice, 'alice'], [bob, 'bob'], [alice, 'alice'], [bob, 'bob']] as const) {
      await sendRequest({ method: 'GET', url: `${url}?who=${who}`, headers: [], authorization: TOKEN, transport });
    }
    expect(api.seen.map((seen) => seen.clientCn)).toEqual(['alice', 'bob', 'alice', 'bob']);
    const connectionsOf = (who: string) => new Set(api.seen.filter((seen) => seen.path.endsWith(who)).map((seen) => seen.connection));
    // Each kept its own keep-alive connection, and no connection carried both.
    expect(connectionsOf('alice').size).toBe(1);
    expect(connectionsOf('bob').size).toBe(1);
    expect([...connectionsOf('alice')].some((id) => connectionsOf('bob').has(id))).toBe(false);
  });

  it('pools are keyed by the certificate thumbprint (x5t#S256)', () => {
    const alice = ca.client('alice');
    const thumbprint = certificateThumbprint(alice.certPem);
    expect(thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(transportKey({ clientCertificate: alice })).toContain(thumbprint);
    expect(transportKey({ clientCertificate: alice })).not.toBe(transportKey({ clientCertificate: ca.client('alice') }));
    expect(transportKey({})).toBe('');
  });
});
