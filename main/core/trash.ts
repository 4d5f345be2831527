// The trash: what a removal of an organization, a client or a key takes, kept for 7 days so that
// one command cannot destroy what the vendor must reissue; so is a client secret replaced, a
// retired key's private half, and the keychain entries a repair finds the vault does not list
// (they may be another Tokendeck home's, or this one's before its vault.json was moved aside). The records go to a trash entry of the
// store file (`trash` in vault.json, never a secret), their keychain values move to
// `trash/<entry id>/<original account>` (keychain-accounts.ts). vault-trash.ts moves and restores;
// this module says what an entry is called, when it expires and whether it can go back.
import { createPublicKey } from 'node:crypto';
import { NotFoundError, TokendeckError } from './errors.js';
import { keyMismatch } from './jwt-sign.js';
import { keychainAccount } from './keychain-accounts.js';
import { sameName } from './model/primitives.js';
import { keyLabel, type Client, type Organization, type SigningKey, type TrashEntry, type VaultData } from './model/entities.js';

/** How long the trash keeps an entry: a week covers a Friday's mistake found on Monday. */
export const TRASH_DAYS = 7;
const TRASH_KEEP_MS = TRASH_DAYS * 24 * 60 * 60 * 1000;

/** A trash entry as the deck and `tokendeck trash list` show it: names and counts, never a secret. */
export interface TrashItem {
  id: string;
  kind: TrashEntry['kind'];
  /** `acme`, `acme/web`, `acme key K1`: what `trash restore` also takes. */
  name: string;
  /** Empty for orphans. */
  organization: string;
  clients: string[];
  keys: string[];
  /** How many client secrets and private keys wait in the keychain's trash. */
  secrets: number;
  privateKeys: number;
  /** Orphans only: the keychain accounts set aside. */
  accounts: string[];
  removedAt: string;
  expiresAt: string;
}

/** What a restore answers beyond the entry: the secrets and private keys that did not come back. */
export interface RestoredItem extends TrashItem {
  /** `acme/web's secret`, `acme key K1's private key`, or an orphan's account: gone from the keychain's trash. */
  missing: string[];
}

export function trashName(entry: Pick<TrashEntry, 'kind' | 'organization' | 'clients' | 'keys'>): string {
  const org = entry.organization?.name ?? '?';
  if (entry.kind === 'client') return `${org}/${entry.clients[0]?.name ?? '?'}`;
  if (entry.kind === 'secret') return `${org}/${entry.clients[0]?.name ?? '?'} secret`;
  if (entry.kind === 'key') return `${org} key ${entry.keys[0] ? keyLabel(entry.keys[0]) : '?'}`;
  if (entry.kind === 'private-key') return `${org} key ${entry.keys[0] ? keyLabel(entry.keys[0]) : '?'} private key`;
  if (entry.kind === 'orphans') return 'keychain orphans';
  return org;
}

export const trashExpiry = (entry: Pick<TrashEntry, 'removedAt'>): number => Date.parse(entry.removedAt) + TRASH_KEEP_MS;

export const isExpired = (entry: Pick<TrashEntry, 'removedAt'>, now: number): boolean => trashExpiry(entry) <= now;

/** The keychain accounts an entry holds in the trash. */
export const trashAccounts = (entry: Pick<TrashEntry, 'id' | 'accounts'>): string[] => entry.accounts.map((account) => keychainAccount.inTrash(entry.id, account));

/** `held`: the original accounts to count (a restore counts those that came back). */
export function trashItem(entry: TrashEntry, held: readonly string[] = entry.accounts): TrashItem {
  const secretAccounts = new Set(held);
  return {
    id: entry.id,
    kind: entry.kind,
    name: trashName(entry),
    organization: entry.organization?.name ?? '',
    clients: entry.clients.map((c) => c.name),
    keys: entry.keys.map((k) => keyLabel(k)),
    secrets: entry.clients.filter((c) => secretAccounts.has(keychainAccount.clientSecret(c.id))).length,
    privateKeys: entry.keys.filter((k) => secretAccounts.has(keychainAccount.privateKey(k.id))).length,
    accounts: entry.kind === 'orphans' ? [...held] : [],
    removedAt: entry.removedAt,
    expiresAt: new Date(trashExpiry(entry)).toISOString(),
  };
}

/** Newest first, the way a user looks for what they just removed. */
export const trashItems = (entries: readonly TrashEntry[]): TrashItem[] => entries.map((e) => trashItem(e)).sort((a, b) => b.removedAt.localeCompare(a.removedAt));

