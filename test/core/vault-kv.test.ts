// The Vault secret source's reads (main/core/sources/vault-kv.ts) against a loopback stand-in that
// serves the documented KV version 2 and AppRole API (test/servers/vault-kv.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../main/core/errors.js';
import { readVaultSecret, vaultAppRoleLogin, vaultTokenFrom, type VaultSecretRead } from '../../main/core/sources/vault-kv.js';
import { sendJson, startLoopback, type Loopback, type SeenRequest } from '../servers/loopback.js';
import { startVaultStandIn, type VaultStandIn } from '../servers/vault-kv.js';

const SECRET = 'musimap-client-secret-7f3a9c';
let vault: VaultStandIn;
let token: string;

beforeEach(async () => {
  vault = await startVaultStandIn({ mounts: ['secret', 'team/kv'] });
  token = vault.issueToken({ read: ['secret/musimap/*', 'team/kv/*'] });
  vault.put('secret', 'musimap/prod', { client_id: 'web', client_secret: SECRET });
});
afterEach(async () => {
  await vault.close();
});

const read = (fields: Partial<VaultSecretRead> = {}) =>
  readVaultSecret({ address: vault.origin, mount: 'secret', path: 'musimap/prod', field: 'client_secret', token, ...fields });

/** The error, with its code; its message never holds the token, a secret_id or a stored value. */
async function failure(promise: Promise<unknown>, code: ErrorCode, leaks: string[] = []): Promise<string> {
  const error = await promise.then(
    () => expect.unreachable('it should have failed'),
    (e: unknown) => e as { code: string; message: string },
  );
  expect(error).toMatchObject({ code });
  for (const secret of [token, SECRET, ...leaks]) {
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain(Buffer.from(secret).toString('base64'));
  }
  return error.message;
}

