// Where client secrets and private keys are held: every read, write and delete of one goes
// through a SecretSource. The OS keychain is the one source today (KeychainSecretSource).
import type { Keychain } from './keychain.js';
import { keychainAccount } from './keychain-accounts.js';

/**
 * The secrets of clients and the private halves of signing keys, by the names of
 * keychain-accounts.ts: `client/<uuid>/secret`, `key/<uuid>/private`, and their trash copies
 * `trash/<entry id>/<account>`. The names are part of the contract, not the keychain's detail: a
 * trash entry in vault.json lists the accounts it set aside, and a restore writes them back by
 * name.
 *
 * A source (pass, HashiCorp Vault/OpenBao, a command) must provide:
 * - the typed reads, writes and deletes, which are all the vault's clients and keys ask;
 * - the account-level calls for the trash and the keychain audit: list every name it holds (the
 *   audit finds missing and orphaned entries that way; the trash checks what is present before it
 *   copies), and read, write and delete any name, `trash/…` included (the trash copies a value
 *   to its trash name and back).
 * A read answers null when nothing is stored under the name; a delete answers false then. Every
 * call must be idempotent: a rollback repeats writes and deletes.
 *
 * Not here: the token cache's data key (`vault/data-key`, token-values.ts), which stays in the
 * OS keychain whatever the source. With the keychain as the source `listAccounts` includes it, and
 * the audit expects it there.
 */
export interface SecretSource {
  readClientSecret(clientUuid: string): Promise<string | null>;
  writeClientSecret(clientUuid: string, secret: string): Promise<void>;
  deleteClientSecret(clientUuid: string): Promise<boolean>;
  /** As stored: PKCS#8 PEM, or an RSA key's compact form (signing-keys.ts, pemFromKeychain). */
  readPrivateKey(keyUuid: string): Promise<string | null>;
  writePrivateKey(keyUuid: string, stored: string): Promise<void>;
  deletePrivateKey(keyUuid: string): Promise<boolean>;

  /** Every account name the source holds (never a value), for the audit and the trash. */
  listAccounts(): Promise<string[]>;
  readAccount(account: string): Promise<string | null>;
  writeAccount(account: string, value: string): Promise<void>;
  deleteAccount(account: string): Promise<boolean>;
}

/** The OS keychain as the source: each name is an account of the keychain's service. */
export class KeychainSecretSource implements SecretSource {
  constructor(private readonly keychain: Keychain) {}

  readClientSecret(clientUuid: string): Promise<string | null> {
    return this.keychain.get(keychainAccount.clientSecret(clientUuid));
  }

  writeClientSecret(clientUuid: string, secret: string): Promise<void> {
    return this.keychain.set(keychainAccount.clientSecret(clientUuid), secret);
  }

  deleteClientSecret(clientUuid: string): Promise<boolean> {
    return this.keychain.delete(keychainAccount.clientSecret(clientUuid));
  }

  readPrivateKey(keyUuid: string): Promise<string | null> {
    return this.keychain.get(keychainAccount.privateKey(keyUuid));
  }

  writePrivateKey(keyUuid: string, stored: string): Promise<void> {
    return this.keychain.set(keychainAccount.privateKey(keyUuid), stored);
  }

  deletePrivateKey(keyUuid: string): Promise<boolean> {
    return this.keychain.delete(keychainAccount.privateKey(keyUuid));
  }

  listAccounts(): Promise<string[]> {
    return this.keychain.accounts();
  }

  readAccount(account: string): Promise<string | null> {
    return this.keychain.get(account);
  }

  writeAccount(account: string, value: string): Promise<void> {
    return this.keychain.set(account, value);
  }

  deleteAccount(account: string): Promise<boolean> {
    return this.keychain.delete(account);
  }
}