/** By id (or its first 8 characters and more) or by name; a name removed twice needs the id. */
export function findTrashEntry(entries: readonly TrashEntry[], ref: string): TrashEntry {
  const byId = ref.length >= 8 ? entries.filter((e) => e.id.startsWith(ref.toLowerCase())) : [];
  const found = byId.length ? byId : entries.filter((e) => sameName(trashName(e), ref));
  if (found.length === 1) return found[0]!;
  if (found.length === 0) throw new NotFoundError({ trash: ref }, `Nothing named "${ref}" is in the trash (entries are kept ${TRASH_DAYS} days). See \`tokendeck trash list\`.`);
  const ids = found.map((e) => `${e.id.slice(0, 8)} (removed ${e.removedAt})`).join(', ');
  throw new TokendeckError('USAGE', `"${ref}" was removed ${found.length} times: restore one by its id: ${ids}.`);
}

/** A key that goes back into an organization whose profile may have changed since must still fit it. */
function checkKeyFits(org: Organization, key: SigningKey): SigningKey {
  const alg = org.jwt?.alg ?? 'ES256';
  if (key.algorithm === alg) return key;
  const mismatch = keyMismatch(createPublicKey(key.publicKeyPem), alg);
  if (mismatch) throw new TokendeckError('VALIDATION', `Cannot restore key ${keyLabel(key)}: "${org.name}" now signs with ${alg} and the key cannot (${mismatch}).`);
  return { ...key, algorithm: alg };
}

function checkKeyFree(data: VaultData, org: Organization, key: SigningKey): void {
  const clash = data.keys.find((k) => k.organizationId === org.id && ((key.kid !== undefined && k.kid === key.kid) || k.thumbprint === key.thumbprint));
  if (clash) throw new TokendeckError('VALIDATION', `Cannot restore key ${keyLabel(key)}: "${org.name}" now has a key with the same Key ID or key material (${keyLabel(clash)}). Remove that one first if you want this one back.`);
}

/**
 * The organization a client or key goes back into: the same one (by id), which must still be
 * there. One of the same name added since is another organization: its uuid differs, and the
 * records point at the old one's.
 */
export function homeOf(data: VaultData, entry: TrashEntry): Organization {
  const home = entry.organization;
  const org = home && data.organizations.find((o) => o.id === home.id);
  if (org) return org;
  const name = home?.name ?? '?';
  const namesake = data.organizations.find((o) => sameName(o.name, name));
  if (namesake) {
    throw new TokendeckError(
      'NOT_FOUND',
      `Cannot restore ${trashName(entry)}: the organization "${name}" it belonged to was removed; the "${namesake.name}" there now is another one, added since. To get the removed one back with this: remove the new one (\`tokendeck org remove ${namesake.name}\`; it goes to the trash too), restore the old one by its id (\`tokendeck trash list\`), then this.`,
    );
  }
  throw new TokendeckError(
    'NOT_FOUND',
    `Cannot restore ${trashName(entry)}: its organization "${name}" is gone. Restore the organization first (\`tokendeck trash restore ${name}\`), then this.`,
  );
}

/**
 * Puts the entry's records back into `data`, or throws (nothing changed) when that would clash
 * with what the vault holds now. `checkClient` is the vault's own rule for a client in an
 * organization (its scheme and settings must still fit).
 */
export function putBack(data: VaultData, entry: TrashEntry, checkClient: (org: Organization, client: Client) => void): void {
  if (entry.kind === 'organization' && entry.organization) {
    const clash = data.organizations.find((o) => sameName(o.name, entry.organization!.name));
    if (clash) {
      throw new TokendeckError(
        'VALIDATION',
        `Cannot restore organization "${entry.organization.name}": an organization of that name exists now. Remove it (\`tokendeck org remove ${clash.name}\`; it goes to the trash too), then restore.`,
      );
    }
    data.organizations.push(entry.organization);
    data.clients.push(...entry.clients);
    data.keys.push(...entry.keys);
    return;
  }
  const org = homeOf(data, entry);
  for (const client of entry.clients) {
    const clash = data.clients.find((c) => c.organizationId === org.id && sameName(c.name, client.name));
    if (clash) throw new TokendeckError('VALIDATION', `Cannot restore client "${org.name}/${client.name}": "${org.name}" has a client of that name now. Remove it or rename it, then restore.`);
    checkClient(org, client);
  }
  const keys = entry.keys.map((key) => {
    checkKeyFree(data, org, key);
    return checkKeyFits(org, key);
  });
  data.clients.push(...entry.clients);
  data.keys.push(...keys);
}

/** Drops the expired entries from `data`; answers the keychain accounts to delete once that is written. */
export function dropExpired(data: VaultData, now: number): string[] {
  const expired = data.trash.filter((e) => isExpired(e, now));
  if (expired.length === 0) return [];
  data.trash = data.trash.filter((e) => !isExpired(e, now));
  return expired.flatMap(trashAccounts);
}
