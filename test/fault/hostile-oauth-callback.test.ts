// Hostile answers to a browser sign-in (issue 25): callbacks with a wrong state, a second one,
// one sent with another Host, another method or path, one naming another issuer (a mix-up), the
// server's own refusal; a token endpoint answering with an ID token of another issuer or audience,
// a wrong nonce, a foreign key or an HMAC; a code exchanged twice at the real oidc-provider. Each
// is a typed error with no token returned, the browser gets an error page, the listener closes.
import http from 'node:http';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exchangeAuthorizationCode, signInWithBrowser, type BrowserSignIn, type UserSession } from '../../main/core/oauth/authorization-code.js';
import { discoverIssuer, type IssuerMetadata } from '../../main/core/oauth/discovery.js';
import { launchChromium } from '../harness/browser.js';
import { readBody, sendJson, startLoopback, type Loopback } from '../servers/loopback.js';
import { startOidc, type OidcServer } from '../servers/oidc.js';
import { recordCount } from '../support/fault-counts.js';
import { driveOidcPages } from '../support/oidc-pages.js';

afterEach(() => recordCount('fault cases', 1));

interface Page {
  status: number;
  text: string;
}

/** One request to the loopback listener, as a browser or a hostile page would send it. */
function visit(url: string, { host, method = 'GET' }: { host?: string; method?: string } = {}): Promise<Page> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request(target, { method, headers: host ? { host } : {} }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
    request.end();
  });
}

function callbackUrl(redirectUri: string, params: Record<string, string>): string {
  return `${redirectUri}?${new URLSearchParams(params)}`;
}

