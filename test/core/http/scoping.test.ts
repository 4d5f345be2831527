// Credential scoping and redirects (ARCHITECTURE.md, security invariants 2 and 3), over real HTTP.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendAuthorized } from '../../../main/core/authorized-request.js';
import { sendRequest } from '../../../main/core/http/send-request.js';
import { sendJson, startLoopback, type Loopback, type SeenRequest } from '../../servers/loopback.js';
import { startVendorWorld, type VendorWorld } from '../../support/vendors.js';

let world: VendorWorld;
let elsewhere: Loopback;
let seenElsewhere: SeenRequest[];
beforeEach(async () => {
  world = await startVendorWorld();
  seenElsewhere = [];
  elsewhere = await startLoopback((request, response) => {
    seenElsewhere.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: '' });
    sendJson(response, 200, { elsewhere: true });
  });
});
afterEach(async () => {
  await elsewhere.close();
  await world.close();
});

const send = (fields: { url: string; allowAnyOrigin?: boolean; method?: string; scheme?: 'devtoken' | 'token' }) =>
  sendAuthorized(world.vault, world.core.tokens, { org: 'acme', client: 'web', scheme: 'devtoken', method: 'GET', ...fields });

describe('credential scoping', () => {
  it('refuses an origin the client does not allow with SCOPE, before making any token', async () => {
    await expect(send({ url: `${elsewhere.origin}/steal` })).rejects.toMatchObject({ code: 'SCOPE', message: expect.stringContaining(elsewhere.origin) });
    expect(world.core.tokens.records()).toEqual([]);
    expect(seenElsewhere).toEqual([]);
  });

  it('allows the organization\'s API origin and its listed extra origins', async () => {
    expect((await send({ url: '/search/introspection' })).response.status).toBe(200);
    await world.vault.addOrganization({ name: 'extra', provider: 'musicapi', apiBaseUrl: world.musicapi.origin, allowedOrigins: [elsewhere.origin] });
    await world.vault.addClient('extra', { name: 'c', environment: 'dev', clientId: '3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70' });
    const result = await sendAuthorized(world.vault, world.core.tokens, { org: 'extra', client: 'c', method: 'GET', url: `${elsewhere.origin}/ok` });
    expect(result.response.status).toBe(200);
    expect(seenElsewhere[0]?.headers.authorization).toBe('Token 3f6c1e2a-5b7d-4c98-a0e1-2b3c4d5e6f70');
  });

  it('sends to another origin when that one request allows any origin', async () => {
    await send({ url: `${elsewhere.origin}/once`, allowAnyOrigin: true });
    expect(seenElsewhere[0]?.headers.authorization).toMatch(/^DevToken /);
  });

  it('refuses non-HTTP URLs and bad methods before sending', async () => {
    await expect(send({ url: 'file:///etc/passwd' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(send({ url: '/x', method: 'GET /evil' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('redirects', () => {
  it('keeps the credential on a same-origin redirect', async () => {
    const { response } = await send({ url: '/redirect/same' });
    expect(response.status).toBe(200);
    expect(response.redirects).toEqual([`${world.musicapi.origin}/search/introspection`]);
    expect(world.musicapi.seen.at(-1)?.headers.authorization).toMatch(/^DevToken /);
  });

  it('drops the Authorization header on a redirect to another origin', async () => {
    const { response } = await send({ url: `/redirect/cross?to=${encodeURIComponent(`${elsewhere.origin}/landing`)}` });
    expect(response.status).toBe(200);
    expect(seenElsewhere).toHaveLength(1);
    expect(seenElsewhere[0]?.headers.authorization).toBeUndefined();
  });

  it('does not put the credential back when a later redirect returns to the first origin', async () => {
    const bounce = await startLoopback((_request, response) => response.writeHead(302, { location: `${world.musicapi.origin}/search/introspection` }).end());
    try {
      const { response } = await send({ url: `/redirect/cross?to=${encodeURIComponent(`${bounce.origin}/bounce`)}`, scheme: 'token' });
      expect(response.status).toBe(401);
      expect(world.musicapi.seen.at(-1)?.headers.authorization).toBeUndefined();
    } finally {
      await bounce.close();
    }
  });

  it('follows at most 5 redirects', async () => {
    await expect(send({ url: '/redirect/loop?hops=5' })).resolves.toMatchObject({ response: { status: 200 } });
    await expect(send({ url: '/redirect/loop?hops=6' })).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringContaining('More than 5 redirects') });
  });

  it('turns a 303 after POST into a GET without the body', async () => {
    const response = await sendRequest({ method: 'POST', url: `${world.musicapi.origin}/redirect/same?status=303`, headers: [['content-type', 'application/json; charset=utf-8']], body: '{"a":1}' });
    expect(response.status).toBe(415);
    const last = world.musicapi.seen.at(-1)!;
    expect([last.method, last.body, last.headers['content-type']]).toEqual(['GET', '', undefined]);
  });

  it('refuses header values with line breaks and a hand-set Authorization', async () => {
    await expect(sendRequest({ method: 'GET', url: world.musicapi.origin, headers: [['x-a', 'b\r\nInjected: 1']] })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(sendRequest({ method: 'GET', url: world.musicapi.origin, headers: [['Authorization', 'x']], authorization: 'Token y' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
