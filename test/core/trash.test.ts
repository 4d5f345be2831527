// The trash, with the real keychain: a removal moves client secrets and private keys to
// `trash/<id>/…` items (secret-tool sees them), keeps the records in the store (never a secret),
// restores both, refuses a name that clashes now, and purges after 7 days on a moved clock.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { createHandlers, dispatch } from '../../main/ipc/handlers.js';
import { createSandbox, readAllFiles, type Sandbox } from '../support/sandbox.js';

const CLIENT_ID = '2cf82db3-4064-4235-8253-16994eb51773';
const SECRET = 'trash-test-secret-9facfe28-83e5-4b3f';
const DAY = 24 * 60 * 60 * 1000;

let sandbox: Sandbox;
/** The vault's clock: tests move it instead of sleeping. */
let clock = Date.parse('2026-12-01T09:00:00.000Z');
beforeEach(() => {
  clock = Date.parse('2026-12-01T09:00:00.000Z');
  sandbox = createSandbox({ now: () => clock });
});
afterEach(() => sandbox.cleanup());

/** What secret-tool, another program on the same Secret Service, finds under an account. */
function secretTool(account: string): string | null {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', sandbox.service, 'username', account], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  } catch {
    return null; // secret-tool exits 1 when nothing matches.
  }
}

async function acmeWithSecretAndKey() {
  const { vault } = sandbox;
  await vault.addOrganization({ name: 'acme', provider: 'musicapi' });
  const client = await vault.addClient('acme', { name: 'web', environment: 'production', clientId: CLIENT_ID }, SECRET);
  const { key } = await vault.generateKey('acme', 'K1');
  const privatePem = (await sandbox.keychain.get(keychainAccount.privateKey(key.id)))!;
  return { client, key, privatePem };
}

