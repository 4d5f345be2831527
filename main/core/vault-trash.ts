// The vault's trash: a removal moves records and their secrets into it, a restore puts them back,
// and entries over 7 days old are purged. What an entry is called, when it expires and whether it
// fits back are trash.ts's; this module moves the values (through the secret source) and the records.
import { randomUUID } from 'node:crypto';
import { NotFoundError, TokendeckError } from './errors.js';
import { keychainAccount } from './keychain-accounts.js';
import { keyLabel, type Client, type Organization, type SigningKey, type TrashEntry, type VaultData } from './model/entities.js';
import { dropExpired, findTrashEntry, homeOf, isExpired, putBack, trashAccounts, trashItem, trashItems, trashName, type RestoredItem, type TrashItem } from './trash.js';
import { deleteAccounts, dropTokensOf, runUndo, type Undo, type VaultContext } from './vault-context.js';
import { checkClientFits, refuseSecretFor } from './vault-rules.js';

/** What a removal takes: records (organization, client, key kinds), and which keychain accounts if not theirs. */
export interface TrashTake {
  org?: Organization;
  clients: Client[];
  keys: SigningKey[];
  accounts?: string[];
}

/** The kinds that take records out of the vault (the others set aside a value whose record stays, or orphans). */
const RECORD_KINDS: ReadonlySet<TrashEntry['kind']> = new Set(['organization', 'client', 'key']);

/** What is in the trash, newest first; expired entries are purged first. */
export async function listTrash(ctx: VaultContext): Promise<TrashItem[]> {
  await purgeTrash(ctx);
  return trashItems(ctx.store.read().trash);
}

/**
 * Puts an entry back: its records into the store, its secrets and private keys to their own
 * keychain accounts. Refused, with nothing changed, when a name now clashes (trash.ts, putBack).
 * A replaced secret comes back in place of the client's current one, which goes to the trash
 * in its turn; a retired key's private half comes back with the key active again; orphans
 * come back to their accounts, none of which may be taken meanwhile. The answer counts what
 * came back and names what did not (deleted from the keychain behind Tokendeck's back).
 */
export async function restoreFromTrash(ctx: VaultContext, ref: string): Promise<RestoredItem> {
  const undo: Undo = [];
  let done: { entry: TrashEntry; purged: string[]; restored: string[]; missing: string[] };
  try {
    done = await ctx.store.update(async (data) => {
      const purged = dropExpired(data, ctx.now());
      const entry = findTrashEntry(data.trash, ref);
      const present = new Set(await ctx.secrets.listAccounts());
      const own = restorable(data, entry, present);
      const restored: string[] = [];
      const missing: string[] = [];
      for (const account of entry.accounts.filter((a) => own.has(a))) {
        const inTrash = keychainAccount.inTrash(entry.id, account);
        const value = present.has(inTrash) ? await ctx.secrets.readAccount(inTrash) : null;
        // Deleted behind Tokendeck's back: the record comes back, the audit then says the secret is missing.
        if (value === null) {
          missing.push(account);
          continue;
        }
        const current = present.has(account) ? await ctx.secrets.readAccount(account) : null;
        if (current !== null && current !== value) {
          // A secret restored over the client's current one: that one goes to the trash, not away.
          if (entry.kind !== 'secret') throw new TokendeckError('VALIDATION', `Cannot restore ${trashName(entry)}: ${accountName(entry, account)} is in the keychain again with another value. Nothing was changed.`);
          await copyToTrash(ctx, data, 'secret', { org: homeOf(data, entry), clients: entry.clients, keys: [] }, [account], undo);
        }
        await ctx.secrets.writeAccount(account, value);
        undo.push(() => (current === null ? ctx.secrets.deleteAccount(account) : ctx.secrets.writeAccount(account, current)));
        restored.push(account);
      }
      if (entry.kind === 'secret' || entry.kind === 'private-key') {
        if (restored.length === 0) throw new NotFoundError({ trash: ref }, `Cannot restore ${trashName(entry)}: its value is gone from the keychain's trash (deleted outside Tokendeck). Nothing was changed.`);
        // The value restored to the keychain takes effect again: a source the client or key was
        // pointed at since is dropped, as when a secret is typed in (setClientSecret).
        for (const client of data.clients) {
          if (!entry.clients.some((c) => c.id === client.id)) continue;
          client.hasSecret = true;
          delete client.secretSource;
        }
        for (const key of data.keys) {
          const before = entry.keys.find((k) => k.id === key.id);
          if (!before) continue;
          Object.assign(key, { status: before.status, hasPrivateKey: true });
          delete key.privateKeySource;
        }
      }
      data.trash = data.trash.filter((e) => e.id !== entry.id);
      return { entry, purged, restored, missing };
    });
  } catch (error) {
    await runUndo(undo);
    throw error;
  }
  await deleteAccounts(ctx, [...trashAccounts(done.entry), ...done.purged]);
  return { ...trashItem(done.entry, done.restored), missing: done.missing.map((a) => accountName(done.entry, a)) };
}