describe('a sign-in against a stand-in issuer', () => {
  let issuer: Loopback;
  let metadata: IssuerMetadata;
  let key: { privateKey: CryptoKey; jwk: JWK };
  /** The codes the token endpoint was sent, in order. */
  let exchanged: string[];
  /** How the token endpoint answers a code (default: a good answer with an ID token made by `idToken`). */
  let answer: (form: URLSearchParams) => Promise<unknown>;
  /** The ID token's claims as the stand-in changes them. */
  let idTokenClaims: (nonce: string | undefined) => Record<string, unknown>;
  let nonceSent: string | undefined;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    key = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid: 'stand-in', alg: 'ES256' } };
    issuer = await startLoopback(async (request, response) => {
      if (request.url === '/jwks') return sendJson(response, 200, { keys: [key.jwk] });
      if (request.url === '/token' && request.method === 'POST') {
        const form = new URLSearchParams(await readBody(request));
        exchanged.push(form.get('code') ?? '');
        return sendJson(response, 200, await answer(form));
      }
      sendJson(response, 404, { error: 'not_found' });
    });
    const at = issuer.origin;
    metadata = { issuer: at, foundAt: `${at}/.well-known/openid-configuration`, authorizationEndpoint: `${at}/authorize`, tokenEndpoint: `${at}/token`, jwksUri: `${at}/jwks`, codeChallengeMethodsSupported: ['S256'], authorizationResponseIssParameterSupported: true };
  });
  afterAll(async () => issuer?.close());

  const signIdToken = (claims: Record<string, unknown>, privateKey: CryptoKey | Uint8Array = key.privateKey, alg = 'ES256') =>
    new SignJWT(claims).setProtectedHeader({ alg, kid: 'stand-in' }).sign(privateKey);

  beforeEach(() => {
    exchanged = [];
    nonceSent = undefined;
    idTokenClaims = (nonce) => ({ iss: issuer.origin, aud: 'deck', sub: 'alice', nonce, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 });
    answer = async () => ({ access_token: 'access-token-of-the-stand-in', token_type: 'Bearer', expires_in: 600, id_token: await signIdToken(idTokenClaims(nonceSent)) });
  });

  /** Starts a sign-in whose "browser" only reports the URL; the test then plays the browser. */
  async function startSignIn(overrides: Partial<BrowserSignIn> = {}) {
    let opened!: (url: URL) => void;
    const openedAt = new Promise<URL>((resolve) => (opened = resolve));
    const session: Promise<UserSession> = signInWithBrowser({ metadata, client: { clientId: 'deck', authMethod: 'none' }, scope: 'openid', openBrowser: async (url) => opened(new URL(url)), ...overrides });
    session.catch(() => undefined);
    const url = await openedAt;
    nonceSent = url.searchParams.get('nonce') ?? undefined;
    return { session, redirectUri: url.searchParams.get('redirect_uri')!, state: url.searchParams.get('state')! };
  }

  async function expectClosed(redirectUri: string): Promise<void> {
    await expect(visit(redirectUri)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  }

  it('ends on a callback with a wrong state: EXCHANGE_PROTOCOL, no exchange, an error page, the listener closed', async () => {
    const { session, redirectUri, state } = await startSignIn();
    const page = await visit(callbackUrl(redirectUri, { code: 'attacker-code', state: `${state.slice(0, -1)}A`, iss: metadata.issuer }));
    expect(page.status).toBe(400);
    expect(page.text).toContain('Sign-in failed');
    await expect(session).rejects.toMatchObject({ code: 'EXCHANGE_PROTOCOL', message: expect.stringContaining("another sign-in's state") });
    expect(exchanged).toEqual([]);
    await expectClosed(redirectUri);
  });

  it('answers a second callback with an error page and exchanges only the first code', async () => {
    let second: Page | undefined;
    const { session, redirectUri, state } = await startSignIn();
    const good = answer;
    // The second callback arrives while the first one's code is being exchanged.
    answer = async (form) => {
      second = await visit(callbackUrl(redirectUri, { code: 'second-code', state, iss: metadata.issuer }));
      return good(form);
    };
    const first = visit(callbackUrl(redirectUri, { code: 'first-code', state, iss: metadata.issuer }));
    expect((await session).accessToken).toBe('access-token-of-the-stand-in');
    expect(second).toMatchObject({ status: 409, text: expect.stringContaining('already received its answer') });
    expect(await first).toMatchObject({ status: 200, text: expect.stringContaining('Signed in — you can close this tab') });
    expect(exchanged).toEqual(['first-code']);
    await expectClosed(redirectUri);
  });

  it('ignores a callback sent with another Host, another method or another path', async () => {
    const { session, redirectUri, state } = await startSignIn();
    const url = callbackUrl(redirectUri, { code: 'the-code', state, iss: metadata.issuer });
    const port = new URL(redirectUri).port;
    for (const host of [`attacker.example:${port}`, `localhost:${port}`, '127.0.0.1']) {
      const page = await visit(url, { host });
      expect(page.status).toBe(400);
      expect(page.text).toContain('Not accepted');
    }
    expect((await visit(url, { method: 'POST' })).status).toBe(405);
    expect((await visit(url.replace('/callback', '/favicon.ico'))).status).toBe(404);
    expect(exchanged).toEqual([]);
    // Nothing above ended the flow: the browser's own redirect still completes it.
    expect((await visit(url)).status).toBe(200);
    expect((await session).accessToken).toBe('access-token-of-the-stand-in');
    expect(exchanged).toEqual(['the-code']);
  });

  it('refuses a callback naming another issuer (a mix-up, RFC 9207) or none when the server sends one', async () => {
    for (const iss of [{ iss: 'https://attacker.example' }, {}] as Array<Record<string, string>>) {
      const { session, redirectUri, state } = await startSignIn();
      expect((await visit(callbackUrl(redirectUri, { code: 'mixed-up-code', state, ...iss }))).status).toBe(400);
      await expect(session).rejects.toMatchObject({ code: 'EXCHANGE_PROTOCOL', message: expect.stringContaining('mix-up attack') });
      expect(exchanged).toEqual([]);
      await expectClosed(redirectUri);
    }
  });

  it("turns the server's error into EXCHANGE_REJECTED with its words", async () => {
    const { session, redirectUri, state } = await startSignIn();
    const page = await visit(callbackUrl(redirectUri, { error: 'access_denied', error_description: 'The user said no', state }));
    expect(page.status).toBe(400);
    await expect(session).rejects.toMatchObject({ code: 'EXCHANGE_REJECTED', message: expect.stringMatching(/access_denied: "The user said no".*declined/) });
    expect(exchanged).toEqual([]);
  });

  const ID_TOKEN_FAULTS: Array<[string, () => void, RegExp]> = [
    ['another iss', () => ((idTokenClaims = ((base) => (nonce) => ({ ...base(nonce), iss: 'https://attacker.example' }))(idTokenClaims))), /another issuer/],
    ['another aud', () => ((idTokenClaims = ((base) => (nonce) => ({ ...base(nonce), aud: 'another-client' }))(idTokenClaims))), /another client/],
    ['several audiences, azp another', () => ((idTokenClaims = ((base) => (nonce) => ({ ...base(nonce), aud: ['deck', 'another-client'], azp: 'another-client' }))(idTokenClaims))), /azp/],
    ['a wrong nonce', () => ((idTokenClaims = ((base) => () => ({ ...base('a-nonce-of-another-sign-in') }))(idTokenClaims))), /nonce/],
    ['no nonce', () => ((idTokenClaims = ((base) => () => ({ ...base(undefined) }))(idTokenClaims))), /nonce/],
    ['an expired exp', () => ((idTokenClaims = ((base) => (nonce) => ({ ...base(nonce), exp: Math.floor(Date.now() / 1000) - 3600 }))(idTokenClaims))), /expired/],
  ];

  for (const [what, change, why] of ID_TOKEN_FAULTS) {
    it(`refuses a token answer whose ID token has ${what}: no session, an error page`, async () => {
      change();
      const { session, redirectUri, state } = await startSignIn();
      const page = visit(callbackUrl(redirectUri, { code: 'the-code', state, iss: metadata.issuer }));
      await expect(session).rejects.toMatchObject({ code: 'EXCHANGE_PROTOCOL', message: expect.stringMatching(why) });
      expect(await page).toMatchObject({ status: 400, text: expect.stringContaining('The ID token was refused') });
      expect((await page).text).not.toContain('access-token-of-the-stand-in');
    });
  }

  it('refuses an ID token signed by a key not in the JWKS, or with an HMAC, or missing when openid was asked', async () => {
    const { privateKey: foreign } = await generateKeyPair('ES256');
    const answers = [
      async () => ({ access_token: 'a', token_type: 'Bearer', expires_in: 600, id_token: await signIdToken(idTokenClaims(nonceSent), foreign) }),
      async () => ({ access_token: 'a', token_type: 'Bearer', expires_in: 600, id_token: await signIdToken(idTokenClaims(nonceSent), new TextEncoder().encode('deck'.repeat(8)), 'HS256') }),
      async () => ({ access_token: 'a', token_type: 'Bearer', expires_in: 600 }),
    ];
    for (const [index, next] of answers.entries()) {
      answer = next;
      const { session, redirectUri, state } = await startSignIn();
      void visit(callbackUrl(redirectUri, { code: 'the-code', state, iss: metadata.issuer }));
      await expect(session).rejects.toMatchObject({ code: 'EXCHANGE_PROTOCOL', message: expect.stringMatching([/signature does not verify/, /algorithm other than/, /no id_token/][index]!) });
    }
  });

  it('ends with TIMEOUT when no callback comes, and with CANCELLED when aborted; the listener closed each time', async () => {
    const timedOut = await startSignIn({ timeoutMs: 50 });
    await expect(timedOut.session).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expectClosed(timedOut.redirectUri);
    const abort = new AbortController();
    const cancelled = await startSignIn({ signal: abort.signal });
    abort.abort();
    await expect(cancelled.session).rejects.toMatchObject({ code: 'CANCELLED' });
    await expectClosed(cancelled.redirectUri);
  });
});

