// A client's TLS certificate (mutual TLS, RFC 8705) as it comes in and as the vault keeps it:
// parsed, its key held to it, hostile input refused, the certificate in vault.json and the key in
// the real keychain only, removed with the client to the trash and back, seen by the audit.
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseClientCertificate } from '../../main/core/client-certificate.js';
import { TokendeckError } from '../../main/core/errors.js';
import { certificateThumbprint } from '../../main/core/http/transport.js';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';
import { createTestCa } from '../servers/test-ca.js';

const ca = createTestCa();
const alice = ca.client('alice');
const bob = ca.client('bob');
afterAll(() => ca.remove());

const NOW = Date.now();
const DAY = 86_400_000;

function refusal(run: () => unknown): TokendeckError {
  try {
    run();
  } catch (error) {
    if (error instanceof TokendeckError) return error;
    throw error;
  }
  throw new Error('not refused');
}

/** The base64 body of a PEM key, which no message may quote. */
const keyBody = (pem: string) => pem.split('\n').slice(1, 3).join('');

describe('parseClientCertificate', () => {
  it('keeps the certificate, its x5t#S256 thumbprint, subject and expiry; the key as PKCS#8', () => {
    const parsed = parseClientCertificate(alice.certPem, alice.keyPem, NOW);
    expect(parsed.record).toEqual({ pem: alice.certPem, thumbprint: certificateThumbprint(alice.certPem), subject: 'CN=alice', notAfter: expect.stringMatching(/^\d{4}-.*Z$/), hasKey: true });
    expect(parsed.record.thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(parsed.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(parsed.warnings).toEqual([]);
  });

  it('reads CRLF line ends and a chain (leaf first, thumbprint of the leaf)', () => {
    const chain = `${alice.certPem}${ca.pem}`.replace(/\n/g, '\r\n');
    const parsed = parseClientCertificate(chain, alice.keyPem.replace(/\n/g, '\r\n'), NOW);
    expect(parsed.record.pem).toBe(`${alice.certPem}${ca.pem}`);
    expect(parsed.record.thumbprint).toBe(certificateThumbprint(alice.certPem));
  });

  it('refuses a key that is not the certificate’s, naming the certificate and never the key', () => {
    const error = refusal(() => parseClientCertificate(alice.certPem, bob.keyPem, NOW));
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'key' });
    expect(error.message).toContain('not the private key of the certificate "CN=alice"');
    expect(error.message).not.toContain(keyBody(bob.keyPem));
  });

  it('warns, and does not refuse, an expired or not-yet-valid certificate', () => {
    expect(parseClientCertificate(alice.certPem, alice.keyPem, NOW + 10 * DAY).warnings).toEqual([expect.stringContaining('The certificate expired on')]);
    expect(parseClientCertificate(alice.certPem, alice.keyPem, NOW - 10 * DAY).warnings).toEqual([expect.stringContaining('is not valid until')]);
  });

  it.each([
    ['not PEM', 'hello', 'certificate', 'it is not PEM'],
    ['a key given as the certificate', alice.keyPem, 'certificate', 'holds a private key block'],
    ['junk after the block', `${alice.certPem}\r\nX-Evil: 1\r\n`, 'certificate', 'text after its PEM block'],
    ['a NUL before the block', `\u0000${alice.certPem}`, 'certificate', 'text before its PEM block'],
    ['an enormous file', `${alice.certPem}${' '.repeat(70 * 1024)}`, 'certificate', 'over 64 KB'],
    ['broken base64', alice.certPem.replace(/\n[A-Za-z0-9+/]{10}/, '\nAAAAAAAAAA'), 'certificate', 'could not be read as X.509'],
  ])('refuses a certificate that is %s', (_, cert, field, words) => {
    expect(refusal(() => parseClientCertificate(cert, alice.keyPem, NOW))).toMatchObject({ code: 'VALIDATION', field, message: expect.stringContaining(words) });
  });

  it.each([
    ['the certificate again', alice.certPem, 'not a private key'],
    ['encrypted with a passphrase', '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n', 'encrypted with a passphrase'],
    ['two keys', `${alice.keyPem}${bob.keyPem}`, 'holds 2 PEM blocks'],
    ['over 16 KB', `${alice.keyPem}${'\n'.repeat(17 * 1024)}`, 'over 16 KB'],
  ])('refuses a key that is %s, quoting none of it', (_, key, words) => {
    const error = refusal(() => parseClientCertificate(alice.certPem, key, NOW));
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'key', message: expect.stringContaining(words) });
    expect(error.message).not.toContain(keyBody(bob.keyPem));
    expect(error.message).not.toContain(keyBody(alice.keyPem));
  });

  it('escapes a control character hidden in the subject rather than printing it', () => {
    const odd = ca.client('line\u0007bell');
    const { record } = parseClientCertificate(odd.certPem, odd.keyPem, NOW);
    expect(record.subject).not.toMatch(/[\u0000-\u001f]/);
    expect(record.subject).toContain('line');
  });
});

