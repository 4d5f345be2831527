// Do the store and the keychain still agree? Entries can be deleted behind Tokendeck's back (a
// keychain manager, another machine's sync) and a crash can leave an entry nothing refers to.
// The audit reports both ways; the repair makes them agree without inventing a secret: a
// client whose secret is gone shows "secret missing", a key without its private half is retired
// (its public half still verifies), and orphaned entries go to the trash (vault-trash.ts), never
// away. The entries are listed and copied through the secret source (secret-source.ts).
import { keychainAccount } from './keychain-accounts.js';
import { keyLabel, type Client, type SigningKey, type VaultData } from './model/entities.js';
import { SOURCE_ACCOUNT_PREFIX } from './sources/secret-sources.js';
import { trashAccounts } from './trash.js';
import type { VaultContext } from './vault-context.js';
import { moveToTrash, purgeTrash } from './vault-trash.js';

export interface KeychainAudit {
  /** Clients marked as having a secret whose keychain entry is gone. */
  missingSecrets: Array<{ org: string; client: string }>;
  /** Active keys whose private key is gone from the keychain. */
  missingPrivateKeys: Array<{ org: string; kid: string }>;
  /** Clients with a TLS certificate whose private key is gone from the keychain (mutual TLS). */
  missingTlsKeys: Array<{ org: string; client: string }>;
  /**
   * Keychain entries of this service that nothing in the vault refers to. A trash copy of an entry
   * this vault does not know is not one: it may be another home's trash (homes sharing the service),
   * and is never touched.
   */
  orphans: string[];
}

export const isClean = (audit: KeychainAudit) => !audit.missingSecrets.length && !audit.missingPrivateKeys.length && !audit.missingTlsKeys.length && !audit.orphans.length;

/** A client whose certificate should have its private key here and does not. */
export const tlsKeyMissing = (client: Client, present: ReadonlySet<string>) => client.certificate?.hasKey === true && !present.has(keychainAccount.tlsKey(client.id));

/** A client marked as having a secret whose keychain entry is gone. */
export const secretMissing = (client: Client, present: ReadonlySet<string>) => client.hasSecret && client.secretSource === undefined && !present.has(keychainAccount.clientSecret(client.id));

/** An active key that should sign whose private key is gone from the keychain. */
export const privateKeyMissing = (key: SigningKey, present: ReadonlySet<string>) => key.status === 'active' && key.hasPrivateKey && key.privateKeySource === undefined && !present.has(keychainAccount.privateKey(key.id));

/** The audit of the vault against the keychain accounts listed as `present`. */
export function auditAccounts(data: VaultData, present: ReadonlySet<string>): KeychainAudit {
  const orgName = new Map(data.organizations.map((o) => [o.id, o.name]));
  const expected = new Set<string>([keychainAccount.dataKey]);
  const missingSecrets: KeychainAudit['missingSecrets'] = [];
  const missingPrivateKeys: KeychainAudit['missingPrivateKeys'] = [];
  const missingTlsKeys: KeychainAudit['missingTlsKeys'] = [];
  for (const client of data.clients) {
    expected.add(keychainAccount.clientSecret(client.id));
    if (client.session) expected.add(keychainAccount.refreshToken(client.id));
    if (client.certificate) expected.add(keychainAccount.tlsKey(client.id));
    if (tlsKeyMissing(client, present)) missingTlsKeys.push({ org: orgName.get(client.organizationId) ?? '?', client: client.name });
    if (secretMissing(client, present)) missingSecrets.push({ org: orgName.get(client.organizationId) ?? '?', client: client.name });
  }
  // An organization's proxy password (network.proxyPassword) is its own, not an orphan.
  for (const org of data.organizations) if (org.network?.proxyPassword) expected.add(keychainAccount.proxyPassword(org.id));
  for (const key of data.keys) {
    expected.add(keychainAccount.privateKey(key.id));
    if (privateKeyMissing(key, present)) missingPrivateKeys.push({ org: orgName.get(key.organizationId) ?? '?', kid: keyLabel(key) });
  }
  // What waits in the trash is not an orphan: the store's trash entry restores it (trash.ts).
  for (const entry of data.trash) for (const account of trashAccounts(entry)) expected.add(account);
  // A source's own credential (the Vault token: sources/secret-sources.ts) is not the vault's.
  const orphans = [...present].filter((account) => !expected.has(account) && !account.startsWith('trash/') && !account.startsWith(SOURCE_ACCOUNT_PREFIX)).sort();
  return { missingSecrets, missingPrivateKeys, missingTlsKeys, orphans };
}

/** Whether the store and the keychain agree; the trash is emptied of expired entries first. */
export async function auditKeychain(ctx: VaultContext): Promise<KeychainAudit> {
  await purgeTrash(ctx);
  return auditAccounts(ctx.store.read(), new Set(await ctx.secrets.listAccounts()));
}

/**
 * Makes them agree: flags missing secrets, retires keys without a private key, and moves the
 * orphans to the trash (one entry, kept 7 days, restorable as they were). Never deletes them:
 * an orphan may be this home's secret whose vault.json was moved aside, or another home's
 * sharing the keychain service.
 */
export async function repairKeychain(ctx: VaultContext): Promise<KeychainAudit> {
  await purgeTrash(ctx);
  await moveToTrash(ctx, 'orphans', async (data, present) => {
    await copyBackFromLostTrash(ctx, data, present);
    for (const client of data.clients) if (secretMissing(client, present)) client.hasSecret = false;
    for (const client of data.clients) if (tlsKeyMissing(client, present)) client.certificate!.hasKey = false;
    for (const key of data.keys) if (privateKeyMissing(key, present)) key.status = 'retired';
    return { clients: [], keys: [], accounts: auditAccounts(data, present).orphans };
  });
  return auditKeychain(ctx);
}

/**
 * A secret or private key this vault misses whose copy waits under `trash/<id>/…` of an entry it
 * does not know: a vault.json put back after a repair had set its secrets aside (the entry lived
 * in the vault.json that replaced it). The value is copied back (`present` then has it); the
 * copy stays, as it may be another home's.
 */
async function copyBackFromLostTrash(ctx: VaultContext, data: VaultData, present: Set<string>): Promise<void> {
  const known = new Set(data.trash.map((e) => e.id));
  const wanted = [...data.clients.filter((c) => secretMissing(c, present)).map((c) => keychainAccount.clientSecret(c.id)), ...data.keys.filter((k) => privateKeyMissing(k, present)).map((k) => keychainAccount.privateKey(k.id))];
  for (const account of wanted) {
    const copy = [...present].find((a) => a.startsWith('trash/') && a.endsWith(`/${account}`) && !known.has(a.split('/')[1]!));
    const value = copy === undefined ? null : await ctx.secrets.readAccount(copy);
    if (value === null) continue;
    await ctx.secrets.writeAccount(account, value);
    present.add(account);
  }
}
