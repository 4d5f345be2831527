// A client's TLS certificate from the terminal (mutual TLS, RFC 8705): `client add|update --cert
// FILE --cert-key FILE` reads the key once into the keychain and says the file is not kept,
// `--auth-method tls_client_auth` needs the certificate, `client show` prints subject, thumbprint
// and expiry, `--no-cert` asks (or needs --yes) since the key goes for good. The built CLI, the real keychain.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { certificateThumbprint } from '../../main/core/http/transport.js';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { runTokendeck, type CliRun } from '../support/cli.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';
import { startMtlsApi, startMtlsOidc, type MtlsApi, type MtlsOidc } from '../servers/oidc-mtls.js';
import { createTestCa } from '../servers/test-ca.js';

const ca = createTestCa();
const alice = ca.client('alice');
const bob = ca.client('bob');
afterAll(() => ca.remove());

let sandbox: Sandbox;
let files: Record<'aliceCert' | 'aliceKey' | 'bobCert' | 'bobKey', string>;
beforeEach(async () => {
  sandbox = createSandbox();
  const dir = fs.mkdtempSync(path.join(sandbox.home, 'pem-'));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  files = { aliceCert: write('alice.pem', alice.certPem), aliceKey: write('alice.key', alice.keyPem), bobCert: write('bob.pem', bob.certPem), bobKey: write('bob.key', bob.keyPem) };
  await sandbox.vault.addOrganization({ name: 'acme', provider: 'oauth2', tokenUrl: 'https://login.acme.test/token' });
});
afterEach(() => sandbox.cleanup());

const tokendeck = (args: string[]) => runTokendeck(args, { env: sandbox.env });
async function ok(args: string[]): Promise<CliRun> {
  const run = await tokendeck(args);
  expect(run.stderr).not.toMatch(/tokendeck: [A-Z_]+:/);
  expect(run.code).toBe(0);
  return run;
}
const keyBody = (pem: string) => pem.split('\n')[1]!;

describe('client add --cert --cert-key', () => {
  it('adds a tls_client_auth client with no secret; the key goes to the keychain, and the file is said not kept', async () => {
    const run = await ok(['client', 'add', 'acme/svc', '--env', 'production', '--client-id', 'svc', '--auth-method', 'tls_client_auth', '--cert', files.aliceCert, '--cert-key', files.aliceKey]);
    expect(run.stderr).toContain(`presents the TLS certificate CN=alice (x5t#S256 ${certificateThumbprint(alice.certPem)}`);
    expect(run.stderr).toContain(`read from ${files.aliceKey} into the keychain; Tokendeck does not keep or read that file again`);
    const { client } = sandbox.vault.resolveClient('acme', 'svc');
    expect(client).toMatchObject({ hasSecret: false, oauth2: { authMethod: 'tls_client_auth' }, certificate: { subject: 'CN=alice' } });
    expect(await sandbox.keychain.get(keychainAccount.tlsKey(client.id))).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    fs.rmSync(path.dirname(files.aliceKey), { recursive: true });
    expect(readAllFiles(sandbox.home)).not.toContain('PRIVATE KEY');
  });

  it('refuses tls_client_auth without a certificate, and a key that is not the certificate’s, adding nothing', async () => {
    const bare = await tokendeck(['client', 'add', 'acme/svc', '--env', 'production', '--client-id', 'svc', '--auth-method', 'tls_client_auth']);
    expect(bare.code).not.toBe(0);
    expect(bare.stderr).toContain('give the client its certificate and private key (--cert FILE --cert-key FILE');
    const mismatched = await tokendeck(['client', 'add', 'acme/svc', '--env', 'production', '--client-id', 'svc', '--cert', files.aliceCert, '--cert-key', files.bobKey]);
    expect(mismatched.code).not.toBe(0);
    expect(mismatched.stderr).toContain('not the private key of the certificate "CN=alice"');
    expect(mismatched.stderr).not.toContain(keyBody(bob.keyPem));
    expect(sandbox.vault.tree().organizations[0]!.clients).toEqual([]);
    const half = await tokendeck(['client', 'add', 'acme/svc', '--env', 'production', '--client-id', 'svc', '--cert', files.aliceCert]);
    expect(half.stderr).toContain('Give --cert FILE and --cert-key FILE together');
  });
});

