// An organization's own network settings (issue 25, item 6) over real connections: its proxy
// carries its token exchange and its console call (and never sees the secret, the token or the
// Authorization header), its NO_PROXY bypasses it, another organization goes its own way, and its
// CA bundle makes a private-CA token endpoint work where it otherwise fails as TLS_UNTRUSTED.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendAuthorized } from '../../../main/core/authorized-request.js';
import { transportFor } from '../../../main/core/http/transport-for.js';
import { proxyFor } from '../../../main/core/http/transport.js';
import { startConnectProxy, type ConnectProxy } from '../../servers/connect-proxy.js';
import { createTestCa, type TestCa } from '../../servers/test-ca.js';
import { startTlsOrigin, type TlsOrigin } from '../../servers/tls-origin.js';
import { createSandbox, type Sandbox } from '../../support/sandbox.js';

const SECRET = 'org-proxy-secret-9f3a1c7e';
const TOKEN = 'org-proxy-token-2b8d4e6a';

let ca: TestCa;
let sandbox: Sandbox;
let origin: TlsOrigin;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  ca = createTestCa('Corp Test CA');
  // One origin for the token endpoint and the API, under names only the test proxy resolves.
  origin = await startTlsOrigin(ca.server(['auth.tokendeck.test', 'api.tokendeck.test', '127.0.0.1']), {
    answer: (request) => (request.path === '/token' ? { access_token: TOKEN, token_type: 'Bearer', expires_in: 3600 } : { me: 'svc' }),
  });
  sandbox = createSandbox();
});
afterAll(async () => {
  await origin?.close();
  await sandbox?.cleanup();
  ca?.remove();
});
afterEach(async () => {
  while (closers.length) await closers.pop()!();
  origin.seen.length = 0;
});

async function proxy(): Promise<ConnectProxy> {
  const started = await startConnectProxy();
  closers.push(started.close);
  return started;
}

async function organization(name: string, network: { proxy?: string; noProxy?: string[]; caPem?: string } | undefined, host = 'tokendeck.test'): Promise<void> {
  const base = host === 'tokendeck.test' ? `https://auth.tokendeck.test:${origin.port}` : `https://${host}:${origin.port}`;
  await sandbox.vault.addOrganization({ name, provider: 'oauth2', tokenUrl: `${base}/token`, apiBaseUrl: host === 'tokendeck.test' ? `https://api.tokendeck.test:${origin.port}` : base, ...(network ? { network } : {}) });
  await sandbox.vault.addClient(name, { name: 'svc', environment: 'production', clientId: 'svc' }, SECRET);
}

describe("an organization's proxy", () => {
  it('carries its token exchange and its console call; the proxy sees only CONNECT host:port', async () => {
    const relay = await proxy();
    await organization('corp', { proxy: relay.url, caPem: ca.pem });
    const result = await sendAuthorized(sandbox.vault, sandbox.core.tokens, { org: 'corp', client: 'svc', method: 'GET', url: '/me' });
    expect(result.response.status).toBe(200);
    expect(relay.connects.map((c) => c.target)).toEqual([`auth.tokendeck.test:${origin.port}`, `api.tokendeck.test:${origin.port}`]);
    expect(origin.seen.map((s) => s.path)).toEqual(['/token', '/me']);
    expect(origin.seen[1]!.authorization).toBe(`Bearer ${TOKEN}`);
    const raw = relay.raw();
    for (const never of [SECRET, TOKEN, Buffer.from(`svc:${SECRET}`).toString('base64'), 'Authorization', 'authorization', 'grant_type', '/me']) expect(raw.includes(never)).toBe(false);
  });

  it("gives the proxy its password from the keychain, in the CONNECT only: never to the origin", async () => {
    const authorization = `Basic ${Buffer.from('alice:s3cret p@ss').toString('base64')}`;
    const relay = await startConnectProxy({ requireAuthorization: authorization });
    closers.push(relay.close);
    await organization('corp-auth', { proxy: `http://alice:${encodeURIComponent('s3cret p@ss')}@127.0.0.1:${new URL(relay.url).port}`, caPem: ca.pem });
    expect(sandbox.storeText()).not.toContain('s3cret');
    const result = await sendAuthorized(sandbox.vault, sandbox.core.tokens, { org: 'corp-auth', client: 'svc', method: 'GET', url: '/me' });
    expect(result.response.status).toBe(200);
    expect(relay.connects).toEqual([
      { target: `auth.tokendeck.test:${origin.port}`, proxyAuthorization: authorization },
      { target: `api.tokendeck.test:${origin.port}`, proxyAuthorization: authorization },
    ]);
    expect(JSON.stringify(origin.seen)).not.toContain(authorization.slice(6));
  });

  it('is bypassed for the hosts in its NO_PROXY: the request goes direct (and here finds no such host)', async () => {
    const relay = await proxy();
    await organization('corp-bypass', { proxy: relay.url, noProxy: ['.tokendeck.test'], caPem: ca.pem });
    await expect(sandbox.core.tokens.credential({ org: 'corp-bypass', client: 'svc' })).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/auth\.tokendeck\.test.*(ENOTFOUND|EAI_AGAIN)/) });
    expect(relay.connects).toEqual([]);
  });

  it("replaces the environment's proxy for its organization only; another organization keeps the environment's", async () => {
    const own = await proxy();
    const environments = await proxy();
    await organization('corp-own', { proxy: own.url, caPem: ca.pem });
    await organization('other', { caPem: ca.pem });
    const saved = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = environments.url;
    try {
      await sandbox.core.tokens.credential({ org: 'corp-own', client: 'svc' });
      await sandbox.core.tokens.credential({ org: 'other', client: 'svc' });
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved;
    }
    expect(own.connects.map((c) => c.target)).toEqual([`auth.tokendeck.test:${origin.port}`]);
    expect(environments.connects.map((c) => c.target)).toEqual([`auth.tokendeck.test:${origin.port}`]);
    expect(environments.raw().includes(SECRET)).toBe(false);
  });

  it('an organization without settings goes direct when the environment names no proxy', async () => {
    const relay = await proxy();
    await organization('plain', undefined);
    await expect(sandbox.core.tokens.credential({ org: 'plain', client: 'svc' })).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/ENOTFOUND|EAI_AGAIN/) });
    expect(relay.connects).toEqual([]);
  });
});