describe('trash: removing moves, never deletes', () => {
  it('moves an organization’s client secret and private key to trash items, its records to the store’s trash', async () => {
    const { client, key, privatePem } = await acmeWithSecretAndKey();
    const item = await sandbox.vault.removeOrganization('acme');

    expect(item).toMatchObject({ kind: 'organization', name: 'acme', clients: ['web'], keys: ['K1'], secrets: 1, privateKeys: 1, removedAt: '2026-12-01T09:00:00.000Z', expiresAt: '2026-12-08T09:00:00.000Z' });
    expect(sandbox.vault.organizations()).toEqual([]);
    // The originals are gone; secret-tool finds the same values under the trash accounts.
    expect(secretTool(keychainAccount.clientSecret(client.id))).toBeNull();
    expect(secretTool(keychainAccount.privateKey(key.id))).toBeNull();
    expect(secretTool(`trash/${item.id}/client/${client.id}/secret`)).toBe(SECRET);
    expect(secretTool(`trash/${item.id}/key/${key.id}/private`)).toBe(privatePem);
    // The store keeps the records to put back, never a secret.
    expect(readAllFiles(sandbox.home)).not.toContain(SECRET);
    expect(readAllFiles(sandbox.home)).not.toContain('PRIVATE KEY');
    expect(JSON.parse(sandbox.storeText()).trash).toEqual([expect.objectContaining({ id: item.id, kind: 'organization', accounts: [keychainAccount.clientSecret(client.id), keychainAccount.privateKey(key.id)] })]);
  });

  it('restores the organization, its client with its secret and its key that signs again', async () => {
    const { client, key, privatePem } = await acmeWithSecretAndKey();
    const before = sandbox.vault.organizationTree('acme');
    const item = await sandbox.vault.removeOrganization('acme');

    expect(await sandbox.vault.restoreFromTrash('acme')).toMatchObject({ id: item.id, name: 'acme' });
    expect(sandbox.vault.organizationTree('acme')).toEqual(before);
    expect(await sandbox.vault.clientSecret(sandbox.vault.resolveClient('acme', 'web').client)).toBe(SECRET);
    expect(await sandbox.vault.privateKeyPem(sandbox.vault.activeKey(sandbox.vault.organization('acme')))).toBe(privatePem);
    expect(secretTool(keychainAccount.clientSecret(client.id))).toBe(SECRET);
    expect(secretTool(`trash/${item.id}/key/${key.id}/private`)).toBeNull();
    expect(await sandbox.vault.trash()).toEqual([]);
    expect((await sandbox.vault.auditKeychain()).orphans).toEqual([]);
  });

  it('removes and restores one client by its org/client name, and a key by its id', async () => {
    await acmeWithSecretAndKey();
    const client = await sandbox.vault.removeClient('acme', 'web');
    const key = await sandbox.vault.removeKey('acme', 'K1');
    expect((await sandbox.vault.trash()).map((i) => [i.kind, i.name])).toEqual([
      ['client', 'acme/web'],
      ['key', 'acme key K1'],
    ]);
    await sandbox.vault.restoreFromTrash('acme/web');
    await sandbox.vault.restoreFromTrash(key.id);
    expect(await sandbox.vault.clientSecret(sandbox.vault.resolveClient('acme', 'web').client)).toBe(SECRET);
    expect(sandbox.vault.keys('acme').map((k) => k.kid)).toEqual(['K1']);
    expect(client.secrets).toBe(1);
  });

  it('refuses to restore over a name that is taken now, and changes nothing', async () => {
    await acmeWithSecretAndKey();
    await sandbox.vault.removeOrganization('acme');
    await sandbox.vault.addOrganization({ name: 'ACME', provider: 'musimap', tokenUrl: 'https://auth.musimap.test/token' });
    const store = sandbox.storeText();
    const accounts = (await sandbox.keychain.accounts()).sort();

    await expect(sandbox.vault.restoreFromTrash('acme')).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('an organization of that name exists now') });
    expect(sandbox.storeText()).toBe(store);
    expect((await sandbox.keychain.accounts()).sort()).toEqual(accounts);
  });

  it('refuses to restore a client whose organization is gone, naming what to restore first', async () => {
    await acmeWithSecretAndKey();
    await sandbox.vault.removeClient('acme', 'web');
    await sandbox.vault.removeOrganization('acme');
    await expect(sandbox.vault.restoreFromTrash('acme/web')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('Restore the organization first') });
    await sandbox.vault.restoreFromTrash('acme');
    await sandbox.vault.restoreFromTrash('acme/web');
    expect(await sandbox.vault.clientSecret(sandbox.vault.resolveClient('acme', 'web').client)).toBe(SECRET);
  });
});

describe('trash: an edited store file', () => {
  it('restores only the entry’s own secrets and keys, never an account the file names besides (the data key)', async () => {
    await acmeWithSecretAndKey();
    const item = await sandbox.vault.removeOrganization('acme');
    const file = path.join(sandbox.home, 'vault.json');
    const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    stored.trash[0].accounts.push(keychainAccount.dataKey);
    fs.writeFileSync(file, JSON.stringify(stored));
    await sandbox.keychain.set(keychainAccount.dataKey, 'the-real-data-key');
    await sandbox.keychain.set(keychainAccount.inTrash(item.id, keychainAccount.dataKey), 'planted');

    await sandbox.vault.restoreFromTrash('acme');
    expect(await sandbox.keychain.get(keychainAccount.dataKey)).toBe('the-real-data-key');
    expect(await sandbox.vault.clientSecret(sandbox.vault.resolveClient('acme', 'web').client)).toBe(SECRET);
  });
});

