// A person's sign-in through the organization's proxy (issue 25, item 6): oidc-provider served over
// https under a name only the test proxy resolves, with a certificate from the organization's CA.
// Discovery, the device authorization, the polls, the JWKS, the code exchange, the refresh and the
// revocation all reach it (they could not otherwise: the name resolves nowhere else), and the
// proxy's raw bytes hold none of the secret, the refresh token or the access token.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { launchChromium } from '../harness/browser.js';
import { startConnectProxy, type ConnectProxy } from '../servers/connect-proxy.js';
import { DEVICE_GRANT, NATIVE, startOidc, TERMINAL_SECRET, type OidcServer } from '../servers/oidc.js';
import { createTestCa, type TestCa } from '../servers/test-ca.js';
import { approveDevice, driveOidcPages } from '../support/oidc-pages.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const HOST = 'idp.tokendeck.test';
let ca: TestCa;
let oidc: OidcServer;
let relay: ConnectProxy;
let browser: Browser;
let sandbox: Sandbox;

beforeAll(async () => {
  ca = createTestCa('Corp Identity CA');
  oidc = await startOidc({
    clients: [
      { client_id: 'deck', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], ...NATIVE },
      { client_id: 'terminal', client_secret: TERMINAL_SECRET, grant_types: [DEVICE_GRANT, 'refresh_token'], response_types: [], redirect_uris: [] },
    ],
    configuration: { conformIdTokenClaims: false },
    tls: { certificate: ca.server([HOST]), host: HOST },
  });
  relay = await startConnectProxy();
  // The browser reaches the issuer itself (the person's browser has its own way there).
  browser = await launchChromium([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`, '--ignore-certificate-errors']);
  sandbox = createSandbox();
  await sandbox.vault.addOrganization({ name: 'corp', provider: 'oauth2', tokenUrl: `${oidc.issuer}/token`, apiBaseUrl: oidc.issuer, network: { proxy: relay.url, caPem: ca.pem } });
  await sandbox.vault.addClient('corp', { name: 'me', environment: 'development', clientId: 'deck', oauth2: { grant: 'authorization_code', issuer: oidc.issuer, authMethod: 'none', scope: 'openid email offline_access' } });
  await sandbox.vault.addClient('corp', { name: 'cli', environment: 'development', clientId: 'terminal', oauth2: { grant: 'device_code', issuer: oidc.issuer, authMethod: 'client_secret_basic', scope: 'openid email offline_access' } }, TERMINAL_SECRET);
}, 60_000);

afterAll(async () => {
  await sandbox?.cleanup();
  await browser?.close();
  await relay?.close();
  await oidc?.close();
  ca?.remove();
});

const refreshOf = (name: string) => sandbox.keychain.get(keychainAccount.refreshToken(sandbox.vault.snapshot().clients.find((c) => c.name === name)!.id));
const fromTokendeck = () => oidc.seen.filter((s) => s.headers['user-agent'] === 'Tokendeck').map((s) => s.url.split('?')[0]);

describe("a sign-in through the organization's proxy and CA", () => {
  it('the browser flow: discovery, code exchange and JWKS through the proxy; then the refresh', async () => {
    const pages = driveOidcPages(browser, 'ada');
    const issued = await sandbox.core.tokens.signIn({ org: 'corp', client: 'me' }, { kind: 'browser', openBrowser: pages.openBrowser });
    expect(await pages.done()).toContain('Signed in');
    expect(issued.account).toBe('ada@example.test');
    const fresh = await sandbox.core.tokens.credential({ org: 'corp', client: 'me', fresh: true });
    expect(fromTokendeck()).toEqual(['/.well-known/openid-configuration', '/token', '/jwks', '/token']);
    expect(new Set(relay.connects.map((c) => c.target))).toEqual(new Set([`${HOST}:${oidc.port}`]));
    expect(relay.connects).toHaveLength(4);
    const raw = relay.raw();
    for (const never of [issued.token, fresh.token, (await refreshOf('me'))!, 'grant_type', 'code_verifier']) expect(raw.includes(never)).toBe(false);
  }, 60_000);

  it('the device flow and the sign-out: the secret, codes and tokens never reach the proxy', async () => {
    relay.connects.length = 0;
    const shown: string[] = [];
    let page = '';
    const issued = await sandbox.core.tokens.signIn(
      { org: 'corp', client: 'cli' },
      { kind: 'device', onCode: (code) => shown.push(code.verificationUriComplete!), sleep: async () => void (page ||= await approveDevice(browser, shown[0]!, 'approve', 'grace')) },
    );
    expect(issued.account).toBe('grace@example.test');
    const refresh = (await refreshOf('cli'))!;
    expect(await sandbox.core.tokens.signOut({ org: 'corp', client: 'cli' })).toEqual({ revoked: true });
    // Discovery, device authorization, the poll, the JWKS; then discovery and revocation at sign-out.
    expect(relay.connects.map((c) => c.target)).toEqual(Array(6).fill(`${HOST}:${oidc.port}`));
    const raw = relay.raw();
    for (const never of [TERMINAL_SECRET, Buffer.from(`terminal:${TERMINAL_SECRET}`).toString('base64'), issued.token, refresh, 'device_code']) expect(raw.includes(never)).toBe(false);
  }, 60_000);

  it('without the proxy the issuer cannot be reached: every request went through it', async () => {
    const change = { network: { proxy: null } };
    await sandbox.vault.updateOrganization('corp', change, sandbox.vault.organizationUpdateDestinationChange('corp', change));
    await expect(sandbox.core.tokens.signIn({ org: 'corp', client: 'me' }, { kind: 'browser', openBrowser: async () => undefined })).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/ENOTFOUND|EAI_AGAIN/) });
  });
});