describe('readVaultSecret', () => {
  it('answers the field of the latest version, sending the token in X-Vault-Token only', async () => {
    vault.put('secret', 'musimap/prod', { client_secret: 'rotated' });
    expect(await read()).toBe('rotated');
    const [request] = vault.seen as [SeenRequest];
    expect(request).toMatchObject({ method: 'GET', path: '/v1/secret/data/musimap/prod' });
    expect(request.headers['x-vault-token']).toBe(token);
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers['x-vault-namespace']).toBeUndefined();
  });

  it('reads a chosen version with ?version=N', async () => {
    vault.put('secret', 'musimap/prod', { client_secret: 'rotated' });
    expect(await read({ version: 1 })).toBe(SECRET);
    expect(vault.seen[0]?.path).toBe('/v1/secret/data/musimap/prod?version=1');
  });

  it('encodes each segment of a mount and path, so ?, # and % stay in the name', async () => {
    vault.put('team/kv', 'a b/c?d#e%f', { k: 'v' });
    expect(await read({ mount: 'team/kv', path: 'a b/c?d#e%f', field: 'k' })).toBe('v');
    expect(vault.seen[0]?.path).toBe('/v1/team/kv/data/a%20b/c%3Fd%23e%25f');
  });

  it('puts the API under the path of an address behind a proxy', async () => {
    await failure(read({ address: `${vault.origin}/vault/` }), 'SOURCE_UNAVAILABLE');
    expect(vault.seen[0]?.path).toBe('/vault/v1/secret/data/musimap/prod');
  });

  it('reads in a namespace with X-Vault-Namespace, and the same path outside it is another secret', async () => {
    const nsToken = vault.issueToken({ namespace: 'admin/team', read: ['secret/*'] });
    vault.put('secret', 'shared', { client_secret: 'in-namespace' }, 'admin/team');
    expect(await read({ path: 'shared', namespace: 'admin/team/', token: nsToken })).toBe('in-namespace');
    expect(vault.seen[0]?.headers['x-vault-namespace']).toBe('admin/team');
    const message = await failure(read({ path: 'shared', token: nsToken }), 'SOURCE_UNAVAILABLE', [nsToken]);
    expect(message).toContain('HTTP 403');
  });

  it('refuses a missing field naming the field and the fields that exist, never a value', async () => {
    const message = await failure(read({ field: 'secret' }), 'SOURCE_UNAVAILABLE', ['web']);
    expect(message).toContain('no field "secret"');
    expect(message).toContain('"client_id", "client_secret"');
  });

  it('refuses a field that is not a string, naming its kind, never its value', async () => {
    vault.put('secret', 'musimap/prod', { client_secret: { nested: SECRET }, port: 8443 });
    expect(await failure(read(), 'SOURCE_UNAVAILABLE')).toContain('"client_secret" of the Vault secret secret/musimap/prod#client_secret is an object');
    const message = await failure(read({ field: 'port' }), 'SOURCE_UNAVAILABLE', ['8443']);
    expect(message).toContain('is a number, not a text value');
  });

  it('maps a wrong token to SOURCE_UNAVAILABLE: log in again or ask for the policy', async () => {
    const message = await failure(read({ token: 'hvs.not-a-token-of-this-vault' }), 'SOURCE_UNAVAILABLE', ['hvs.not-a-token-of-this-vault']);
    expect(message).toContain('HTTP 403: "permission denied"');
    expect(message).toContain('Log in again');
    expect(message).toContain('"read" on "secret/data/musimap/prod"');
  });

  it('maps a path outside the token\'s policy to SOURCE_UNAVAILABLE (403)', async () => {
    vault.put('secret', 'personal/bank', { client_secret: 'x' });
    const message = await failure(read({ path: 'personal/bank' }), 'SOURCE_UNAVAILABLE');
    expect(message).toContain(`Vault at ${vault.origin} refused reading secret/personal/bank#client_secret (HTTP 403: "permission denied")`);
  });

  it('maps no secret at the path to SOURCE_UNAVAILABLE naming mount and path', async () => {
    const message = await failure(read({ path: 'musimap/staging' }), 'SOURCE_UNAVAILABLE');
    expect(message).toContain('HTTP 404');
    expect(message).toContain('no secret at secret/musimap/staging');
    expect(message).toContain('vault kv get -mount=secret musimap/staging');
  });

  it('says a soft-deleted version was deleted and how to undelete it', async () => {
    vault.put('secret', 'musimap/prod', { client_secret: 'v2' });
    vault.deleteVersion('secret', 'musimap/prod', 2);
    const message = await failure(read(), 'SOURCE_UNAVAILABLE');
    expect(message).toMatch(/Version 2 of secret\/musimap\/prod was deleted on \d{4}-/);
    expect(message).toContain('vault kv undelete -mount=secret -versions=2 musimap/prod');
    expect(await read({ version: 1 })).toBe(SECRET);
  });

  it('says a destroyed version can never be read again', async () => {
    vault.destroyVersion('secret', 'musimap/prod', 1);
    expect(await failure(read({ version: 1 }), 'SOURCE_UNAVAILABLE')).toContain('Version 1 of secret/musimap/prod was destroyed');
  });

  it('says a sealed Vault is sealed (503)', async () => {
    vault.sealed = true;
    const message = await failure(read(), 'SOURCE_UNAVAILABLE');
    expect(message).toContain('is sealed (HTTP 503: "Vault is sealed")');
    expect(message).toContain('unseal');
  });

  it('says sealed or down for maintenance for a 503 that does not say which', async () => {
    vault.hostile = { kind: 'status', status: 503, body: '<html><body>Service Unavailable</body></html>', contentType: 'text/html' };
    expect(await failure(read(), 'SOURCE_UNAVAILABLE')).toContain('is sealed or down for maintenance (HTTP 503: "Service Unavailable")');
  });

  it('names the status and the first error line of a 400 or 5xx, control characters stripped', async () => {
    vault.hostile = { kind: 'status', status: 500, body: JSON.stringify({ errors: ['1 error occurred:\n\t* storage \u001b[31mbackend\u0007 unreachable\n\t* second\n\n', 'other'] }) };
    const message = await failure(read(), 'SOURCE_UNAVAILABLE');
    expect(message).toContain('(HTTP 500: "storage [31mbackend unreachable")');
    expect(message).not.toMatch(/[\x00-\x1f]/);
    vault.hostile = { kind: 'status', status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' };
    expect(await failure(read(), 'SOURCE_UNAVAILABLE')).toContain('(HTTP 502: "502 Bad Gateway")');
  });

  it('never repeats the token a server echoes in its error, in any form', async () => {
    vault.hostile = { kind: 'echo-token' };
    const message = await failure(read(), 'SOURCE_UNAVAILABLE', [encodeURIComponent(token)]);
    expect(message).toContain('HTTP 400');
    expect(message).toContain('‹redacted›');
  });

  it('never follows a redirect: the other origin sees nothing, and the message names it without the token', async () => {
    const seenElsewhere: SeenRequest[] = [];
    const elsewhere: Loopback = await startLoopback((request, response) => {
      seenElsewhere.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: '' });
      sendJson(response, 200, { data: { data: { client_secret: 'from elsewhere' } } });
    });
    try {
      vault.hostile = { kind: 'redirect', to: elsewhere.origin };
      const message = await failure(read(), 'SOURCE_UNAVAILABLE');
      expect(message).toContain(`redirected reading the Vault secret secret/musimap/prod#client_secret (HTTP 307) to ${elsewhere.origin}`);
      expect(seenElsewhere).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('refuses an answer over the size cap', async () => {
    vault.hostile = { kind: 'huge' };
    expect(await failure(read(), 'SOURCE_UNAVAILABLE')).toContain('over 1024 KB');
  });

  it('gives up with TIMEOUT on a server that does not answer', async () => {
    vault.hostile = { kind: 'silent' };
    const message = await failure(read({ timeoutMs: 300 }), 'TIMEOUT');
    expect(message).toContain('Reading the Vault secret secret/musimap/prod#client_secret');
  });

  it('maps a refused connection to NETWORK', async () => {
    const closed = await startLoopback(() => undefined);
    await closed.close();
    expect(await failure(read({ address: closed.origin }), 'NETWORK')).toContain('ECONNREFUSED');
  });

  it('refuses a non-JSON success and one without data.data', async () => {
    vault.hostile = { kind: 'status', status: 200, body: 'ok', contentType: 'text/plain' };
    expect(await failure(read(), 'SOURCE_UNAVAILABLE')).toContain('not JSON');
    vault.hostile = { kind: 'status', status: 200, body: JSON.stringify({ data: { client_secret: SECRET } }) };
    expect(await failure(read(), 'SOURCE_UNAVAILABLE')).toContain('KV version 2 mount');
  });

  it.each([
    ['http to a host that is not loopback', { address: 'http://vault.example.com:8200' }, 'not https'],
    ['a user name in the address', { address: 'https://user:pw@vault.example.com' }, 'user name or password'],
    ['a query in the address', { address: 'https://vault.example.com/?x=1' }, 'query or fragment'],
    ['a ".." in the path', { path: 'musimap/../personal' }, '".." segment'],
    ['a leading "/" in the mount', { mount: '/secret' }, 'starts with "/"'],
    ['a control character in the path', { path: 'musimap/\nprod' }, 'control character'],
    ['a version 0', { version: 0 }, 'whole number from 1'],
    ['a token with a line break', { token: 'hvs.abc\r\nX-Evil: 1' }, 'line break'],
  ])('refuses %s with VALIDATION before sending anything', async (_, fields, words) => {
    expect(await failure(read(fields), 'VALIDATION', ['hvs.abc'])).toContain(words);
    expect(vault.seen).toEqual([]);
  });
});

describe('vaultAppRoleLogin', () => {
  it('logs in with role_id and secret_id and answers a token that reads the secret', async () => {
    const { roleId, secretId } = vault.addAppRole({ grant: { read: ['secret/musimap/*'] }, leaseSeconds: 1200 });
    const login = await vaultAppRoleLogin({ address: vault.origin, roleId, secretId });
    expect(login.leaseSeconds).toBe(1200);
    expect(vault.seen[0]).toMatchObject({ method: 'POST', path: '/v1/auth/approle/login' });
    expect(JSON.parse(vault.seen[0]!.body)).toEqual({ role_id: roleId, secret_id: secretId });
    expect(vault.seen[0]?.headers['x-vault-token']).toBeUndefined();
    expect(await read({ token: login.token })).toBe(SECRET);
  });

  it('logs in at another mount and in a namespace', async () => {
    const { roleId, secretId } = vault.addAppRole({ mount: 'ci-approle', namespace: 'admin', grant: { namespace: 'admin', read: ['secret/*'] }, leaseSeconds: 60 });
    vault.put('secret', 'x', { client_secret: 'ns' }, 'admin');
    const login = await vaultAppRoleLogin({ address: vault.origin, mount: 'ci-approle', namespace: 'admin', roleId, secretId });
    expect(vault.seen[0]).toMatchObject({ path: '/v1/auth/ci-approle/login', headers: { 'x-vault-namespace': 'admin' } });
    expect(await read({ path: 'x', namespace: 'admin', token: login.token })).toBe('ns');
  });

  it('maps a wrong secret_id to SOURCE_UNAVAILABLE naming the status, never the secret_id', async () => {
    const { roleId, secretId } = vault.addAppRole({ grant: { read: [] }, leaseSeconds: 60 });
    const wrong = `${secretId.slice(0, -4)}beef`;
    const message = await failure(vaultAppRoleLogin({ address: vault.origin, roleId, secretId: wrong }), 'SOURCE_UNAVAILABLE', [wrong, secretId]);
    expect(message).toContain('refused the AppRole login at auth/approle (HTTP 400: "invalid role or secret ID")');
    expect(message).toContain('Check the role_id and the secret_id');
  });

  it('maps a mount with no AppRole to SOURCE_UNAVAILABLE (404)', async () => {
    vault.addAppRole({ grant: { read: [] }, leaseSeconds: 60 });
    const message = await failure(vaultAppRoleLogin({ address: vault.origin, mount: 'nope', roleId: 'r', secretId: 's-e-c-r-e-t' }), 'SOURCE_UNAVAILABLE', ['s-e-c-r-e-t']);
    expect(message).toContain('No auth method answers at auth/nope');
  });

  it('never repeats a secret_id the server echoes', async () => {
    vault.hostile = { kind: 'status', status: 400, body: JSON.stringify({ errors: ['secret_id s3cr3t-id-echoed-back is invalid'] }) };
    const message = await failure(vaultAppRoleLogin({ address: vault.origin, roleId: 'role', secretId: 's3cr3t-id-echoed-back' }), 'SOURCE_UNAVAILABLE', ['s3cr3t-id-echoed-back']);
    expect(message).toContain('"secret_id ‹redacted› is invalid"');
  });

  it('refuses a success without a usable client_token', async () => {
    vault.hostile = { kind: 'status', status: 200, body: JSON.stringify({ auth: { client_token: 'hvs.a b', lease_duration: 60 } }) };
    expect(await failure(vaultAppRoleLogin({ address: vault.origin, roleId: 'role', secretId: 'a-secret-id' }), 'SOURCE_UNAVAILABLE', ['hvs.a b', 'a-secret-id'])).toContain('no usable auth.client_token');
  });

  it('says sealed when the Vault is sealed', async () => {
    vault.sealed = true;
    expect(await failure(vaultAppRoleLogin({ address: vault.origin, roleId: 'role', secretId: 'a-secret-id' }), 'SOURCE_UNAVAILABLE', ['a-secret-id'])).toContain('is sealed (HTTP 503');
  });
});

describe('vaultTokenFrom', () => {
  it('reads VAULT_TOKEN trimmed, and nothing when it is unset or blank', () => {
    expect(vaultTokenFrom({ VAULT_TOKEN: '  hvs.abc\n' })).toBe('hvs.abc');
    expect(vaultTokenFrom({})).toBeUndefined();
    expect(vaultTokenFrom({ VAULT_TOKEN: ' \n' })).toBeUndefined();
  });

  it('refuses a token with a line break inside, without quoting it', () => {
    expect(() => vaultTokenFrom({ VAULT_TOKEN: 'hvs.abc\r\nX-Evil: 1' })).toThrow(expect.objectContaining({ code: 'VALIDATION', message: expect.not.stringContaining('hvs.abc') }));
  });
});