describe('trash: 7 days', () => {
  it('keeps an entry for 7 days, then purges its records and its keychain items', async () => {
    const { client } = await acmeWithSecretAndKey();
    const item = await sandbox.vault.removeOrganization('acme');

    clock += 7 * DAY - 1;
    expect((await sandbox.vault.trash()).map((i) => i.id)).toEqual([item.id]);
    expect(secretTool(`trash/${item.id}/client/${client.id}/secret`)).toBe(SECRET);

    clock += 1;
    expect(await sandbox.vault.trash()).toEqual([]);
    expect(await sandbox.keychain.accounts()).toEqual([]);
    expect(JSON.parse(sandbox.storeText()).trash).toEqual([]);
    await expect(sandbox.vault.restoreFromTrash(item.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('purges on the keychain audit (doctor, the deck’s start) too, and never calls a trash item an orphan', async () => {
    await acmeWithSecretAndKey();
    await sandbox.vault.removeOrganization('acme');
    expect(await sandbox.vault.auditKeychain()).toEqual({ missingSecrets: [], missingPrivateKeys: [], missingTlsKeys: [], orphans: [] });
    expect(await sandbox.keychain.accounts()).toHaveLength(2);

    clock += 8 * DAY;
    expect(await sandbox.vault.auditKeychain()).toEqual({ missingSecrets: [], missingPrivateKeys: [], missingTlsKeys: [], orphans: [] });
    expect(await sandbox.keychain.accounts()).toEqual([]);
  });

  it('never calls a trash item no entry refers to an orphan (another home’s trash), and repair leaves it', async () => {
    await sandbox.keychain.set('trash/00000000-0000-4000-8000-000000000000/client/x/secret', 'left behind');
    expect((await sandbox.vault.auditKeychain()).orphans).toEqual([]);
    await sandbox.vault.repairKeychain();
    expect(await sandbox.keychain.get('trash/00000000-0000-4000-8000-000000000000/client/x/secret')).toBe('left behind');
  });
});

describe('trash: a repair sets orphans aside, never deletes them', () => {
  it('moves the keychain entries the vault does not list to one trash entry, which puts them back as they were', async () => {
    await sandbox.keychain.set('client/5f0c2b8e-0000-4000-8000-000000000001/secret', SECRET);
    const item = (await sandbox.vault.repairKeychain()) && (await sandbox.vault.trash())[0]!;
    expect(item).toMatchObject({ kind: 'orphans', name: 'keychain orphans', accounts: ['client/5f0c2b8e-0000-4000-8000-000000000001/secret'], expiresAt: '2026-12-08T09:00:00.000Z' });
    expect(secretTool('client/5f0c2b8e-0000-4000-8000-000000000001/secret')).toBeNull();
    expect(secretTool(`trash/${item.id}/client/5f0c2b8e-0000-4000-8000-000000000001/secret`)).toBe(SECRET);
    expect(await sandbox.vault.auditKeychain()).toEqual({ missingSecrets: [], missingPrivateKeys: [], missingTlsKeys: [], orphans: [] });

    expect(await sandbox.vault.restoreFromTrash('keychain orphans')).toMatchObject({ kind: 'orphans', accounts: ['client/5f0c2b8e-0000-4000-8000-000000000001/secret'], missing: [] });
    expect(secretTool('client/5f0c2b8e-0000-4000-8000-000000000001/secret')).toBe(SECRET);
    expect(await sandbox.keychain.accounts()).toEqual(['client/5f0c2b8e-0000-4000-8000-000000000001/secret']);
  });
});

describe('trash: values replaced or retired', () => {
  it('puts a replaced client secret in the trash; restoring it swaps it with the current one, which goes to the trash', async () => {
    const { client } = await acmeWithSecretAndKey();
    await sandbox.vault.setClientSecret('acme', 'web', 'the-new-secret-1234');
    expect(await sandbox.vault.clientSecret(client)).toBe('the-new-secret-1234');
    const [item] = await sandbox.vault.trash();
    expect(item).toMatchObject({ kind: 'secret', name: 'acme/web secret', secrets: 1 });
    expect(secretTool(`trash/${item!.id}/client/${client.id}/secret`)).toBe(SECRET);
    expect(readAllFiles(sandbox.home)).not.toContain(SECRET);

    expect(await sandbox.vault.restoreFromTrash(item!.id)).toMatchObject({ kind: 'secret', secrets: 1, missing: [] });
    expect(await sandbox.vault.clientSecret(sandbox.vault.resolveClient('acme', 'web').client)).toBe(SECRET);
    const [swapped] = await sandbox.vault.trash();
    expect(swapped).toMatchObject({ kind: 'secret', name: 'acme/web secret' });
    expect(secretTool(`trash/${swapped!.id}/client/${client.id}/secret`)).toBe('the-new-secret-1234');
    expect(await sandbox.vault.auditKeychain()).toEqual({ missingSecrets: [], missingPrivateKeys: [], missingTlsKeys: [], orphans: [] });
  });

  it('moves a retired key’s private key to the trash; restoring it makes the key active and signing again', async () => {
    const { key, privatePem } = await acmeWithSecretAndKey();
    await sandbox.vault.retireKey('acme', 'K1');
    expect(sandbox.vault.keys('acme')[0]).toMatchObject({ status: 'retired' });
    expect(secretTool(keychainAccount.privateKey(key.id))).toBeNull();
    const [item] = await sandbox.vault.trash();
    expect(item).toMatchObject({ kind: 'private-key', name: 'acme key K1 private key', privateKeys: 1 });
    expect(secretTool(`trash/${item!.id}/key/${key.id}/private`)).toBe(privatePem);

    await sandbox.vault.restoreFromTrash('acme key K1 private key');
    expect(sandbox.vault.keys('acme')[0]).toMatchObject({ id: key.id, status: 'active', hasPrivateKey: true });
    expect(await sandbox.vault.privateKeyPem(sandbox.vault.activeKey(sandbox.vault.organization('acme')))).toBe(privatePem);
    expect(await sandbox.vault.trash()).toEqual([]);
  });
});

describe('trash: a restore says what came back', () => {
  it('counts only the secrets it put back and names the one gone from the keychain’s trash', async () => {
    const { client } = await acmeWithSecretAndKey();
    const item = await sandbox.vault.removeOrganization('acme');
    await sandbox.keychain.delete(`trash/${item.id}/client/${client.id}/secret`);
    expect(await sandbox.vault.restoreFromTrash('acme')).toMatchObject({ secrets: 0, privateKeys: 1, missing: ["acme/web's secret"] });
  });

  it('says the organization there now is another one, added since, and how to get the old one back', async () => {
    await acmeWithSecretAndKey();
    await sandbox.vault.removeClient('acme', 'web');
    const org = await sandbox.vault.removeOrganization('acme');
    await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
    const refused = sandbox.vault.restoreFromTrash('acme/web');
    await expect(refused).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('the "acme" there now is another one, added since') });
    await expect(sandbox.vault.restoreFromTrash('acme/web')).rejects.toThrow('remove the new one (`tokendeck org remove acme`');
    await sandbox.vault.removeOrganization('acme');
    await sandbox.vault.restoreFromTrash(org.id);
    await sandbox.vault.restoreFromTrash('acme/web');
    expect(await sandbox.vault.clientSecret(sandbox.vault.resolveClient('acme', 'web').client)).toBe(SECRET);
  });
});

describe('trash: through the contract', () => {
  it('lists what org.remove put in the trash, names and counts only, and trash.restore puts it back', async () => {
    const { privatePem } = await acmeWithSecretAndKey();
    const memory = { text: '' };
    const handlers = createHandlers(sandbox.core, new ClipboardGuard({ writeSecret: (t) => void (memory.text = t), writeText: (t) => void (memory.text = t), readText: () => memory.text, clear: () => void (memory.text = '') }));
    expect(await dispatch(handlers, 'org.remove', { org: 'acme' })).toEqual({ ok: true, value: null });

    const listed = await dispatch(handlers, 'trash.list', {});
    expect(listed).toMatchObject({ ok: true, value: [{ kind: 'organization', name: 'acme', secrets: 1, privateKeys: 1, expiresAt: '2026-12-08T09:00:00.000Z' }] });
    const id = (listed as { value: Array<{ id: string }> }).value[0]!.id;
    for (const secret of [SECRET, privatePem.split('\n')[1]!]) expect(JSON.stringify(listed)).not.toContain(secret);

    const restored = await dispatch(handlers, 'trash.restore', { id });
    expect(restored).toMatchObject({ ok: true, value: { id, name: 'acme' } });
    expect(JSON.stringify(restored)).not.toContain(SECRET);
    expect(await sandbox.vault.clientSecret(sandbox.vault.resolveClient('acme', 'web').client)).toBe(SECRET);
    expect(await dispatch(handlers, 'trash.restore', { id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
