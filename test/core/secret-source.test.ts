// The keychain as the secret source, against the real Secret Service of test/with-keyring.sh: it
// keeps the accounts Tokendeck has always written (keychain-accounts.ts), since existing
// keychains and the trash entries of existing vault.json files name them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { KeychainSecretSource } from '../../main/core/secret-source.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const CLIENT = '2cf82db3-4064-4235-8253-16994eb51773';
const KEY = '8d883178-9585-482e-bb4b-0c85736edc2d';

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = createSandbox();
});
afterEach(() => sandbox.cleanup());

describe('KeychainSecretSource', () => {
  it('keeps a client secret and a private key under their keychain accounts', async () => {
    const source = new KeychainSecretSource(sandbox.keychain);
    await source.writeClientSecret(CLIENT, 'client-secret');
    await source.writePrivateKey(KEY, 'private-key');
    expect(await sandbox.keychain.get(keychainAccount.clientSecret(CLIENT))).toBe('client-secret');
    expect(await sandbox.keychain.get(keychainAccount.privateKey(KEY))).toBe('private-key');
    expect(await source.listAccounts()).toEqual([`client/${CLIENT}/secret`, `key/${KEY}/private`]);

    expect(await source.deleteClientSecret(CLIENT)).toBe(true);
    expect(await source.deletePrivateKey(KEY)).toBe(true);
    expect(await source.readClientSecret(CLIENT)).toBeNull();
    expect(await source.readPrivateKey(KEY)).toBeNull();
    expect(await sandbox.keychain.accounts()).toEqual([]);
  });

  it('reads and writes any account by name, as the trash does with its copies', async () => {
    const source = new KeychainSecretSource(sandbox.keychain);
    const inTrash = keychainAccount.inTrash('e1', keychainAccount.clientSecret(CLIENT));
    await source.writeAccount(inTrash, 'set-aside');
    expect(await sandbox.keychain.get(`trash/e1/client/${CLIENT}/secret`)).toBe('set-aside');
    expect(await source.readAccount(inTrash)).toBe('set-aside');
    expect(await source.deleteAccount(inTrash)).toBe(true);
    expect(await source.deleteAccount(inTrash)).toBe(false);
  });
});
