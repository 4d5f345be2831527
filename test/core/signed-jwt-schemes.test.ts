// Each signed-JWT preset end to end through the core API the app calls (TokenService,
// sendAuthorized), over real HTTP to stand-ins that verify independently with node:crypto: the
// signature by kid, each claim and bound, and the two exchanges (GitHub's installation token,
// RFC 7523's grant and client assertion, a replayed jti refused).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendAuthorized } from '../../main/core/authorized-request.js';
import { presetProfile } from '../../main/core/jwt-profile.js';
import { APPLE_KID, GITHUB_CLIENT_ID, GRANT_CLIENT, IDP_CLIENT, INSTALLATION, ISSUER_ID, startSignedJwtWorld, TEAM_ID, type SignedJwtWorld } from '../support/signed-jwt-world.js';

let world: SignedJwtWorld;
beforeEach(async () => {
  world = await startSignedJwtWorld();
});
afterEach(() => world.close());

const decode = (token: string) => token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString())) as [Record<string, unknown>, Record<string, unknown>];
const send = (org: string, client: string, url: string, extra: { scheme?: 'jwt' | 'bearer'; headers?: Array<[string, string]> } = {}) =>
  sendAuthorized(world.vault, world.core.tokens, { org, client, method: 'GET', url, ...(extra.scheme ? { scheme: extra.scheme } : {}), ...(extra.headers ? { headers: extra.headers } : {}) });
const status = async (result: Awaited<ReturnType<typeof send>>) => result.response.status;
/** A profile edit as the user confirms it (a change of what the key signs is a destination change). */
const confirmedOrgUpdate = (org: string, changes: Parameters<SignedJwtWorld['vault']['updateOrganization']>[1]) =>
  world.vault.updateOrganization(org, changes, world.vault.organizationUpdateDestinationChange(org, changes));

