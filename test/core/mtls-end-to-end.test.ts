// Mutual TLS end to end (RFC 8705), through the token service and the console as the deck and the
// CLI use them: an organization trusting the test's CA (its network settings), clients with a
// certificate in the vault and its key in the real keychain; oidc-provider authenticates them by
// certificate and binds their tokens to it; an API that wants the same certificate accepts the
// console's call and refuses one without it; a bound token is never sent over another certificate.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { ConsoleRequest } from '../../main/core/console/console-model.js';
import { sendRequest } from '../../main/core/http/send-request.js';
import { certificateThumbprint } from '../../main/core/http/transport.js';
import { selfSignedJwks, startMtlsApi, startMtlsOidc, type MtlsApi, type MtlsOidc } from '../servers/oidc-mtls.js';
import { createTestCa } from '../servers/test-ca.js';
import { exportSetup, importSetup } from '../../main/core/setup/share-setup.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';

const ca = createTestCa('mTLS Test CA');
const alice = ca.client('alice');
const bob = ca.client('bob');
const device = ca.selfSigned('device-7');
let oidc: MtlsOidc;
let api: MtlsApi;
let sandbox: Sandbox;

const BOUND = { grant_types: ['client_credentials'], response_types: [], redirect_uris: [], tls_client_certificate_bound_access_tokens: true };