describe("an organization's CA bundle", () => {
  it('makes a private-CA token endpoint work; without it the exchange fails as TLS_UNTRUSTED, naming what to add', async () => {
    await organization('private-ca', { caPem: ca.pem }, '127.0.0.1');
    const issued = await sandbox.core.tokens.credential({ org: 'private-ca', client: 'svc' });
    expect(issued.token).toBe(TOKEN);
    await organization('no-ca', undefined, '127.0.0.1');
    await expect(sandbox.core.tokens.credential({ org: 'no-ca', client: 'svc' })).rejects.toMatchObject({
      code: 'TLS_UNTRUSTED',
      message: expect.stringContaining('--cacert'),
    });
  });
});

describe('transportFor', () => {
  const env = { HTTPS_PROXY: 'http://env-proxy.example:3128', NO_PROXY: 'internal.example' };
  const url = (text: string) => new URL(text);

  it("without settings is the environment's", () => {
    expect(transportFor({}, { env })).toEqual({ proxy: 'http://env-proxy.example:3128', noProxy: ['internal.example'] });
  });

  it("an organization's proxy replaces the environment's, with its own NO_PROXY only", () => {
    const transport = transportFor({ network: { proxy: 'http://corp:8080', noProxy: ['10.0.0.0/8'] } }, { env });
    expect(transport).toEqual({ proxy: 'http://corp:8080', noProxy: ['10.0.0.0/8'] });
    expect(proxyFor(transport, url('https://internal.example/'))?.host).toBe('corp');
    expect(proxyFor(transport, url('https://10.20.30.40/'))).toBeUndefined();
  });

  it("NO_PROXY alone adds to the environment's; `*` sends the organization direct", () => {
    expect(transportFor({ network: { noProxy: ['api.partner.example'] } }, { env }).noProxy).toEqual(['internal.example', 'api.partner.example']);
    expect(proxyFor(transportFor({ network: { noProxy: ['*'] } }, { env }), url('https://anywhere.example/'))).toBeUndefined();
  });

  it('adds the CA bundle and the client certificate', () => {
    const clientCertificate = { certPem: 'cert', keyPem: 'key' };
    expect(transportFor({ network: { caPem: 'pem' } }, { env: {}, clientCertificate })).toEqual({ ca: 'pem', clientCertificate });
  });
});

describe('NO_PROXY CIDR ranges (curl >= 7.86)', () => {
  const route = (noProxy: string[], target: string) => proxyFor({ proxy: 'http://corp:8080', noProxy }, new URL(target));
  it.each([
    [['10.0.0.0/8'], 'https://10.1.2.3/', false],
    [['10.0.0.0/8'], 'https://11.1.2.3/', true],
    [['192.168.0.0/16'], 'https://192.168.44.1:8443/', false],
    [['192.168.0.0/16'], 'https://192.169.0.1/', true],
    [['fd00::/8'], 'https://[fd12::1]/', false],
    [['[fd00::]/8'], 'https://[fd12::1]/', false],
    [['fd00::/8'], 'https://[fe80::1]/', true],
    [['10.0.0.0/8'], 'https://[fd12::1]/', true],
    [['10.0.0.0/8'], 'https://ten.example/', true],
    [['10.0.0.0/40'], 'https://10.1.2.3/', true],
  ] as const)('%j and %s: proxied %s', (noProxy, target, proxied) => {
    expect(route([...noProxy], target) !== undefined).toBe(proxied);
  });
});
