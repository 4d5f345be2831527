// A client's TLS certificate by the screens (mutual TLS, RFC 8705), against oidc-provider over
// https asking for client certificates: the client view's "Client certificate (mTLS)" has main
// choose and read the files (the harness answers main's dialogs; the key never crosses to the
// page), shows subject, thumbprint and expiry; the form then offers tls_client_auth; Copy token
// copies a token bound to that certificate; a key that is not the certificate's is refused; Remove
// asks first and deletes the key.
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateThumbprint } from '../../main/core/http/transport.js';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { startMtlsApi, startMtlsOidc, type MtlsApi, type MtlsOidc } from '../servers/oidc-mtls.js';
import { createTestCa } from '../servers/test-ca.js';
import { useDeckPage, type DeckWorld } from '../support/deck-page.js';
import { createSandbox } from '../support/sandbox.js';

const ca = createTestCa('mTLS Test CA');
const alice = ca.client('alice');
const bob = ca.client('bob');
let oidc: MtlsOidc;
let api: MtlsApi;

beforeAll(async () => {
  oidc = await startMtlsOidc(ca, [
    { client_id: 'svc-mtls', token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=alice', tls_client_certificate_bound_access_tokens: true, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] },
  ]);
  api = await startMtlsApi(ca, oidc.publicKey);
});
afterAll(async () => {
  await Promise.all([oidc?.close(), api?.close()]);
  ca.remove();
});

/** The base64 lines of a PEM key: what the leak scan looks for everywhere. */
const keyLines = (pem: string) => pem.split('\n').filter((line) => line && !line.startsWith('-----'));

async function mtlsWorld(): Promise<DeckWorld> {
  const sandbox = createSandbox();
  await sandbox.vault.addOrganization({ name: 'acme', provider: 'oauth2', tokenUrl: oidc.tokenUrl, apiBaseUrl: api.url, network: { caPem: ca.pem } });
  await sandbox.vault.addClient('acme', { name: 'svc', environment: 'production', clientId: 'svc-mtls' });
  return { ...sandbox, musimap: { issued: [] }, secrets: [...keyLines(alice.keyPem), ...keyLines(bob.keyPem)], close: () => sandbox.cleanup() };
}

const deck = useDeckPage(mtlsWorld, 'Live tokens');

async function openClient() {
  await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: 'acme/svc' }).click();
  const view = deck.page.getByRole('article', { name: 'Client acme/svc' });
  await view.waitFor();
  return { view, panel: view.getByRole('region', { name: 'Client certificate (mTLS)' }) };
}

describe('the client certificate in the deck', () => {
  it('is chosen in main’s dialogs, shown by subject, thumbprint and expiry, then proves the client and binds its token', async () => {
    const { view, panel } = await openClient();
    expect(await panel.textContent()).toContain('None.');
    // The user cancels main's dialog: nothing changes.
    deck.harness.certificateFiles = undefined;
    await panel.getByRole('button', { name: 'Choose certificate and key…' }).click();
    await expect.poll(() => deck.world.vault.resolveClient('acme', 'svc').client.certificate).toBeUndefined();

    deck.harness.certificateFiles = alice;
    await panel.getByRole('button', { name: 'Choose certificate and key…' }).click();
    await panel.getByText('CN=alice').waitFor();
    expect(await panel.textContent()).toContain(certificateThumbprint(alice.certPem));
    expect(await panel.textContent()).toContain('stored in keychain');
    await deck.shootAll('client-certificate');

    await view.getByRole('button', { name: 'Edit' }).click();
    const form = deck.page.getByRole('form', { name: 'Edit svc' });
    await form.getByLabel('Client authentication').selectOption('tls_client_auth');
    await form.getByRole('button', { name: 'Save' }).click();
    await view.getByText('none: its TLS certificate proves it (tls_client_auth)').waitFor();
    expect(await panel.textContent()).toContain('choose another client authentication first');

    await view.getByRole('button', { name: 'Copy bearer token' }).click();
    await expect.poll(() => deck.clipboard()).toMatch(/^ey/);
    expect(decodeJwt(deck.clipboard()).cnf).toEqual({ 'x5t#S256': certificateThumbprint(alice.certPem) });
    expect(oidc.presented.at(-1)).toBe('alice');
  });

  it('refuses a key that is not the certificate’s, saying so, and keeps the one it had', async () => {
    const { panel } = await openClient();
    deck.harness.certificateFiles = alice;
    await panel.getByRole('button', { name: 'Choose certificate and key…' }).click();
    await panel.getByText('CN=alice').waitFor();
    deck.harness.certificateFiles = { certPem: bob.certPem, keyPem: alice.keyPem };
    await panel.getByRole('button', { name: 'Replace…' }).click();
    await panel.getByRole('alert').getByText('not the private key of the certificate "CN=bob"').waitFor();
    await deck.shootAll('client-certificate-mismatch');
    expect(deck.world.vault.resolveClient('acme', 'svc').client.certificate?.subject).toBe('CN=alice');
  });

  it('is removed after asking, its key deleted from the keychain', async () => {
    const { panel } = await openClient();
    deck.harness.certificateFiles = alice;
    await panel.getByRole('button', { name: 'Choose certificate and key…' }).click();
    await panel.getByText('CN=alice').waitFor();
    const { id } = deck.world.vault.resolveClient('acme', 'svc').client;
    await panel.getByRole('button', { name: 'Remove certificate' }).click();
    await panel.getByText('Its private key is deleted from the keychain').waitFor();
    await deck.shootAll('client-certificate-remove');
    await panel.getByRole('button', { name: 'Yes, remove certificate' }).click();
    await panel.getByText('None.').waitFor();
    expect(await deck.world.keychain.get(keychainAccount.tlsKey(id))).toBeNull();
  });
});