describe('a code replayed at oidc-provider', () => {
  let oidc: OidcServer;
  let browser: Browser;
  let proxy: Loopback;
  const sent: URLSearchParams[] = [];

  beforeAll(async () => {
    oidc = await startOidc({ clients: [{ client_id: 'deck-public', application_type: 'native', token_endpoint_auth_method: 'none', redirect_uris: ['http://127.0.0.1/callback'], grant_types: ['authorization_code'], response_types: ['code'] }] });
    browser = await launchChromium();
    // In front of the real token endpoint, to keep what a thief of the code would need to replay it.
    proxy = await startLoopback(async (request, response) => {
      const body = await readBody(request);
      sent.push(new URLSearchParams(body));
      const upstream = await fetch(`${oidc.issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
    });
  });
  afterAll(async () => {
    await proxy?.close();
    await browser?.close();
    await oidc?.close();
  });

  it('is refused the second time (EXCHANGE_REJECTED, the code never quoted) and the first session is revoked', async () => {
    const metadata = { ...(await discoverIssuer(oidc.issuer)), tokenEndpoint: `${proxy.origin}/token` };
    const client = { clientId: 'deck-public', authMethod: 'none' as const };
    const pages = driveOidcPages(browser);
    const session = await signInWithBrowser({ metadata, client, scope: 'openid', openBrowser: pages.openBrowser });
    await pages.done();
    const userinfo = () => fetch(metadata.userinfoEndpoint!, { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect((await userinfo()).status).toBe(200);

    const [first] = sent;
    const code = first!.get('code')!;
    const replay = exchangeAuthorizationCode({ metadata, client, scope: 'openid', code, redirectUri: first!.get('redirect_uri')!, codeVerifier: first!.get('code_verifier')!, nonce: undefined });
    await expect(replay).rejects.toMatchObject({ code: 'EXCHANGE_REJECTED', message: expect.stringMatching(/HTTP 400.*good once/) });
    const message = await replay.catch((error: Error) => error.message);
    expect(message).not.toContain(code);
    expect(message).not.toContain(first!.get('code_verifier'));
    // oidc-provider revokes the grant a replayed code belongs to (RFC 6749 §4.1.2).
    expect((await userinfo()).status).toBe(401);
  });
});