describe('Apple Music API developer token', () => {
  it('is accepted: ES256, kid, iss = Team ID, a day by default, sent as Bearer', async () => {
    const result = await send('apple', 'web', '/v1/catalog/us/songs/203709340');
    expect(await status(result)).toBe(200);
    const [header, claims] = decode(result.credential.token);
    expect(header).toEqual({ alg: 'ES256', kid: APPLE_KID });
    expect(claims).toMatchObject({ iss: TEAM_ID });
    expect((claims.exp as number) - (claims.iat as number)).toBe(86_400);
    expect(world.apple.seen.at(-1)?.headers.authorization).toBe(`Bearer ${result.credential.token}`);
  });

  it('is cached and live: the second call reuses it', async () => {
    const first = await world.core.tokens.credential({ org: 'apple', client: 'web' });
    const second = await world.core.tokens.credential({ org: 'apple', client: 'web' });
    expect(second).toMatchObject({ fromCache: true, token: first.token });
    expect(world.core.tokens.list()).toEqual([expect.objectContaining({ org: 'apple', client: 'web', scheme: 'jwt', kid: APPLE_KID })]);
  });

  it('the longest lifetime Apple allows is accepted; one second more is refused before any call', async () => {
    const max = await world.core.tokens.credential({ org: 'apple', client: 'web', ttlSeconds: 15_777_000 });
    const [, claims] = decode(max.token);
    expect((claims.exp as number) - (claims.iat as number)).toBe(15_777_000);
    const result = await send('apple', 'web', '/v1/test');
    expect(await status(result)).toBe(200);
    await expect(world.core.tokens.credential({ org: 'apple', client: 'web', ttlSeconds: 15_777_001 })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('carries the origin list for the web: the stand-in refuses a page of another origin', async () => {
    await confirmedOrgUpdate('apple', { jwt: { ...presetProfile('apple-music'), claims: { origin: ['https://music.example'] } } });
    expect(await status(await send('apple', 'web', '/v1/test', { headers: [['Origin', 'https://music.example']] }))).toBe(200);
    expect(await status(await send('apple', 'web', '/v1/test', { headers: [['Origin', 'https://evil.example']] }))).toBe(401);
  });

  it('a key the stand-in does not know (another kid) is refused by it', async () => {
    await world.vault.generateKey('apple', 'ZZZZZ99999');
    expect(await status(await send('apple', 'web', '/v1/test'))).toBe(401);
  });
});

describe('App Store Connect API', () => {
  it('team key: typ JWT, aud appstoreconnect-v1, iss = issuer ID, at most 20 minutes', async () => {
    const result = await send('asc', 'ci', '/v1/apps');
    expect(await status(result)).toBe(200);
    const [header, claims] = decode(result.credential.token);
    expect(header).toEqual({ typ: 'JWT', alg: 'ES256', kid: 'ASCKEY1234' });
    expect(claims).toMatchObject({ iss: ISSUER_ID, aud: 'appstoreconnect-v1' });
    expect(claims.sub).toBeUndefined();
    expect((claims.exp as number) - Date.now() / 1000).toBeLessThanOrEqual(1_200);
  });

  it('individual key: sub "user" and no iss', async () => {
    const result = await send('asc-user', 'me', '/v1/apps');
    expect(await status(result)).toBe(200);
    const [, claims] = decode(result.credential.token);
    expect(claims).toMatchObject({ sub: 'user', aud: 'appstoreconnect-v1' });
    expect('iss' in claims).toBe(false);
  });

  it('a scope list limits the token: the stand-in refuses a request outside it', async () => {
    await confirmedOrgUpdate('asc', { jwt: { ...presetProfile('app-store-connect'), scope: ['GET /v1/apps'] } });
    expect(await status(await send('asc', 'ci', '/v1/apps'))).toBe(200);
    expect(await status(await send('asc', 'ci', '/v1/apps?limit=1'))).toBe(401);
  });
});

describe('GitHub App', () => {
  it('the app JWT (RS256, iss = client ID, iat 60 s back, at most 10 minutes) calls /app', async () => {
    const result = await send('gh', 'bot', '/app', { scheme: 'jwt' });
    expect(await status(result)).toBe(200);
    const [header, claims] = decode(result.credential.token);
    expect(header).toEqual({ alg: 'RS256' });
    expect(claims.iss).toBe(GITHUB_CLIENT_ID);
    expect((claims.exp as number) - (claims.iat as number)).toBe(600);
    expect(Math.abs((claims.iat as number) - (Date.now() / 1000 - 60))).toBeLessThan(5);
  });

  it('is exchanged for an installation token, cached until it expires, and used as Bearer', async () => {
    const result = await send('gh', 'bot', '/installation/repositories');
    expect(await status(result)).toBe(200);
    expect(result.credential).toMatchObject({ scheme: 'bearer' });
    expect(world.github.issued.get(result.credential.token)).toMatchObject({ installationId: INSTALLATION });
    const post = world.github.seen.find((r) => r.method === 'POST');
    expect(post).toMatchObject({ path: `/app/installations/${INSTALLATION}/access_tokens` });
    expect(post!.headers['user-agent']).toBe('Tokendeck');
    // GitHub's expires_at (an hour, ISO) is the token's expiry.
    expect(result.credential.expiresAt! - Date.now()).toBeGreaterThan(3_500_000);
    await send('gh', 'bot', '/installation/repositories');
    expect(world.github.seen.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(world.core.tokens.list()).toEqual([expect.objectContaining({ org: 'gh', scheme: 'bearer' })]);
  });

  it('an installation the app does not have: EXCHANGE_REJECTED with GitHub\'s words, the JWT not quoted', async () => {
    await world.vault.updateClient('gh', 'bot', { jwt: { installationId: '999' } }, world.vault.clientUpdateDestinationChange('gh', 'bot', { jwt: { installationId: '999' } }));
    const error = await world.core.tokens.credential({ org: 'gh', client: 'bot' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EXCHANGE_REJECTED', message: expect.stringMatching(/HTTP 404.*Not Found.*Check the installation ID \(999\)/) });
    // No client secret to check: the deck offers no "check the secret" here.
    expect((error as { action?: unknown }).action).toBeUndefined();
    expect((error as Error).message).not.toMatch(/eyJ/);
  });

  it('without an installation ID the exchange says what to set', async () => {
    await world.vault.updateClient('gh', 'bot', { jwt: {} });
    await expect(world.core.tokens.credential({ org: 'gh', client: 'bot' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'jwt.installationId' });
  });
});

describe('OAuth 2.0 with a signed assertion (RFC 7523)', () => {
  it('JWT bearer grant (§2.1): iss = sub = client, aud = token endpoint, fresh jti; the access token calls the API', async () => {
    const result = await send('grant', 'svc', '/api/whoami');
    expect(await status(result)).toBe(200);
    const post = world.oauth.seen.find((r) => r.method === 'POST')!;
    const form = new URLSearchParams(post.body);
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(form.get('scope')).toBe('catalog.read');
    const [header, claims] = decode(form.get('assertion')!);
    expect(header).toEqual({ alg: 'PS256', kid: 'grant-key-1' });
    expect(claims).toMatchObject({ iss: GRANT_CLIENT, sub: GRANT_CLIENT, aud: world.oauth.tokenUrl, jti: expect.any(String) });
  });

  it('a scope claim is one space-separated string outside App Store Connect (RFC 8693 §4.2), and still accepted', async () => {
    await confirmedOrgUpdate('grant', { jwt: { ...presetProfile('jwt-bearer'), alg: 'PS256', scope: ['catalog.read', 'catalog.write'] } });
    expect(await status(await send('grant', 'svc', '/api/whoami'))).toBe(200);
    const assertion = new URLSearchParams(world.oauth.seen.find((r) => r.method === 'POST')!.body).get('assertion')!;
    expect(decode(assertion)[1].scope).toBe('catalog.read catalog.write');
  });

  it('private_key_jwt (§2.2): client credentials with a client assertion; iss = sub = client id', async () => {
    const result = await send('idp', 'backend', '/api/whoami');
    expect(await status(result)).toBe(200);
    const form = new URLSearchParams(world.oauth.seen.find((r) => r.method === 'POST')!.body);
    expect(Object.fromEntries([...form].filter(([name]) => name !== 'client_assertion'))).toEqual({
      grant_type: 'client_credentials',
      client_id: IDP_CLIENT,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    });
    const [header, claims] = decode(form.get('client_assertion')!);
    expect(header).toEqual({ alg: 'EdDSA', kid: 'idp-key-1' });
    expect(claims).toMatchObject({ iss: IDP_CLIENT, sub: IDP_CLIENT, aud: world.oauth.tokenUrl });
    expect((claims.exp as number) - (claims.iat as number)).toBe(60);
  });

  it.each([
    ['grant', 'svc', 'assertion', 'invalid_grant'],
    ['idp', 'backend', 'client_assertion', 'invalid_client'],
  ] as const)('%s: each exchange signs a new jti, and the stand-in refuses a replayed one', async (org, client, field, error) => {
    await world.core.tokens.credential({ org, client, fresh: true });
    await world.core.tokens.credential({ org, client, fresh: true });
    const posts = world.oauth.seen.filter((r) => r.method === 'POST');
    const jtis = posts.map((r) => decode(new URLSearchParams(r.body).get(field)!)[1].jti);
    expect(new Set(jtis).size).toBe(2);
    // The same request again, byte for byte: a replay.
    const replay = await fetch(world.oauth.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: posts[0]!.body });
    expect(replay.status).toBeGreaterThanOrEqual(400);
    expect(await replay.json()).toMatchObject({ error });
  });

  it('a signed JWT with a jti is never cached: each is new', async () => {
    const first = await world.core.tokens.credential({ org: 'idp', client: 'backend', scheme: 'jwt' });
    const second = await world.core.tokens.credential({ org: 'idp', client: 'backend', scheme: 'jwt' });
    expect(second.token).not.toBe(first.token);
    expect(world.core.tokens.records().filter((r) => r.scheme === 'jwt')).toEqual([]);
  });
});

