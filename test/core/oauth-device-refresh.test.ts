// Issue 25's user-session engines against a real, certified authorization server (panva's
// oidc-provider on loopback): the device flow approved in Chromium while the code polls, refresh
// with rotation and reuse detection, and revocation seen through introspection.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollDeviceToken, startDeviceAuthorization, type DeviceAuthorization } from '../../main/core/oauth/device-flow.js';
import { UserFlowError } from '../../main/core/oauth/flow-errors.js';
import type { UserTokens } from '../../main/core/oauth/user-tokens.js';
import { refreshAccessToken } from '../../main/core/oauth/refresh.js';
import { revokeToken } from '../../main/core/oauth/revoke.js';
import type { OAuthClientAuth } from '../../main/core/schemes/oauth2.js';
import { launchChromium } from '../harness/browser.js';
import { startOidc, type OidcServer } from '../servers/oidc.js';
import { approveDevice } from '../support/oidc-pages.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const terminal: OAuthClientAuth = { clientId: 'terminal', authMethod: 'none' };
const backend: OAuthClientAuth = { clientId: 'backend', clientSecret: 'backend secret/with+odd&chars', authMethod: 'client_secret_basic' };

let oidc: OidcServer;
let browser: Browser;
let endpoints: { device: string; token: string; revocation: string; introspection: string };

beforeAll(async () => {
  oidc = await startOidc({
    clients: [
      { client_id: terminal.clientId, token_endpoint_auth_method: 'none', grant_types: [DEVICE_GRANT, 'refresh_token'], response_types: [], redirect_uris: [] },
      { client_id: backend.clientId, client_secret: backend.clientSecret, token_endpoint_auth_method: 'client_secret_basic', grant_types: [DEVICE_GRANT, 'refresh_token'], response_types: [], redirect_uris: [] },
    ],
  });
  const discovery = (await (await fetch(`${oidc.issuer}/.well-known/openid-configuration`)).json()) as Record<string, string>;
  endpoints = {
    device: discovery.device_authorization_endpoint!,
    token: discovery.token_endpoint!,
    revocation: discovery.revocation_endpoint!,
    introspection: discovery.introspection_endpoint!,
  };
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await oidc?.close();
});

const approveInBrowser = (uri: string, choice: 'approve' | 'abort' = 'approve') => approveDevice(browser, uri, choice);

const start = (client: OAuthClientAuth) =>
  startDeviceAuthorization({ deviceAuthorizationUrl: endpoints.device, tokenUrl: endpoints.token, client, scope: 'openid offline_access' });

/** Polls while the browser approves: the first poll finds the code pending, the browser acts during the second wait. */
async function pollWhileBrowser(started: DeviceAuthorization, choice: 'approve' | 'abort' = 'approve') {
  const sleeps: number[] = [];
  let page = '';
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    if (sleeps.length === 2) page = await approveInBrowser(started.verificationUriComplete!, choice);
  };
  const polls = () => oidc.seen.filter((request) => request.method === 'POST' && request.url === new URL(endpoints.token).pathname).length;
  const before = polls();
  const outcome: { tokens?: UserTokens; error?: unknown } = await pollDeviceToken(started, { sleep }).then(
    (tokens) => ({ tokens }),
    (error: unknown) => ({ error }),
  );
  return { ...outcome, sleeps, page, polls: polls() - before };
}

async function signIn(client: OAuthClientAuth) {
  const { tokens } = await pollWhileBrowser(await start(client));
  if (!tokens?.refreshToken) throw new Error('the device flow gave no refresh token');
  return tokens as UserTokens & { refreshToken: string };
}

