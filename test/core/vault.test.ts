import { STORE_SCHEMA_VERSION } from '../../main/core/model/primitives.js';
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokendeckError } from '../../main/core/errors.js';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { TokenValues } from '../../main/core/token-values.js';
import { Vault } from '../../main/core/vault.js';
import { VaultStore } from '../../main/core/vault-store.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';

const CLIENT_ID = '2cf82db3-4064-4235-8253-16994eb51773';
const USER_UUID = '8d883178-9585-482e-bb4b-0c85736edc2d';
const SECRET = '9facfe28-83e5-4b3f-815f-23551d77cd48';

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = createSandbox();
});
afterEach(() => sandbox.cleanup());

async function musicapiWithClient() {
  const { vault } = sandbox;
  await vault.addOrganization({ name: 'acme', provider: 'musicapi' });
  return vault.addClient(
    'acme',
    { name: 'web', environment: 'dev', clientId: CLIENT_ID, integrationUsers: [{ label: 'alice', uuid: USER_UUID }] },
    SECRET,
  );
}

describe('vault: organizations', () => {
  it('defaults a MusicAPI organization to the documented API host', async () => {
    const org = await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
    expect(org.apiBaseUrl).toBe('https://api.musicapi.com');
  });

  it('requires a token URL for Musimap, whose document leaves it blank', async () => {
    await expect(sandbox.vault.addOrganization({ name: 'mm', provider: 'musimap' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('tokenUrl'),
    });
  });

  it('refuses duplicate names case-insensitively, naming the field', async () => {
    await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
    await expect(sandbox.vault.addOrganization({ name: 'ACME', provider: 'musicapi' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/name.*already exists/),
    });
  });

  it('refuses malformed and insecure URLs and non-origins', async () => {
    const add = (fields: object) => sandbox.vault.addOrganization({ name: 'x', provider: 'oauth2', tokenUrl: 'https://a.test/t', ...fields });
    await expect(add({ apiBaseUrl: 'not a url' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('apiBaseUrl') });
    await expect(add({ tokenUrl: 'http://auth.example.com/token' })).rejects.toMatchObject({ message: expect.stringContaining('https://') });
    await expect(add({ allowedOrigins: ['https://a.test/path'] })).rejects.toMatchObject({ message: expect.stringContaining('not an origin') });
    await expect(add({ apiBaseUrl: 'ftp://a.test' })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(sandbox.vault.organizations()).toEqual([]);
  });

  it('allows plain http only on loopback and normalises origins', async () => {
    const org = await sandbox.vault.addOrganization({
      name: 'local',
      provider: 'oauth2',
      tokenUrl: 'http://127.0.0.1:8080/token',
      allowedOrigins: ['https://Files.Example.com:443'],
    });
    expect(org.allowedOrigins).toEqual(['https://files.example.com']);
  });

  it('keeps agreement and catalogs', async () => {
    const org = await sandbox.vault.addOrganization({
      name: 'mm',
      provider: 'musimap',
      tokenUrl: 'https://auth.musimap.test/token',
      agreement: { reference: 'AGR-7', licensedProducts: ['moods'], validUntil: '2027-12-31' },
      catalogs: [{ name: 'Ours', id: 'cat-1', visibility: 'private' }],
    });
    expect(sandbox.vault.tree().organizations[0]).toMatchObject({ agreement: org.agreement, catalogs: org.catalogs });
  });

  it('answers NOT_FOUND for an unknown organization', async () => {
    await expect(sandbox.vault.removeOrganization('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('"nope"') });
  });
});

describe('vault: clients', () => {
  it('stores the secret in the keychain and only a flag in the store', async () => {
    const client = await musicapiWithClient();
    expect(client).toMatchObject({ environment: 'development', hasSecret: true, defaultScheme: 'token' });
    expect(await sandbox.keychain.get(keychainAccount.clientSecret(client.id))).toBe(SECRET);
    expect(sandbox.storeText()).toContain(CLIENT_ID);
    expect(sandbox.storeText()).not.toContain(SECRET);
  });

  it('replaces a secret', async () => {
    const client = await musicapiWithClient();
    await sandbox.vault.setClientSecret('acme', 'web', 'second-secret');
    expect(await sandbox.keychain.get(keychainAccount.clientSecret(client.id))).toBe('second-secret');
  });

  it('adds a client without a secret and sets it later', async () => {
    await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
    const client = await sandbox.vault.addClient('acme', { name: 'web', environment: 'production', clientId: CLIENT_ID });
    expect(client.hasSecret).toBe(false);
    expect(await sandbox.keychain.accounts()).toEqual([]);
    expect((await sandbox.vault.setClientSecret('acme', 'web', SECRET)).hasSecret).toBe(true);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
    const add = (fields: object, secret?: string) =>
      sandbox.vault.addClient('acme', { name: 'web', environment: 'dev', clientId: CLIENT_ID, ...fields }, secret);
    await expect(add({ integrationUsers: [{ label: 'a', uuid: 'not-a-uuid' }] })).rejects.toMatchObject({
      message: expect.stringContaining('integrationUsers[0].uuid'),
      field: 'integrationUsers[0].uuid',
    });
    await expect(add({ name: 'has/slash' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('name') });
    await expect(add({ clientId: '' })).rejects.toMatchObject({ message: expect.stringContaining('clientId') });
    await expect(add({ defaultScheme: 'bearer' })).rejects.toMatchObject({ message: expect.stringContaining('defaultScheme') });
    await expect(add({}, '')).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('empty') });
    await expect(add({}, 'x'.repeat(5000))).rejects.toMatchObject({ code: 'VALIDATION' });
    await add({});
    await expect(add({ name: 'WEB' })).rejects.toMatchObject({ message: expect.stringContaining('already has a client'), field: 'name' });
    expect(sandbox.vault.tree().organizations[0]?.clients).toHaveLength(1);
    expect(await sandbox.keychain.accounts()).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown client or organization', async () => {
    await musicapiWithClient();
    await expect(sandbox.vault.removeClient('acme', 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(sandbox.vault.setClientSecret('other', 'web', 's')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('removing a client deletes its keychain entry', async () => {
    const client = await musicapiWithClient();
    await sandbox.vault.removeClient('acme', 'web');
    expect(await sandbox.keychain.get(keychainAccount.clientSecret(client.id))).toBeNull();
    expect(sandbox.vault.tree().organizations[0]?.clients).toEqual([]);
  });
});

describe('vault: signing keys', () => {
  it('keeps the private key in the keychain and the public half in the store', async () => {
    await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
    const { key, publicKeyPem } = await sandbox.vault.generateKey('acme', 'KID-1');
    expect(key).toMatchObject({ kid: 'KID-1', algorithm: 'ES256', status: 'active', publicKeyPem });
    const privatePem = await sandbox.keychain.get(keychainAccount.privateKey(key.id));
    expect(privatePem).toMatch(/BEGIN PRIVATE KEY/);
    expect(sandbox.storeText()).not.toContain('PRIVATE KEY');
    expect(sandbox.storeText()).not.toContain(privatePem!.split('\n')[1]);
  });

  it('refuses a second key with the same Key ID or the same key material', async () => {
    await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await sandbox.vault.importKey('acme', 'A', pem);
    await expect(sandbox.vault.generateKey('acme', 'A')).rejects.toMatchObject({ message: expect.stringContaining('kid') });
    await expect(sandbox.vault.importKey('acme', 'B', pem)).rejects.toMatchObject({ message: expect.stringContaining('already stored') });
    expect(sandbox.vault.keys('acme')).toHaveLength(1);
    expect(await sandbox.keychain.accounts()).toHaveLength(1);
  });

  it('removing a key deletes its private key from the keychain', async () => {
    await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
    const { key } = await sandbox.vault.generateKey('acme', 'K');
    await sandbox.vault.removeKey('acme', 'K');
    expect(await sandbox.keychain.get(keychainAccount.privateKey(key.id))).toBeNull();
  });
});

describe('vault: consistency with the keychain', () => {
  it('a full add/remove cycle leaves neither store entries nor keychain items behind once the trash is purged', async () => {
    const { vault } = sandbox;
    await musicapiWithClient();
    await vault.addClient('acme', { name: 'api', environment: 'staging', clientId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d' }, 'another-secret');
    await vault.generateKey('acme', 'K1');
    await vault.addOrganization({ name: 'mm', provider: 'musimap', tokenUrl: 'https://auth.musimap.test/token' });
    await vault.addClient('mm', { name: 'prod', environment: 'production', clientId: 'efb3ed15-0052-4e00-9584-1365510b547d' }, 'musimap-secret');
    expect(await sandbox.keychain.accounts()).toHaveLength(4);

    await vault.removeClient('acme', 'api');
    await vault.removeOrganization('acme');
    await vault.removeOrganization('mm');
    // Removed secrets and keys wait 7 days in the trash (trash.test.ts); a week later they are gone.
    expect((await sandbox.keychain.accounts()).every((account) => account.startsWith('trash/'))).toBe(true);
    const aWeekLater = new Vault(new VaultStore(sandbox.home), sandbox.keychain, new TokenValues(sandbox.home, sandbox.keychain), () => Date.now() + 7 * 24 * 3600_000);
    expect(await aWeekLater.purgeTrash()).toBe(3);

    expect(await sandbox.keychain.accounts()).toEqual([]);
    expect(JSON.parse(sandbox.storeText())).toEqual({ schemaVersion: STORE_SCHEMA_VERSION, organizations: [], clients: [], keys: [], tokens: [], trash: [] });
    const everything = readAllFiles(sandbox.home);
    for (const secret of [SECRET, 'another-secret', 'musimap-secret', 'PRIVATE KEY']) expect(everything).not.toContain(secret);
  });

  it('undoes the keychain write when the store write fails after it', async () => {
    await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
    // Root ignores file permissions, so the failure is injected at the store's write step; the
    // keychain and everything before the write are real.
    class FullDiskStore extends VaultStore {
      protected override async write(): Promise<void> {
        throw new TokendeckError('STORE_UNWRITABLE', 'disk full');
      }
    }
    const vault = new Vault(new FullDiskStore(sandbox.home), sandbox.keychain, new TokenValues(sandbox.home, sandbox.keychain));
    const before = sandbox.storeText();
    await expect(vault.addClient('acme', { name: 'web', environment: 'dev', clientId: CLIENT_ID }, SECRET)).rejects.toMatchObject({
      code: 'STORE_UNWRITABLE',
    });
    await expect(vault.generateKey('acme', 'K')).rejects.toMatchObject({ code: 'STORE_UNWRITABLE' });
    expect(await sandbox.keychain.accounts()).toEqual([]);
    expect(sandbox.storeText()).toBe(before);
  });
});
