// Every scheme end to end through the core API the app calls (TokenService, sendAuthorized),
// over real HTTP to the vendor stand-ins, with secrets and keys from the real keychain.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendAuthorized } from '../../main/core/authorized-request.js';
import { ALICE, MUSICAPI_CLIENT, MUSIMAP_CLIENT, OAUTH_CLIENT, startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld;
beforeEach(async () => {
  world = await startVendorWorld();
});
afterEach(() => world.close());

const json = (body: Uint8Array) => JSON.parse(new TextDecoder().decode(body));
const FOURTEEN_DAYS = 14 * 24 * 3600;

describe('token scheme (MusicAPI public endpoints)', () => {
  it('sends `Token <client id>` with the JSON content type', async () => {
    const { response, credential } = await sendAuthorized(world.vault, world.core.tokens, { org: 'acme', client: 'web', scheme: 'token', method: 'GET', url: '/search/introspection' });
    expect(credential).toMatchObject({ scheme: 'token', token: MUSICAPI_CLIENT.clientId, authorization: `Token ${MUSICAPI_CLIENT.clientId}` });
    expect(response.status).toBe(200);
    expect(json(response.body)).toMatchObject({ auth: 'token', clientId: MUSICAPI_CLIENT.clientId });
    expect(world.musicapi.seen.at(-1)?.headers['content-type']).toBe('application/json; charset=utf-8');
  });
});

describe('basic scheme', () => {
  it('sends base64(<client id>:<secret>) and is accepted on a private endpoint', async () => {
    const { response, credential } = await sendAuthorized(world.vault, world.core.tokens, { org: 'acme', client: 'web', scheme: 'basic', method: 'GET', url: '/users/me' });
    expect(credential.token).toBe(Buffer.from(`${MUSICAPI_CLIENT.clientId}:${MUSICAPI_CLIENT.secret}`).toString('base64'));
    expect(response.status).toBe(200);
    expect(json(response.body)).toMatchObject({ auth: 'basic' });
  });

  it('is never cached: the token cache holds no Basic value', async () => {
    await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'basic' });
    expect(world.core.tokens.records()).toEqual([]);
  });
});