describe('a client’s certificate in the vault', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = createSandbox();
    await sandbox.vault.addOrganization({ name: 'acme', provider: 'oauth2', tokenUrl: 'https://login.acme.test/token' });
    await sandbox.vault.addClient('acme', { name: 'svc', environment: 'production', clientId: 'svc' });
  });
  afterEach(() => sandbox.cleanup());

  const tlsKeyOf = (id: string) => sandbox.keychain.get(keychainAccount.tlsKey(id));

  it('keeps the certificate in vault.json and the private key in the keychain only', async () => {
    const { client, warnings } = await sandbox.vault.setClientCertificate('acme', 'svc', alice.certPem, alice.keyPem);
    expect(warnings).toEqual([]);
    expect(client.certificate).toMatchObject({ subject: 'CN=alice', thumbprint: certificateThumbprint(alice.certPem), hasKey: true });
    expect(await tlsKeyOf(client.id)).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const files = readAllFiles(sandbox.home);
    expect(files).toContain(alice.certPem.split('\n')[1]);
    expect(files).not.toContain('PRIVATE KEY');
    expect(files).not.toContain(keyBody(alice.keyPem));
    expect(await sandbox.vault.clientCertificate(client)).toEqual({ certPem: alice.certPem, keyPem: await tlsKeyOf(client.id) });
  });

  it('takes tls_client_auth only for a client with a certificate, which then needs no secret, and keeps it while the method needs it', async () => {
    const input = { name: 'mtls', environment: 'production', clientId: 'mtls', oauth2: { authMethod: 'tls_client_auth' as const } };
    await expect(sandbox.vault.addClient('acme', input)).rejects.toMatchObject({ code: 'VALIDATION', field: 'oauth2.authMethod', message: expect.stringContaining('give the client its certificate and private key') });
    const added = await sandbox.vault.addClient('acme', input, undefined, alice);
    expect(added).toMatchObject({ hasSecret: false, certificate: { subject: 'CN=alice' } });
    await expect(sandbox.vault.updateClient('acme', 'svc', { oauth2: { authMethod: 'self_signed_tls_client_auth' } })).rejects.toMatchObject({ field: 'oauth2.authMethod' });
    await expect(sandbox.vault.removeClientCertificate('acme', 'mtls')).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('choose another auth method first') });
  });

  it('replaces certificate and key together; a mismatched pair changes nothing', async () => {
    await sandbox.vault.setClientCertificate('acme', 'svc', alice.certPem, alice.keyPem);
    await expect(sandbox.vault.setClientCertificate('acme', 'svc', bob.certPem, alice.keyPem)).rejects.toMatchObject({ code: 'VALIDATION', field: 'key' });
    const { client } = sandbox.vault.resolveClient('acme', 'svc');
    expect(client.certificate?.subject).toBe('CN=alice');
    const replaced = await sandbox.vault.setClientCertificate('acme', 'svc', bob.certPem, bob.keyPem);
    expect(replaced.client.certificate?.subject).toBe('CN=bob');
    expect(await sandbox.vault.clientCertificate(replaced.client)).toMatchObject({ certPem: bob.certPem });
  });

  it('removes the certificate and deletes its key', async () => {
    const { client } = await sandbox.vault.setClientCertificate('acme', 'svc', alice.certPem, alice.keyPem);
    const removed = await sandbox.vault.removeClientCertificate('acme', 'svc');
    expect(removed.certificate).toBeUndefined();
    expect(await tlsKeyOf(client.id)).toBeNull();
    expect(await sandbox.vault.auditKeychain()).toEqual({ missingSecrets: [], missingPrivateKeys: [], missingTlsKeys: [], orphans: [] });
  });

  it('moves the key to the trash with the client, and back on restore', async () => {
    const { client } = await sandbox.vault.setClientCertificate('acme', 'svc', alice.certPem, alice.keyPem);
    const stored = await tlsKeyOf(client.id);
    const item = await sandbox.vault.removeClient('acme', 'svc');
    expect(await tlsKeyOf(client.id)).toBeNull();
    expect(await sandbox.keychain.get(keychainAccount.inTrash(item.id, keychainAccount.tlsKey(client.id)))).toBe(stored);
    await sandbox.vault.restoreFromTrash(item.id);
    expect(await tlsKeyOf(client.id)).toBe(stored);
    expect(sandbox.vault.resolveClient('acme', 'svc').client.certificate?.subject).toBe('CN=alice');
    expect(await sandbox.vault.auditKeychain()).toEqual({ missingSecrets: [], missingPrivateKeys: [], missingTlsKeys: [], orphans: [] });
  });

  it('audits a key deleted behind its back; the repair marks the certificate keyless and a request says to add it', async () => {
    const { client } = await sandbox.vault.setClientCertificate('acme', 'svc', alice.certPem, alice.keyPem);
    execFileSync('secret-tool', ['clear', 'service', sandbox.service, 'username', keychainAccount.tlsKey(client.id)]);
    expect(await sandbox.vault.auditKeychain()).toMatchObject({ missingTlsKeys: [{ org: 'acme', client: 'svc' }], orphans: [] });
    await sandbox.vault.repairKeychain();
    const repaired = sandbox.vault.resolveClient('acme', 'svc').client;
    expect(repaired.certificate?.hasKey).toBe(false);
    await expect(sandbox.vault.clientCertificate(repaired)).rejects.toMatchObject({ code: 'SECRET_MISSING', message: expect.stringContaining('--cert FILE --cert-key FILE') });
  });
});