/**
 * The original accounts an entry may write back to, after the checks its kind needs (throwing,
 * nothing changed, when it cannot go back). Only the entry's own records' accounts: an edited
 * store file cannot aim a restore at another item (the data key); orphans only to free accounts.
 */
function restorable(data: VaultData, entry: TrashEntry, present: ReadonlySet<string>): Set<string> {
  if (entry.kind === 'orphans') {
    const taken = entry.accounts.filter((a) => present.has(a) || a === keychainAccount.dataKey || a.startsWith('trash/'));
    if (taken.length) throw new TokendeckError('VALIDATION', `Cannot restore the keychain orphans: ${taken.join(', ')} ${taken.length === 1 ? 'is' : 'are'} in use now. Nothing was changed.`);
    return new Set(entry.accounts);
  }
  if (entry.kind === 'secret') {
    const org = homeOf(data, entry);
    const client = data.clients.find((c) => c.id === entry.clients[0]?.id);
    if (!client) throw new NotFoundError({ trash: trashName(entry) }, `Cannot restore ${trashName(entry)}: the client is gone from "${org.name}". Restore the client first (\`tokendeck trash list\`), then this.`);
    refuseSecretFor(org);
  } else if (entry.kind === 'private-key') {
    const org = homeOf(data, entry);
    const key = data.keys.find((k) => k.id === entry.keys[0]?.id);
    if (!key) throw new NotFoundError({ trash: trashName(entry) }, `Cannot restore ${trashName(entry)}: the key is gone from "${org.name}". Restore the key first (\`tokendeck trash list\`), then this.`);
    const fits = entry.keys.map((k) => ({ ...k, organizationId: org.id }));
    putBack({ ...data, clients: [], keys: data.keys.filter((k) => k.id !== key.id) }, { ...entry, kind: 'key', keys: fits }, () => {});
  } else {
    putBack(data, entry, (org, client) => checkClientFits(org, client));
  }
  const proxy = entry.kind === 'organization' && entry.organization?.network?.proxyPassword ? [keychainAccount.proxyPassword(entry.organization.id)] : [];
  return new Set([...entry.clients.flatMap(clientAccounts), ...entry.keys.map((k) => keychainAccount.privateKey(k.id)), ...proxy]);
}

/** A removed client's keychain values that go to the trash with it: its secret, its TLS certificate's private key. */
const clientAccounts = (client: Client): string[] => [keychainAccount.clientSecret(client.id), keychainAccount.tlsKey(client.id)];

/** What an original account held, for a user: `acme/web's secret`, `acme key K1's private key`. */
function accountName(entry: TrashEntry, account: string): string {
  const org = entry.organization?.name ?? '?';
  const client = entry.clients.find((c) => keychainAccount.clientSecret(c.id) === account);
  if (client) return `${org}/${client.name}'s secret`;
  const certified = entry.clients.find((c) => keychainAccount.tlsKey(c.id) === account);
  if (certified) return `${org}/${certified.name}'s TLS private key`;
  const key = entry.keys.find((k) => keychainAccount.privateKey(k.id) === account);
  if (key) return `${org} key ${keyLabel(key)}'s private key`;
  if (entry.organization && account === keychainAccount.proxyPassword(entry.organization.id)) return `${org}'s proxy password`;
  return account;
}

