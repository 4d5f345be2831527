// Do the store and the keychain still agree? Entries can be deleted behind Tokendeck's back (a
// keychain manager, another machine's sync) and a crash can leave an entry nothing refers to.
// The audit reports both ways; the repair makes them agree without inventing a secret: a
// client whose secret is gone shows "secret missing", a key without its private half is retired
// (its public half still verifies), and orphaned entries go to the trash (vault.ts), never away.
import type { Keychain } from './keychain.js';
import { keychainAccount } from './keychain-accounts.js';
import { keyLabel, type Client, type SigningKey, type VaultData } from './model/entities.js';
import { trashAccounts } from './trash.js';

export interface KeychainAudit {
  /** Clients marked as having a secret whose keychain entry is gone. */
  missingSecrets: Array<{ org: string; client: string }>;
  /** Active keys whose private key is gone from the keychain. */
  missingPrivateKeys: Array<{ org: string; kid: string }>;
  /**
   * Keychain entries of this service that nothing in the vault refers to. A trash copy of an entry
   * this vault does not know is not one: it may be another home's trash (homes sharing the service),
   * and is never touched.
   */
  orphans: string[];
}

export const isClean = (audit: KeychainAudit) => !audit.missingSecrets.length && !audit.missingPrivateKeys.length && !audit.orphans.length;

/** A client marked as having a secret whose keychain entry is gone. */
export const secretMissing = (client: Client, present: ReadonlySet<string>) => client.hasSecret && !present.has(keychainAccount.clientSecret(client.id));

/** An active key that should sign whose private key is gone from the keychain. */
export const privateKeyMissing = (key: SigningKey, present: ReadonlySet<string>) => key.status === 'active' && key.hasPrivateKey && !present.has(keychainAccount.privateKey(key.id));

/** The audit of the vault against the keychain accounts listed as `present`. */
export function auditAccounts(data: VaultData, present: ReadonlySet<string>): KeychainAudit {
  const orgName = new Map(data.organizations.map((o) => [o.id, o.name]));
  const expected = new Set<string>([keychainAccount.dataKey]);
  const missingSecrets: KeychainAudit['missingSecrets'] = [];
  const missingPrivateKeys: KeychainAudit['missingPrivateKeys'] = [];
  for (const client of data.clients) {
    expected.add(keychainAccount.clientSecret(client.id));
    if (secretMissing(client, present)) missingSecrets.push({ org: orgName.get(client.organizationId) ?? '?', client: client.name });
  }
  for (const key of data.keys) {
    expected.add(keychainAccount.privateKey(key.id));
    if (privateKeyMissing(key, present)) missingPrivateKeys.push({ org: orgName.get(key.organizationId) ?? '?', kid: keyLabel(key) });
  }
  // What waits in the trash is not an orphan: the store's trash entry restores it (trash.ts).
  for (const entry of data.trash) for (const account of trashAccounts(entry)) expected.add(account);
  const orphans = [...present].filter((account) => !expected.has(account) && !account.startsWith('trash/')).sort();
  return { missingSecrets, missingPrivateKeys, orphans };
}

export async function auditKeychain(data: VaultData, keychain: Keychain): Promise<KeychainAudit> {
  return auditAccounts(data, new Set(await keychain.accounts()));
}