describe('devtoken scheme', () => {
  it('puts exactly {typ, alg, kid} in the header and the Key ID of the active key', async () => {
    const { token } = await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken' });
    expect(decodeProtectedHeader(token)).toEqual({ typ: 'JWT', alg: 'ES256', kid: 'KID-1' });
  });

  it('issues iss = client id and iat/exp in whole seconds, 14 days apart by default', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { token, issuedAt, expiresAt } = await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken' });
    const claims = decodeJwt(token);
    expect(Object.keys(claims).sort()).toEqual(['exp', 'iat', 'iss']);
    expect(claims.iss).toBe(MUSICAPI_CLIENT.clientId);
    expect(Number.isInteger(claims.iat) && Number.isInteger(claims.exp)).toBe(true);
    expect(claims.exp!).toBeLessThan(1e10);
    expect(claims.exp! - claims.iat!).toBe(FOURTEEN_DAYS);
    expect(claims.iat!).toBeLessThanOrEqual(before);
    expect(claims.iat!).toBeGreaterThanOrEqual(before - 10);
    expect([issuedAt, expiresAt]).toEqual([claims.iat! * 1000, claims.exp! * 1000]);
  });

  it('sets sub from an integration user by label or UUID, and honours a lifetime', async () => {
    const byLabel = decodeJwt((await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', sub: 'Alice', ttlSeconds: 3600 })).token);
    expect(byLabel.sub).toBe(ALICE.uuid);
    expect(byLabel.exp! - byLabel.iat!).toBe(3600);
    const byUuid = decodeJwt((await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', sub: ALICE.uuid.toUpperCase() })).token);
    expect(byUuid.sub).toBe(ALICE.uuid);
    await expect(world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', sub: 'bob' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('alice'),
    });
  });

  it('is verified by the server with the registered public key, sub included', async () => {
    const { response } = await sendAuthorized(world.vault, world.core.tokens, { org: 'acme', client: 'web', scheme: 'devtoken', sub: 'alice', method: 'GET', url: '/users/me' });
    expect(response.status).toBe(200);
    expect(json(response.body)).toMatchObject({ auth: 'devtoken', clientId: MUSICAPI_CLIENT.clientId, sub: ALICE.uuid });
    expect(world.musicapi.seen.at(-1)?.headers.authorization).toMatch(/^DevToken eyJ/);
  });

  it('fails with BAD_KEY when the organization has no active key', async () => {
    await world.vault.removeKey('acme', 'KID-1');
    await expect(world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken' })).rejects.toMatchObject({ code: 'BAD_KEY' });
  });

  it('fails with SECRET_MISSING when the private key left the keychain', async () => {
    const [key] = world.vault.keys('acme');
    await world.keychain.delete(`key/${key!.id}/private`);
    await expect(world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken' })).rejects.toMatchObject({ code: 'SECRET_MISSING' });
  });
});

describe('bearer scheme (Musimap)', () => {
  it('exchanges client id and secret as JSON and reads the millisecond envelope', async () => {
    const before = Date.now();
    const credential = await world.core.tokens.credential({ org: 'moodmap', client: 'prod' });
    expect(credential.scheme).toBe('bearer');
    expect(credential.token).toBe(world.musimap.issued[0]);
    expect(credential.authorization).toBe(`Bearer ${credential.token}`);
    expect(credential.expiresAt! - credential.issuedAt).toBe(7_200_000);
    expect(credential.issuedAt).toBeGreaterThanOrEqual(before);
    expect(credential.vendor).toMatchObject({ organizationId: 'e4587784-e0a4-43ff-8466-bf17afbb352c', tokenId: expect.any(String) });
  });

  it('is accepted by the API as `Bearer <token>`', async () => {
    const { response } = await sendAuthorized(world.vault, world.core.tokens, { org: 'moodmap', client: 'prod', method: 'GET', url: '/v1/tracks' });
    expect(response.status).toBe(200);
  });

  it('fails with EXCHANGE_REJECTED and the server\'s words on a wrong secret, caching nothing', async () => {
    await world.vault.setClientSecret('moodmap', 'prod', 'wrong-secret');
    await expect(world.core.tokens.credential({ org: 'moodmap', client: 'prod' })).rejects.toMatchObject({
      code: 'EXCHANGE_REJECTED',
      message: expect.stringContaining('Invalid client credentials'),
    });
    expect(world.core.tokens.records()).toEqual([]);
  });

  it('fails with SECRET_MISSING for a client without a secret', async () => {
    await world.vault.addClient('moodmap', { name: 'dev', environment: 'dev', clientId: MUSIMAP_CLIENT.clientId });
    await expect(world.core.tokens.credential({ org: 'moodmap', client: 'dev' })).rejects.toMatchObject({ code: 'SECRET_MISSING' });
  });
});

describe('bearer scheme (OAuth 2.0 client credentials)', () => {
  it('uses client_secret_basic by default with form-encoded credentials', async () => {
    const credential = await world.core.tokens.credential({ org: 'partner', client: 'svc' });
    expect(credential.token).toMatch(/^oa\./);
    expect(credential.expiresAt! - credential.issuedAt).toBe(3_600_000);
    const seen = world.oauth.seen.at(-1)!;
    expect(seen.headers.authorization).toBe(`Basic ${Buffer.from('svc+client:s3cr%3Aet%2B%2F%3D').toString('base64')}`);
    expect(new URLSearchParams(seen.body).get('grant_type')).toBe('client_credentials');
    expect(seen.body).not.toContain('client_secret');
  });

  it('uses client_secret_post with scope and audience when configured', async () => {
    await world.core.tokens.credential({ org: 'partner', client: 'svc-post' });
    const seen = world.oauth.seen.at(-1)!;
    const form = new URLSearchParams(seen.body);
    expect(seen.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      scope: 'catalog:read',
      audience: 'https://api.partner.test',
      client_id: OAUTH_CLIENT.clientId,
      client_secret: OAUTH_CLIENT.secret,
    });
  });

  it('reports the RFC 6749 error_description when the client is refused', async () => {
    await world.vault.setClientSecret('partner', 'svc', 'nope');
    await expect(world.core.tokens.credential({ org: 'partner', client: 'svc' })).rejects.toMatchObject({
      code: 'EXCHANGE_REJECTED',
      message: expect.stringContaining('Client authentication failed'),
    });
  });

  it('without expires_in (RFC 6749 §5.1: only RECOMMENDED), assumes one hour and says so', async () => {
    world.oauth.expiresIn = undefined;
    const credential = await world.core.tokens.credential({ org: 'partner', client: 'svc' });
    expect(credential.expiresAt! - credential.issuedAt).toBe(3_600_000);
    expect(credential.assumedExpiry).toBe(true);
    expect(world.core.tokens.list()).toEqual([expect.objectContaining({ org: 'partner', client: 'svc', assumedExpiry: true })]);
    // Cached like any other: the next call reuses it.
    expect(await world.core.tokens.credential({ org: 'partner', client: 'svc' })).toMatchObject({ fromCache: true, assumedExpiry: true });
    expect(world.oauth.exchanges).toBe(1);
  });

  it("without expires_in, takes the client's assumed lifetime", async () => {
    world.oauth.expiresIn = undefined;
    await world.vault.updateClient('partner', 'svc', { oauth2: { authMethod: 'client_secret_basic', assumedLifetimeSeconds: 600 } });
    const credential = await world.core.tokens.credential({ org: 'partner', client: 'svc' });
    expect(credential.expiresAt! - credential.issuedAt).toBe(600_000);
  });

  it("without expires_in, uses a JWT access token's own exp, not an assumption", async () => {
    world.oauth.expiresIn = undefined;
    world.oauth.jwtLifetime = 900;
    const credential = await world.core.tokens.credential({ org: 'partner', client: 'svc' });
    expect(credential.expiresAt).toBe(decodeJwt(credential.token).exp! * 1000);
    expect(credential.assumedExpiry).toBeUndefined();
  });

  it('records the scope the server granted when it differs from the one asked for', async () => {
    world.oauth.grantScope = 'catalog:read catalog:write';
    await world.core.tokens.credential({ org: 'partner', client: 'svc-post' });
    expect(world.core.tokens.list().find((t) => t.client === 'svc-post')).toMatchObject({ grantedScope: 'catalog:read catalog:write' });
    world.oauth.grantScope = undefined;
    await world.core.tokens.credential({ org: 'partner', client: 'svc-post', fresh: true });
    expect(world.core.tokens.list().find((t) => t.client === 'svc-post')!.grantedScope).toBeUndefined();
  });

  it('rejects an expires_in of over a month as a likely millisecond value', async () => {
    world.oauth.expiresIn = 3_600_000 * 1000;
    await expect(world.core.tokens.credential({ org: 'partner', client: 'svc' })).rejects.toMatchObject({ code: 'EXCHANGE_PROTOCOL', message: expect.stringContaining('looks like milliseconds') });
  });
});

describe('scheme choice', () => {
  it('uses the client\'s default scheme and refuses one its provider does not have', async () => {
    expect((await world.core.tokens.credential({ org: 'acme', client: 'web' })).scheme).toBe('token');
    await expect(world.core.tokens.credential({ org: 'moodmap', client: 'prod', scheme: 'devtoken' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(world.core.tokens.credential({ org: 'moodmap', client: 'prod', ttlSeconds: 60 })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('DevTokens') });
  });
});