/** Deletes the entries older than 7 days, records and keychain values; answers how many went. */
export async function purgeTrash(ctx: VaultContext): Promise<number> {
  if (!ctx.store.read().trash.some((e) => isExpired(e, ctx.now()))) return 0;
  let purged = 0;
  const accounts = await ctx.store.update(async (data) => {
    const before = data.trash.length;
    const dropped = dropExpired(data, ctx.now());
    purged = before - data.trash.length;
    return dropped;
  });
  await deleteAccounts(ctx, accounts);
  return purged;
}

/**
 * The one way a removal goes: `take` takes the records out of `data` (throwing if they are not
 * there); their keychain values are copied to the trash in the same locked update, and the
 * originals deleted only once the store says they are in the trash. A failure before that
 * deletes the copies again: the vault is as it was. A removal of values alone (a retired key's
 * private half, orphans) that finds none makes no entry.
 */
export async function moveToTrash(ctx: VaultContext, kind: TrashEntry['kind'], take: (data: VaultData, present: Set<string>) => TrashTake | Promise<TrashTake>): Promise<TrashItem | undefined> {
  const undo: Undo = [];
  let done: { entry: TrashEntry | undefined; purged: string[] };
  try {
    done = await ctx.store.update(async (data) => {
      const purged = dropExpired(data, ctx.now());
      const present = new Set(await ctx.secrets.listAccounts());
      const taken = await take(data, present);
      const originals = taken.accounts ?? [...taken.clients.flatMap(clientAccounts), ...taken.keys.map((k) => keychainAccount.privateKey(k.id))];
      const entry = await copyToTrash(ctx, data, kind, taken, originals.filter((a) => present.has(a)), undo);
      await dropTokensOf(ctx, data, new Set(RECORD_KINDS.has(kind) ? taken.clients.map((c) => c.id) : []));
      return { entry, purged };
    });
  } catch (error) {
    await runUndo(undo);
    throw error;
  }
  await deleteAccounts(ctx, [...(done.entry?.accounts ?? []), ...done.purged]);
  return done.entry && trashItem(done.entry);
}

/** A removal of records, which always makes its entry. */
export async function moveToTrashed(ctx: VaultContext, kind: 'organization' | 'client' | 'key', take: (data: VaultData) => TrashTake): Promise<TrashItem> {
  return (await moveToTrash(ctx, kind, take))!;
}

/**
 * Copies the accounts' values to a new trash entry pushed onto `data` (the originals stay; the
 * caller deletes or overwrites them once the store is written). `undo` gets the copies' deletion.
 */
export async function copyToTrash(ctx: VaultContext, data: VaultData, kind: TrashEntry['kind'], taken: TrashTake, accounts: readonly string[], undo: Undo): Promise<TrashEntry | undefined> {
  const id = randomUUID();
  const copied: string[] = [];
  for (const account of accounts) {
    const value = await ctx.secrets.readAccount(account);
    if (value === null) continue;
    const inTrash = keychainAccount.inTrash(id, account);
    await ctx.secrets.writeAccount(inTrash, value);
    undo.push(() => ctx.secrets.deleteAccount(inTrash));
    copied.push(account);
  }
  if (!RECORD_KINDS.has(kind) && copied.length === 0) return undefined;
  const entry: TrashEntry = {
    id,
    kind,
    removedAt: new Date(ctx.now()).toISOString(),
    ...(taken.org ? { organization: taken.org } : {}),
    clients: structuredClone(taken.clients),
    keys: structuredClone(taken.keys),
    accounts: copied,
  };
  data.trash.push(entry);
  return entry;
}