async function introspect(token: string): Promise<Record<string, unknown>> {
  const basic = Buffer.from(`${encodeURIComponent(backend.clientId)}:${encodeURIComponent(backend.clientSecret!).replace(/%20/g, '+')}`).toString('base64');
  const response = await fetch(endpoints.introspection, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  return (await response.json()) as Record<string, unknown>;
}

describe('device authorization grant (RFC 8628) with oidc-provider', () => {
  it('shows a user code and a verification URI on the server, and holds no device code in what it shows', async () => {
    const started = await start(terminal);
    expect(started.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(started.verificationUri).toBe(`${oidc.issuer}/device`);
    expect(started.verificationUriComplete).toBe(`${oidc.issuer}/device?user_code=${started.userCode}`);
    expect(started.interval).toBe(5);
    expect(Object.keys(started).sort()).toEqual(['expiresAt', 'interval', 'userCode', 'verificationUri', 'verificationUriComplete']);
  });

  it('polls while the person approves in Chromium, waiting the server interval, and gets tokens', async () => {
    const started = await start(terminal);
    const { tokens, error, sleeps, page, polls } = await pollWhileBrowser(started);
    expect(error).toBeUndefined();
    expect(page).toMatch(/Sign-in Success/i);
    // The first poll found authorization_pending (the browser had not acted): one more wait, one more poll.
    expect(sleeps).toEqual([5000, 5000]);
    expect(polls).toBe(2);
    expect(tokens!.accessToken).toMatch(/^[\x21-\x7e]+$/);
    expect(tokens!.refreshToken).toBeDefined();
    expect(tokens!.idToken!.split('.')).toHaveLength(3);
    expect(tokens!.expiresAt).toBeGreaterThan(Date.now());
    const seen = await introspect(tokens!.accessToken);
    expect(seen).toMatchObject({ active: true, client_id: 'terminal', sub: 'ada' });
  });

  it('says the sign-in was refused when the person presses Abort', async () => {
    const { error, sleeps, page } = await pollWhileBrowser(await start(terminal), 'abort');
    expect(page).toMatch(/The Sign-in request was interrupted/);
    expect(sleeps).toEqual([5000, 5000]);
    expect(error).toBeInstanceOf(UserFlowError);
    expect(error).toMatchObject({ code: 'EXCHANGE_REJECTED', reason: 'refused', message: expect.stringMatching(/sign-in was refused/) });
  });

  it("repeats the server's refusal of a client it does not know", async () => {
    const error = await start({ clientId: 'stranger', authMethod: 'none' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EXCHANGE_REJECTED', message: expect.stringMatching(/^The device authorization endpoint http:\/\/127\.0\.0\.1:\d+ refused the exchange \(HTTP 401\): "client authentication failed"/) });
  });

  it('refuses a confidential client with a wrong secret, never repeating the secret', async () => {
    const wrong = { ...backend, clientSecret: 'not the secret' };
    const error = await start(wrong).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EXCHANGE_REJECTED' });
    expect((error as Error).message).not.toContain('not the secret');
  });

  it('authenticates a confidential client with Basic at both endpoints', async () => {
    const tokens = await signIn(backend);
    expect(await introspect(tokens.accessToken)).toMatchObject({ active: true, client_id: 'backend' });
  });
});

describe('refresh with rotation (RFC 6749 §6, Security BCP §4.14) with oidc-provider', () => {
  it('answers a new refresh token that works, and keeps the session', async () => {
    const first = await signIn(backend);
    const refreshed = await refreshAccessToken({ tokenUrl: endpoints.token, client: backend, refreshToken: first.refreshToken });
    expect(refreshed.rotated).toBe(true);
    expect(refreshed.refreshToken).not.toBe(first.refreshToken);
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(await introspect(refreshed.accessToken)).toMatchObject({ active: true, sub: 'ada' });
    const again = await refreshAccessToken({ tokenUrl: endpoints.token, client: backend, refreshToken: refreshed.refreshToken });
    expect(again.rotated).toBe(true);
    expect(await introspect(again.accessToken)).toMatchObject({ active: true });
  });

  it('ends the whole session when a retired refresh token is reused: the new one is refused too', async () => {
    const first = await signIn(terminal);
    const refreshed = await refreshAccessToken({ tokenUrl: endpoints.token, client: terminal, refreshToken: first.refreshToken });
    const reuse = await refreshAccessToken({ tokenUrl: endpoints.token, client: terminal, refreshToken: first.refreshToken }).catch((error: unknown) => error);
    expect(reuse).toBeInstanceOf(UserFlowError);
    expect(reuse).toMatchObject({ code: 'SIGNED_OUT', reason: 'session-ended', message: expect.stringMatching(/^The session ended \(the refresh token was refused, perhaps reused or revoked\): sign in again\./) });
    expect((reuse as Error).message).not.toContain(first.refreshToken);
    const after = await refreshAccessToken({ tokenUrl: endpoints.token, client: terminal, refreshToken: refreshed.refreshToken }).catch((error: unknown) => error);
    expect(after).toMatchObject({ code: 'SIGNED_OUT', reason: 'session-ended' });
  });
});

describe('revocation (RFC 7009) with oidc-provider', () => {
  it('revokes a refresh token: introspection says inactive and refreshing is refused', async () => {
    const tokens = await signIn(backend);
    expect(await introspect(tokens.refreshToken)).toMatchObject({ active: true });
    await revokeToken({ revocationUrl: endpoints.revocation, client: backend, token: tokens.refreshToken, tokenTypeHint: 'refresh_token' });
    expect(await introspect(tokens.refreshToken)).toEqual({ active: false });
    const refused = await refreshAccessToken({ tokenUrl: endpoints.token, client: backend, refreshToken: tokens.refreshToken }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'SIGNED_OUT' });
  });

  it('revokes an access token of a public client', async () => {
    const tokens = await signIn(terminal);
    await revokeToken({ revocationUrl: endpoints.revocation, client: terminal, token: tokens.accessToken, tokenTypeHint: 'access_token' });
    expect(await introspect(tokens.accessToken)).toEqual({ active: false });
  });

  it('counts an unknown token as revoked (the server answers 200)', async () => {
    await expect(revokeToken({ revocationUrl: endpoints.revocation, client: backend, token: 'never-issued', tokenTypeHint: 'refresh_token' })).resolves.toBeUndefined();
  });
});