beforeAll(async () => {
  oidc = await startMtlsOidc(ca, [
    { ...BOUND, client_id: 'svc-mtls', token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=alice' },
    { ...BOUND, client_id: 'svc-self', token_endpoint_auth_method: 'self_signed_tls_client_auth', jwks: selfSignedJwks(device) },
  ]);
  api = await startMtlsApi(ca, oidc.publicKey);
});
afterAll(async () => {
  await Promise.all([oidc.close(), api.close()]);
  ca.remove();
});

beforeEach(async () => {
  sandbox = createSandbox();
  await sandbox.vault.addOrganization({ name: 'acme', provider: 'oauth2', tokenUrl: oidc.tokenUrl, apiBaseUrl: api.url, network: { caPem: ca.pem } });
  await sandbox.vault.addClient('acme', { name: 'svc', environment: 'production', clientId: 'svc-mtls', oauth2: { authMethod: 'tls_client_auth' } }, undefined, alice);
  await sandbox.vault.addClient('acme', { name: 'device', environment: 'staging', clientId: 'svc-self', oauth2: { authMethod: 'self_signed_tls_client_auth' } }, undefined, device);
});
afterEach(() => sandbox.cleanup());

const consoleGet = (client: string) =>
  sandbox.core.requestConsole.send({ requestId: randomUUID(), request: ConsoleRequest.parse({ org: 'acme', client, method: 'GET', url: '/things' }) });

describe('a tls_client_auth client', () => {
  it('gets a token over its certificate (no secret anywhere), bound to that certificate', async () => {
    const credential = await sandbox.core.tokens.credential({ org: 'acme', client: 'svc' });
    expect(oidc.presented.at(-1)).toBe('alice');
    expect(decodeJwt(credential.token).cnf).toEqual({ 'x5t#S256': certificateThumbprint(alice.certPem) });
  });

  it('calls the API from the console over the same certificate; the same token without it is refused', async () => {
    const answer = await consoleGet('svc');
    expect(answer).toMatchObject({ status: 200 });
    expect(api.seen.at(-1)).toEqual({ status: 200, presented: 'alice' });
    const { token } = await sandbox.core.tokens.credential({ org: 'acme', client: 'svc' });
    // Outside Tokendeck's client: the same token over a connection with no certificate.
    const bare = await sendRequest({ method: 'GET', url: `${api.url}/things`, headers: [], authorization: `Bearer ${token}`, transport: { ca: ca.pem } });
    expect(bare.status).toBe(401);
    expect(api.seen.at(-1)).toEqual({ status: 401, presented: undefined });
  });

  it('refuses, before sending, a cached token bound to another certificate than the client presents', async () => {
    await sandbox.core.tokens.credential({ org: 'acme', client: 'svc' });
    // The store says bob's certificate now, the cache still holds alice's token (a vault.json
    // copied from another machine): the token must not leave.
    const bobRecord = (await sandbox.vault.setClientCertificate('acme', 'device', bob.certPem, bob.keyPem)).client.certificate!;
    await sandbox.vault.transact((data) => {
      data.clients.find((c) => c.name === 'svc')!.certificate = bobRecord;
    });
    const before = api.seen.length;
    await expect(consoleGet('svc')).rejects.toMatchObject({ code: 'CERTIFICATE_BINDING', message: expect.stringContaining('CN=bob') });
    expect(api.seen.length).toBe(before);
  });

  it('drops the client’s cached tokens when its certificate changes', async () => {
    await sandbox.core.tokens.credential({ org: 'acme', client: 'svc' });
    expect(sandbox.core.tokens.list().filter((t) => t.client === 'svc')).toHaveLength(1);
    await sandbox.vault.setClientCertificate('acme', 'svc', alice.certPem, alice.keyPem);
    expect(sandbox.core.tokens.list().filter((t) => t.client === 'svc')).toHaveLength(1);
    await sandbox.vault.setClientCertificate('acme', 'svc', bob.certPem, bob.keyPem);
    expect(sandbox.core.tokens.list().filter((t) => t.client === 'svc')).toEqual([]);
  });
});

describe('a self_signed_tls_client_auth client', () => {
  it('gets a token bound to its registered certificate and calls the API with it', async () => {
    const credential = await sandbox.core.tokens.credential({ org: 'acme', client: 'device' });
    expect(decodeJwt(credential.token).cnf).toEqual({ 'x5t#S256': certificateThumbprint(device.certPem) });
    expect(await consoleGet('device')).toMatchObject({ status: 200 });
    expect(api.seen.at(-1)).toEqual({ status: 200, presented: 'device-7' });
  });
});

describe('the private key', () => {
  it('is in no file of the home after tokens, calls and a refusal', async () => {
    await consoleGet('svc');
    await sandbox.vault.setClientCertificate('acme', 'svc', alice.certPem, bob.keyPem).catch((error: Error) => expect(error.message).not.toContain(bob.keyPem.split('\n')[1]));
    const files = readAllFiles(sandbox.home);
    expect(files).not.toContain('PRIVATE KEY');
    for (const key of [alice.keyPem, bob.keyPem, device.keyPem]) expect(files).not.toContain(key.split('\n')[1]);
  });
});

describe('a shared setup', () => {
  it('carries the certificate and never its key; the imported client says to add the key, and presents nothing until then', async () => {
    const text = exportSetup(sandbox.vault, sandbox.core.requestConsole);
    expect(text).toContain(JSON.stringify(alice.certPem).slice(1, 40));
    expect(text).not.toContain('PRIVATE KEY');
    for (const key of [alice.keyPem, device.keyPem]) expect(text).not.toContain(key.split('\n')[1]);

    const other = createSandbox();
    try {
      const plan = await importSetup(other.vault, other.core.requestConsole, text);
      expect(plan.steps).toContainEqual(expect.objectContaining({ action: 'add', what: 'acme/svc', detail: expect.stringContaining('TLS certificate CN=alice: add its private key') }));
      const { client } = other.vault.resolveClient('acme', 'svc');
      expect(client.certificate).toMatchObject({ subject: 'CN=alice', thumbprint: certificateThumbprint(alice.certPem), hasKey: false });
      expect(await other.keychain.accounts()).not.toContain(`client/${client.id}/tls-key`);
      await expect(other.core.tokens.credential({ org: 'acme', client: 'svc' })).rejects.toMatchObject({ code: 'SECRET_MISSING', message: expect.stringContaining('its private key is not in this keychain') });
      // Its key added here (and the CA trusted here too), the client works.
      const trust = { network: { caPem: ca.pem } };
      await other.vault.updateOrganization('acme', trust, other.vault.organizationUpdateDestinationChange('acme', trust));
      await other.vault.setClientCertificate('acme', 'svc', alice.certPem, alice.keyPem);
      expect(await other.core.tokens.credential({ org: 'acme', client: 'svc' })).toMatchObject({ scheme: 'bearer' });
    } finally {
      await other.cleanup();
    }
  });

  it('refuses a file whose certificate is not a certificate, naming where', async () => {
    const text = exportSetup(sandbox.vault, sandbox.core.requestConsole).replace(/-----BEGIN CERTIFICATE-----\\n[A-Za-z0-9+/]{20}/, '-----BEGIN CERTIFICATE-----\\nAAAAAAAAAAAAAAAAAAAA');
    const other = createSandbox();
    try {
      await expect(importSetup(other.vault, other.core.requestConsole, text)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/clients\[\d\]\.certificate.*could not be read as X\.509/) });
      expect(other.vault.organizations()).toEqual([]);
    } finally {
      await other.cleanup();
    }
  });
});