describe('client show and client update', () => {
  beforeEach(async () => {
    await ok(['client', 'add', 'acme/svc', '--env', 'production', '--client-id', 'svc', '--auth-method', 'self_signed_tls_client_auth', '--cert', files.aliceCert, '--cert-key', files.aliceKey]);
  });

  it('client show prints subject, thumbprint, expiry and where the key is', async () => {
    const { stdout } = await ok(['client', 'show', 'acme/svc']);
    const { client } = sandbox.vault.resolveClient('acme', 'svc');
    expect(stdout).toContain('auth method   self_signed_tls_client_auth');
    expect(stdout).toContain('certificate   CN=alice');
    expect(stdout).toContain(`thumbprint    ${certificateThumbprint(alice.certPem)} (x5t#S256)`);
    expect(stdout).toContain(`expires       ${client.certificate!.notAfter}`);
    expect(stdout).toContain('private key   in keychain');
    expect(stdout).not.toContain('PRIVATE KEY');
  });

  it('client list names the certificate beside the secret', async () => {
    expect((await ok(['client', 'list', 'acme'])).stdout).toContain('no secret  default bearer  grant client-credentials  cert CN=alice');
  });

  it('--cert replaces the certificate and key', async () => {
    await ok(['client', 'update', 'acme/svc', '--cert', files.bobCert, '--cert-key', files.bobKey]);
    expect((await ok(['client', 'show', 'acme/svc'])).stdout).toContain('certificate   CN=bob');
  });

  it('--no-cert needs --yes off a terminal, refuses while the auth method needs it, then deletes the key', async () => {
    const { client } = sandbox.vault.resolveClient('acme', 'svc');
    const unconfirmed = await tokendeck(['client', 'update', 'acme/svc', '--no-cert']);
    expect(unconfirmed.code).not.toBe(0);
    expect(unconfirmed.stderr).toContain('deletes its private key from the keychain');
    expect(unconfirmed.stderr).toContain('Add --yes to confirm');
    const needed = await tokendeck(['client', 'update', 'acme/svc', '--no-cert', '--yes']);
    expect(needed.stderr).toContain('choose another auth method first');
    await ok(['client', 'update', 'acme/svc', '--auth-method', 'post', '--no-cert', '--yes']);
    expect(sandbox.vault.resolveClient('acme', 'svc').client.certificate).toBeUndefined();
    expect(await sandbox.keychain.get(keychainAccount.tlsKey(client.id))).toBeNull();
    expect((await ok(['client', 'show', 'acme/svc'])).stdout).toContain('certificate   none');
  });
});

describe('token, exec and request with a certificate-bound token', () => {
  let oidc: MtlsOidc;
  let api: MtlsApi;
  beforeEach(async () => {
    oidc = await startMtlsOidc(ca, [
      { client_id: 'svc-mtls', token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=alice', tls_client_certificate_bound_access_tokens: true, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] },
    ]);
    api = await startMtlsApi(ca, oidc.publicKey);
    await sandbox.vault.addOrganization({ name: 'idp', provider: 'oauth2', tokenUrl: oidc.tokenUrl, apiBaseUrl: api.url, network: { caPem: ca.pem } });
    await ok(['client', 'add', 'idp/svc', '--env', 'production', '--client-id', 'svc-mtls', '--auth-method', 'tls_client_auth', '--cert', files.aliceCert, '--cert-key', files.aliceKey]);
  });
  afterEach(async () => {
    await Promise.all([oidc.close(), api.close()]);
  });

  it('token prints the token as before and says once, on stderr, which certificate it is bound to', async () => {
    const run = await ok(['token', 'idp/svc']);
    expect(run.stdout).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const start = certificateThumbprint(alice.certPem).slice(0, 12);
    expect(run.stderr.match(/bound to the TLS certificate/g)).toHaveLength(1);
    expect(run.stderr).toContain(`bound to the TLS certificate ${start}…`);
  });

  it('request calls the API over the client’s certificate', async () => {
    const run = await ok(['request', 'idp/svc', 'GET', '/things']);
    expect(run.stdout).toContain('"ok":true');
    expect(api.seen.at(-1)).toEqual({ status: 200, presented: 'alice' });
  });
});
