// Signing a person in (issue 25): discovery of an issuer's metadata, and the authorization code
// grant with PKCE through a loopback redirect, driven through oidc-provider's own login and
// consent pages in Chromium, for a public client and confidential ones.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithBrowser, type OAuthClient } from '../../main/core/oauth/authorization-code.js';
import { discoverIssuer, readMetadata, type IssuerMetadata } from '../../main/core/oauth/discovery.js';
import { createPkce, s256Challenge } from '../../main/core/oauth/pkce.js';
import { launchChromium } from '../harness/browser.js';
import { startLoopback, sendJson, type Loopback } from '../servers/loopback.js';
import { startOidc, type OidcServer } from '../servers/oidc.js';
import { driveOidcPages } from '../support/oidc-pages.js';

const NATIVE = { application_type: 'native', redirect_uris: ['http://127.0.0.1/callback'], response_types: ['code'] };
const CLIENTS = [
  { ...NATIVE, client_id: 'deck-public', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] },
  { ...NATIVE, client_id: 'deck-basic', client_secret: 'basic secret of the deck', token_endpoint_auth_method: 'client_secret_basic', grant_types: ['authorization_code'] },
  { ...NATIVE, client_id: 'deck-post', client_secret: 'post secret of the deck', token_endpoint_auth_method: 'client_secret_post', grant_types: ['authorization_code'] },
];

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636 Appendix B', () => {
    expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a 43-character base64url verifier, a new one each time', () => {
    const [a, b] = [createPkce(), createPkce()];
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a).toMatchObject({ method: 'S256', challenge: s256Challenge(a.verifier) });
  });

  it('refuses a server that offers only plain, before any browser opens', async () => {
    const opened: string[] = [];
    const metadata: IssuerMetadata = { issuer: 'https://issuer.example', foundAt: 'https://issuer.example/.well-known/openid-configuration', authorizationEndpoint: 'https://issuer.example/auth', tokenEndpoint: 'https://issuer.example/token', codeChallengeMethodsSupported: ['plain'], authorizationResponseIssParameterSupported: false };
    const signIn = signInWithBrowser({ metadata, client: { clientId: 'deck', authMethod: 'none' }, scope: 'openid', openBrowser: async (url) => void opened.push(url) });
    await expect(signIn).rejects.toMatchObject({ code: 'EXCHANGE_PROTOCOL', message: expect.stringContaining('not S256') });
    expect(opened).toEqual([]);
  });
});

