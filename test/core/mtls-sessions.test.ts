// A person's session on a client that proves itself with its TLS certificate (RFC 8705 §2), against
// oidc-provider over https: the device flow (device authorization and polling), the refresh and the
// revocation all go over the client's certificate, with no secret; the session's tokens are bound to it
// (userinfo takes them over that certificate only).
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendRequest } from '../../main/core/http/send-request.js';
import type { Transport } from '../../main/core/http/transport.js';
import { launchChromium } from '../harness/browser.js';
import { DEVICE_GRANT } from '../servers/oidc.js';
import { startMtlsOidc, type MtlsOidc } from '../servers/oidc-mtls.js';
import { createTestCa } from '../servers/test-ca.js';
import { approveDevice } from '../support/oidc-pages.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const ca = createTestCa('mTLS Test CA');
const alice = ca.client('alice');
let oidc: MtlsOidc;
let browser: Browser;
let sandbox: Sandbox;

beforeAll(async () => {
  oidc = await startMtlsOidc(
    ca,
    [{ client_id: 'tv', token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=alice', tls_client_certificate_bound_access_tokens: true, grant_types: [DEVICE_GRANT, 'refresh_token'], response_types: [], redirect_uris: [] }],
    {
      features: { devInteractions: { enabled: true }, deviceFlow: { enabled: true }, revocation: { enabled: true } },
      rotateRefreshToken: true,
      issueRefreshToken: async () => true,
      findAccount: async (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => ({ sub: id, email: `${id}@example.test` }) }),
      claims: { openid: ['sub'], email: ['email'] },
    },
  );
  // The test's CA is not the browser's: the person's pages are on the same https server.
  browser = await launchChromium(['--ignore-certificate-errors']);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await oidc?.close();
  ca.remove();
});

beforeEach(async () => {
  sandbox = createSandbox();
  await sandbox.vault.addOrganization({ name: 'idp', provider: 'oauth2', tokenUrl: oidc.tokenUrl, apiBaseUrl: oidc.issuer, network: { caPem: ca.pem } });
  await sandbox.vault.addClient('idp', { name: 'tv', environment: 'production', clientId: 'tv', oauth2: { grant: 'device_code', issuer: oidc.issuer, authMethod: 'tls_client_auth', scope: 'openid email offline_access' } }, undefined, alice);
});
afterEach(() => sandbox.cleanup());

/** What the issuer's userinfo answers the token over `transport` (HTTP status). */
const userinfo = async (token: string, transport: Transport) => (await sendRequest({ method: 'GET', url: `${oidc.issuer}/me`, headers: [], authorization: `Bearer ${token}`, transport })).status;

/** The requests Tokendeck made to these paths, with the certificate each presented. */
const presentedAt = (...paths: string[]) => oidc.requests.filter((r) => paths.includes(r.path)).map((r) => r.presented);

describe('a tls_client_auth client’s session', () => {
  it('signs in with the device flow, refreshes and signs out, each over its certificate', async () => {
    const shown: string[] = [];
    let approved = '';
    const issued = await sandbox.core.tokens.signIn(
      { org: 'idp', client: 'tv' },
      {
        kind: 'device',
        onCode: (code) => shown.push(code.verificationUriComplete!),
        sleep: async () => void (approved ||= await approveDevice(browser, shown[0]!, 'approve', 'grace')),
      },
    );
    expect(issued.account).toBe('grace');
    // Opaque, but bound: oidc-provider's userinfo takes it only over the certificate it was issued over.
    expect(await userinfo(issued.token, { ca: ca.pem, clientCertificate: alice })).toBe(200);
    expect(await userinfo(issued.token, { ca: ca.pem })).toBe(401);
    const signIn = presentedAt('/device/auth', '/token');
    expect(signIn.length).toBeGreaterThanOrEqual(2);
    expect(signIn.every((name) => name === 'alice')).toBe(true);

    const before = oidc.requests.length;
    const refreshed = await sandbox.core.tokens.credential({ org: 'idp', client: 'tv', fresh: true });
    expect(refreshed.token).not.toBe(issued.token);
    expect(await userinfo(refreshed.token, { ca: ca.pem })).toBe(401);
    expect(oidc.requests.slice(before).filter((r) => r.path === '/token').map((r) => r.presented)).toEqual(['alice']);

    const outcome = await sandbox.core.tokens.signOut({ org: 'idp', client: 'tv' });
    expect(outcome).toEqual({ revoked: true });
    expect(presentedAt('/token/revocation')).toEqual(['alice']);
  }, 60_000);
});