describe('discoverIssuer', () => {
  let stand: Loopback | undefined;
  afterAll(async () => stand?.close());

  /** A metadata server of the test's own: `answer` per request path. */
  async function standIn(answer: (path: string, origin: string) => unknown | undefined): Promise<{ origin: string; paths: string[] }> {
    const paths: string[] = [];
    let origin = '';
    await stand?.close();
    stand = await startLoopback((request, response) => {
      paths.push(request.url ?? '');
      const body = answer(request.url ?? '', origin);
      if (body === undefined) return sendJson(response, 404, { error: 'not_found' });
      if (typeof body === 'string') return response.writeHead(302, { location: body }).end();
      sendJson(response, 200, body);
    });
    origin = stand.origin;
    return { origin, paths };
  }

  it("reads oidc-provider's openid-configuration: endpoints, S256, iss in responses, auth methods", async () => {
    const oidc = await startOidc({ clients: CLIENTS });
    try {
      const metadata = await discoverIssuer(oidc.issuer);
      expect(metadata).toMatchObject({
        issuer: oidc.issuer,
        foundAt: `${oidc.issuer}/.well-known/openid-configuration`,
        authorizationEndpoint: `${oidc.issuer}/auth`,
        tokenEndpoint: `${oidc.issuer}/token`,
        deviceAuthorizationEndpoint: `${oidc.issuer}/device/auth`,
        revocationEndpoint: `${oidc.issuer}/token/revocation`,
        userinfoEndpoint: `${oidc.issuer}/me`,
        jwksUri: `${oidc.issuer}/jwks`,
        authorizationResponseIssParameterSupported: true,
      });
      expect(metadata.codeChallengeMethodsSupported).toEqual(['S256']);
      expect(metadata.tokenEndpointAuthMethodsSupported).toEqual(expect.arrayContaining(['none', 'client_secret_basic', 'client_secret_post']));
      expect(metadata.grantTypesSupported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
      expect(metadata.scopesSupported).toEqual(expect.arrayContaining(['openid', 'offline_access']));
    } finally {
      await oidc.close();
    }
  });

  it('falls back to RFC 8414, the well-known path inserted before the issuer’s path', async () => {
    const { origin, paths } = await standIn((path, at) =>
      path === '/.well-known/oauth-authorization-server/tenant-a' ? { issuer: `${at}/tenant-a`, authorization_endpoint: `${at}/tenant-a/authorize`, token_endpoint: `${at}/tenant-a/token` } : undefined,
    );
    const metadata = await discoverIssuer(`${origin}/tenant-a`);
    expect(paths).toEqual(['/tenant-a/.well-known/openid-configuration', '/.well-known/oauth-authorization-server/tenant-a']);
    expect(metadata).toMatchObject({ issuer: `${origin}/tenant-a`, tokenEndpoint: `${origin}/tenant-a/token`, authorizationResponseIssParameterSupported: false });
    expect(metadata.codeChallengeMethodsSupported).toBeUndefined();
  });

  it('refuses metadata naming another issuer, even one differing by a trailing slash', async () => {
    for (const named of ['https://attacker.example', '%ORIGIN%/']) {
      const { origin } = await standIn((_, at) => ({ issuer: named.replace('%ORIGIN%', at), token_endpoint: `${at}/token` }));
      await expect(discoverIssuer(origin)).rejects.toMatchObject({ code: 'EXCHANGE_PROTOCOL', message: expect.stringContaining('must match exactly') });
    }
  });

  it('refuses an endpoint on plain http that is not loopback', async () => {
    const { origin } = await standIn((_, at) => ({ issuer: at, authorization_endpoint: `${at}/auth`, token_endpoint: 'http://auth.example.com/token' }));
    await expect(discoverIssuer(origin)).rejects.toMatchObject({ code: 'EXCHANGE_PROTOCOL', message: expect.stringMatching(/token_endpoint.*must use https/) });
  });

  it('refuses a loopback http endpoint named by an https issuer', () => {
    const document = { issuer: 'https://issuer.example', token_endpoint: 'http://127.0.0.1:8080/token' };
    expect(() => readMetadata(document, 'https://issuer.example', 'https://issuer.example/.well-known/openid-configuration')).toThrow(/plain http token_endpoint .* for an https issuer/);
  });

  it('refuses an answer over 64 KB', async () => {
    const { origin } = await standIn((_, at) => ({ issuer: at, token_endpoint: `${at}/token`, padding: 'x'.repeat(100 * 1024) }));
    await expect(discoverIssuer(origin)).rejects.toMatchObject({ code: 'EXCHANGE_PROTOCOL', message: expect.stringContaining('over 64 KB') });
  });

  it('follows no redirect', async () => {
    const { origin, paths } = await standIn((path, at) => (path.endsWith('openid-configuration') ? `${at}/elsewhere` : { issuer: at }));
    await expect(discoverIssuer(origin)).rejects.toMatchObject({ code: 'EXCHANGE_PROTOCOL', message: expect.stringContaining('redirected (HTTP 302)') });
    expect(paths).toEqual(['/.well-known/openid-configuration']);
  });

  it('says which documents it tried when neither exists', async () => {
    const { origin } = await standIn(() => undefined);
    await expect(discoverIssuer(origin)).rejects.toMatchObject({ code: 'EXCHANGE_PROTOCOL', message: expect.stringMatching(/publishes no metadata.*HTTP 404.*HTTP 404/) });
  });
});

describe('signInWithBrowser through oidc-provider’s pages in Chromium', () => {
  let oidc: OidcServer;
  let browser: Browser;
  let metadata: IssuerMetadata;

  beforeAll(async () => {
    // The scopes' claims in the ID token too (oidc-provider puts them only in userinfo by default
    // when an access token is issued): the account shown beside a session comes from there.
    oidc = await startOidc({ clients: CLIENTS, configuration: { conformIdTokenClaims: false } });
    browser = await launchChromium();
    metadata = await discoverIssuer(oidc.issuer);
  });
  afterAll(async () => {
    await browser?.close();
    await oidc?.close();
  });

  async function signIn(client: OAuthClient, scope: string, prompt?: string) {
    const pages = driveOidcPages(browser);
    const opened: string[] = [];
    const session = await signInWithBrowser({
      metadata,
      client,
      scope,
      prompt,
      openBrowser: (url) => {
        opened.push(url);
        return pages.openBrowser(url);
      },
    });
    return { session, heading: await pages.done(), authorizationUrl: new URL(opened[0]!) };
  }

  async function userinfo(accessToken: string): Promise<unknown> {
    const response = await fetch(metadata.userinfoEndpoint!, { headers: { authorization: `Bearer ${accessToken}` } });
    return response.json();
  }

  it('signs a public client in: PKCE S256, state, nonce, a loopback redirect; the ID token’s claims; a page to close', async () => {
    const { session, heading, authorizationUrl } = await signIn({ clientId: 'deck-public', authMethod: 'none' }, 'openid email profile');
    const asked = authorizationUrl.searchParams;
    expect(Object.fromEntries(asked)).toMatchObject({ response_type: 'code', client_id: 'deck-public', scope: 'openid email profile', code_challenge_method: 'S256' });
    expect(asked.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    for (const name of ['state', 'nonce', 'code_challenge']) expect(asked.get(name)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(heading).toBe('Signed in — you can close this tab');
    expect(session.expiresAt).toBeGreaterThan(Date.now());
    expect(session.scope.split(' ').sort()).toEqual(['email', 'openid', 'profile']);
    expect(session.idTokenClaims).toMatchObject({ sub: 'alice', email: 'alice@example.test', emailVerified: true, name: 'Test user alice' });
    expect(await userinfo(session.accessToken)).toMatchObject({ sub: 'alice' });
  });

  it('gets a refresh token with offline_access and prompt=consent when the client has the refresh_token grant', async () => {
    const { session } = await signIn({ clientId: 'deck-public', authMethod: 'none' }, 'openid offline_access', 'consent');
    expect(session.refreshToken).toMatch(/^[\x21-\x7e]{20,}$/);
    expect(session.scope.split(' ').sort()).toEqual(['offline_access', 'openid']);
    const refreshed = await fetch(metadata.tokenEndpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: session.refreshToken!, client_id: 'deck-public' }),
    });
    expect(refreshed.status).toBe(200);
  });

  it('signs a confidential client in with client_secret_basic', async () => {
    const before = oidc.seen.length;
    const { session } = await signIn({ clientId: 'deck-basic', clientSecret: 'basic secret of the deck', authMethod: 'client_secret_basic' }, 'openid email');
    expect(session.idTokenClaims).toMatchObject({ sub: 'alice', email: 'alice@example.test' });
    const tokenRequest = oidc.seen.slice(before).find((seen) => seen.method === 'POST' && seen.url === '/token');
    expect(tokenRequest?.headers.authorization).toMatch(/^Basic /);
    expect(await userinfo(session.accessToken)).toMatchObject({ sub: 'alice', email: 'alice@example.test' });
  });

  it('signs a confidential client in with client_secret_post, and no refresh token without the grant', async () => {
    const before = oidc.seen.length;
    const { session } = await signIn({ clientId: 'deck-post', clientSecret: 'post secret of the deck', authMethod: 'client_secret_post' }, 'openid offline_access', 'consent');
    expect(session.refreshToken).toBeUndefined();
    expect(session.idTokenClaims?.sub).toBe('alice');
    const tokenRequest = oidc.seen.slice(before).find((seen) => seen.method === 'POST' && seen.url === '/token');
    expect(tokenRequest?.headers.authorization).toBeUndefined();
  });

  it('refuses a confidential client with a wrong secret: EXCHANGE_REJECTED, the page says the sign-in failed', async () => {
    const pages = driveOidcPages(browser);
    await expect(
      signInWithBrowser({ metadata, client: { clientId: 'deck-basic', clientSecret: 'not the secret', authMethod: 'client_secret_basic' }, scope: 'openid', openBrowser: pages.openBrowser }),
    ).rejects.toMatchObject({ code: 'EXCHANGE_REJECTED' });
    expect(await pages.done()).toBe('Sign-in failed');
  });
});
