// The vault: organizations, clients and signing keys. Metadata goes to the store file, client
// secrets and private keys to the keychain; every change keeps the two in agreement (a failed
// store write undoes its keychain write, a removal deletes its keychain entries first).
import { createPublicKey, randomUUID } from 'node:crypto';
import { keyMismatch } from './jwt-sign.js';
import { clientDestinationChange, destinationChangeRefused, organizationDestinationChange, sameDestinationChanges, type DestinationChange } from './destination-change.js';
import { NotFoundError, TokendeckError } from './errors.js';
import { checkSecretSize, type Keychain } from './keychain.js';
import type { TokenValues } from './token-values.js';
import { keychainAccount } from './keychain-accounts.js';
import { sameName } from './model/primitives.js';
import { isPending, isProductionClient, KeyId, keyLabel, type Client, type Organization, type SigningKey, type TrashEntry, type VaultData } from './model/entities.js';
import { checkClientIdFits, ClientInput, ClientOptions, OrganizationChanges, OrganizationInput } from './model/inputs.js';
import { checkSchemeOffered, defaultSchemeOf, missingApiUrl, missingTokenUrl } from './providers/registry.js';
import { signingKey } from './signing-key-choice.js';
import { canGenerate, usesKid, type JwtAlgorithm } from './jwt-profile.js';
import { describePublicKey, generateSigningKey, importSigningKey, pemFromKeychain, type KeyMaterial } from './signing-keys.js';
import { findKey, onlyPendingKey } from './key-ref.js';
import { parseInput } from './validate.js';
import { optionWord } from './shell-words.js';
import type { z } from 'zod';
import type { VaultStore } from './vault-store.js';
import { auditAccounts, auditKeychain, privateKeyMissing, secretMissing, type KeychainAudit } from './keychain-audit.js';
import { dropExpired, findTrashEntry, homeOf, isExpired, putBack, trashAccounts, trashItem, trashItems, trashName, type RestoredItem, type TrashItem } from './trash.js';

export interface OrganizationTree extends Organization {
  clients: Client[];
  keys: SigningKey[];
}

export interface VaultTree {
  organizations: OrganizationTree[];
}

/**
 * A client as the deck's sidebar and palette show it (and filter it by: its client id). The
 * window's first screen needs only this; the rest of an organization comes with `organization()`.
 */
export interface OutlineClient {
  /** The client's uuid: the window sends it back with a copy or send, so a client replaced meanwhile is refused. */
  id: string;
  name: string;
  environment: string;
  clientId: string;
  hasSecret: boolean;
  production: boolean;
}

export interface OutlineOrganization {
  name: string;
  provider: Organization['provider'];
  clients: OutlineClient[];
}

/** The vault as the deck first draws it: a tenth of the tree's size with 10,000 clients. */
export interface VaultOutline {
  organizations: OutlineOrganization[];
}

/** What a removal would take from the vault, for the question asked first: names and counts. */
export interface VaultRemoval {
  organization: string;
  clients: string[];
  /** The clients whose secret is in the keychain. */
  secrets: string[];
  /** The keys whose private half is in the keychain. */
  privateKeys: string[];
  keys: string[];
  cachedTokens: number;
}

export interface GeneratedKey {
  key: SigningKey;
  publicKeyPem: string;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}


function findOrganization(data: VaultData, name: string): Organization {
  const org = data.organizations.find((o) => sameName(o.name, name));
  if (!org) {
    throw new NotFoundError({ org: name }, `No organization named "${name}". See \`tokendeck org list\` for the ones you have.`);
  }
  return org;
}

function findClient(data: VaultData, orgName: string, clientName: string): { org: Organization; client: Client } {
  const org = findOrganization(data, orgName);
  const client = data.clients.find((c) => c.organizationId === org.id && sameName(c.name, clientName));
  if (!client) {
    throw new NotFoundError({ org: org.name, client: clientName }, `Organization "${org.name}" has no client named "${clientName}". See \`tokendeck list\`.`);
  }
  return { org, client };
}

/**
 * The one rule for a client secret, wherever it comes from (the deck, the CLI's stdin). Spaces
 * around a secret are never part of it — vendors issue none — but a paste or a shell carries
 * them along, and `basic` would then send `clientid:   ` as if it were a credential.
 */
function requireSecret(secret: string): string {
  if (secret.trim().length === 0) {
    const what = secret.length === 0 ? 'it is empty' : 'it is only spaces';
    throw new TokendeckError('VALIDATION', `Invalid secret: ${what}. Nothing was saved.`, { field: 'secret' });
  }
  if (/[\r\n]/.test(secret)) {
    throw new TokendeckError('VALIDATION', 'Invalid secret: it contains a line break. Paste only the secret itself.', { field: 'secret' });
  }
  if (secret !== secret.trim()) {
    throw new TokendeckError('VALIDATION', 'Invalid secret: it starts or ends with a space or tab. Paste only the secret itself; nothing was saved.', { field: 'secret' });
  }
  checkSecretSize(secret, 'client secret');
  return secret;
}

const now = () => new Date().toISOString();

/** A signed-JWT organization's clients have no secret: its key signs (a secret would sit unused in the keychain). */
function refuseSecretFor(org: Organization): void {
  if (org.provider !== 'jwt') return;
  throw new TokendeckError('VALIDATION', `Invalid secret: clients of "${org.name}" (signed JWT) have no secret; the organization's key signs their tokens. Nothing was saved.`, { field: 'secret' });
}

/**
 * The organization's clients and keys: what the deck shows when it is opened, and whether it holds
 * a secret a new destination would get (destination-change.ts).
 */
function heldBy(data: VaultData, org: Organization): { clients: Client[]; keys: SigningKey[] } {
  return { clients: data.clients.filter((c) => c.organizationId === org.id), keys: data.keys.filter((k) => k.organizationId === org.id) };
}

function nextOrganization(org: Organization, fields: z.output<typeof OrganizationChanges>): Organization {
  return { ...org, ...fields, agreement: fields.agreement === null ? undefined : (fields.agreement ?? org.agreement) };
}

/** What an organization edit must satisfy whatever is confirmed; the keys get the new algorithm. */
function checkOrganizationChange(org: Organization, next: Organization, fields: z.output<typeof OrganizationChanges>, keys: SigningKey[]): void {
  const tokenUrlProblem = missingTokenUrl(next);
  if (tokenUrlProblem) throw new TokendeckError('VALIDATION', `Invalid tokenUrl: ${tokenUrlProblem}.`, { field: 'tokenUrl' });
  const apiUrlProblem = missingApiUrl(next);
  if (apiUrlProblem) throw new TokendeckError('VALIDATION', `Invalid apiBaseUrl: ${apiUrlProblem}.`, { field: 'apiBaseUrl' });
  if (fields.jwt && org.provider !== 'jwt') throw new TokendeckError('VALIDATION', `Invalid jwt: a ${org.provider} organization has no signed-JWT profile.`, { field: 'jwt' });
  checkKeysFitProfile(org, next, keys);
}

/** A destination change goes through only as the change the user confirmed, nothing else. */
function checkApproved(change: DestinationChange | undefined, approved: DestinationChange | undefined): void {
  if (!change || (approved && sameDestinationChanges([change], [approved]))) return;
  throw destinationChangeRefused(
    [change],
    approved ? 'It is not the change you confirmed (the vault changed meanwhile): try again.' : 'Confirm the change when Tokendeck asks (the CLI: add --allow-destination-change if you expect it).',
  );
}

/** `clientId` only when it is new or changing: a client stored before the UUID rule can still be edited. */
export function checkClientFits(org: Organization, client: Pick<Client, 'defaultScheme' | 'oauth2' | 'jwt'> & { clientId?: string | undefined }): void {
  if (client.clientId !== undefined) checkClientIdFits(org.provider, client.clientId, 'clientId', org.jwt);
  checkSchemeOffered(org, client.defaultScheme, 'defaultScheme');
  if (client.oauth2 && org.provider !== 'oauth2') {
    throw new TokendeckError('VALIDATION', `Invalid oauth2: scope, audience and auth method apply to OAuth 2.0 clients, not ${org.provider}.`, { field: 'oauth2' });
  }
  if (client.jwt && org.provider !== 'jwt') {
    throw new TokendeckError('VALIDATION', `Invalid jwt: installation ID, subject and scope apply to signed-JWT clients, not ${org.provider}.`, { field: 'jwt' });
  }
}

/**
 * A profile may change its algorithm only to one the organization's active keys can sign with
 * (RS256 and PS256 share RSA keys); their records then carry the new one. An import runs it too
 * (setup-merge.ts): a file's profile must fit the keys here, as an edit's does.
 */
export function checkKeysFitProfile(org: Pick<Organization, 'jwt'>, next: Pick<Organization, 'jwt'>, keys: SigningKey[]): void {
  const alg = next.jwt?.alg;
  if (!alg || alg === org.jwt?.alg) return;
  for (const key of keys.filter((k) => k.status === 'active')) {
    const mismatch = keyMismatch(createPublicKey(key.publicKeyPem), alg);
    if (mismatch) {
      throw new TokendeckError('VALIDATION', `Invalid jwt.alg: the active key ${keyLabel(key)} cannot sign ${alg} (${mismatch}). Retire or remove it first, then add a key that fits.`, { field: 'jwt.alg' });
    }
    key.algorithm = alg;
  }
}

/** What a removal takes: records (organization, client, key kinds), and which keychain accounts if not theirs. */
interface TrashTake {
  org?: Organization;
  clients: Client[];
  keys: SigningKey[];
  accounts?: string[];
}

/** The kinds that take records out of the vault (the others set aside a value whose record stays, or orphans). */
const RECORD_KINDS: ReadonlySet<TrashEntry['kind']> = new Set(['organization', 'client', 'key']);

export class Vault {
  constructor(
    private readonly store: VaultStore,
    private readonly keychain: Keychain,
    private readonly tokenValues: TokenValues,
    /** The trash's clock (its 7 days); tests move it instead of waiting. */
    private readonly now: () => number = Date.now,
  ) {}

  // ---- the keychain: is it there, does it agree with the store (keychain audit) ---------

  /**
   * Throws KEYCHAIN_UNAVAILABLE unless the keychain answers: reachable, and unlocked where it can
   * be locked (reading the token cache's data key needs the collection open). The app asks this
   * before it shows the deck, and again on "Try again".
   */
  async checkKeychain(): Promise<void> {
    const early = this.earlyKeychainCheck;
    this.earlyKeychainCheck = undefined;
    if (early) return early;
    await this.keychain.accounts();
    await this.keychain.get(keychainAccount.dataKey);
  }

  /** A check started at start-up (warmUp), whose answer the window's first check takes. */
  private earlyKeychainCheck: Promise<void> | undefined;

  /**
   * Starts the window's keychain check while the window is still loading (a Secret Service round
   * trip costs tens of milliseconds): the first checkKeychain() answers with it; every later one
   * ("Try again") asks the keychain afresh.
   */
  startKeychainCheck(): void {
    const early = this.checkKeychain();
    early.catch(() => {}); // Reported to the window by its own check.
    this.earlyKeychainCheck = early;
  }

  /** Whether the store and the keychain agree (keychain-audit.ts); the trash is emptied of expired entries first. */
  async auditKeychain(): Promise<KeychainAudit> {
    await this.purgeTrash();
    return auditKeychain(this.store.read(), this.keychain);
  }

  /**
   * Makes them agree: flags missing secrets, retires keys without a private key, and moves the
   * orphans to the trash (one entry, kept 7 days, restorable as they were). Never deletes them:
   * an orphan may be this home's secret whose vault.json was moved aside, or another home's
   * sharing the keychain service.
   */
  async repairKeychain(): Promise<KeychainAudit> {
    await this.purgeTrash();
    await this.moveToTrash('orphans', async (data, present) => {
      await this.copyBackFromLostTrash(data, present);
      for (const client of data.clients) if (secretMissing(client, present)) client.hasSecret = false;
      for (const key of data.keys) if (privateKeyMissing(key, present)) key.status = 'retired';
      return { clients: [], keys: [], accounts: auditAccounts(data, present).orphans };
    });
    return this.auditKeychain();
  }

  /**
   * A secret or private key this vault misses whose copy waits under `trash/<id>/…` of an entry it
   * does not know: a vault.json put back after a repair had set its secrets aside (the entry lived
   * in the vault.json that replaced it). The value is copied back (`present` then has it); the
   * copy stays, as it may be another home's.
   */
  private async copyBackFromLostTrash(data: VaultData, present: Set<string>): Promise<void> {
    const known = new Set(data.trash.map((e) => e.id));
    const wanted = [...data.clients.filter((c) => secretMissing(c, present)).map((c) => keychainAccount.clientSecret(c.id)), ...data.keys.filter((k) => privateKeyMissing(k, present)).map((k) => keychainAccount.privateKey(k.id))];
    for (const account of wanted) {
      const copy = [...present].find((a) => a.startsWith('trash/') && a.endsWith(`/${account}`) && !known.has(a.split('/')[1]!));
      const value = copy === undefined ? null : await this.keychain.get(copy);
      if (value === null) continue;
      await this.keychain.set(account, value);
      present.add(account);
    }
  }

  // ---- the whole vault: the tree shown, a setup import's merge --------------------------

  /** Every organization with its clients and keys: what the deck and `tokendeck list` show. */
  tree(): VaultTree {
    const data = this.store.read();
    const clients = groupBy(data.clients, (c) => c.organizationId);
    const keys = groupBy(data.keys, (k) => k.organizationId);
    return {
      organizations: data.organizations.map((org) => ({ ...org, clients: clients.get(org.id) ?? [], keys: keys.get(org.id) ?? [] })),
    };
  }

  /** What the deck's first screen shows of every organization (see VaultOutline). */
  outline(): VaultOutline {
    const data = this.store.read();
    const clients = groupBy(data.clients, (c) => c.organizationId);
    return {
      organizations: data.organizations.map((org) => ({
        name: org.name,
        provider: org.provider,
        clients: (clients.get(org.id) ?? []).map((c) => ({ id: c.id, name: c.name, environment: c.environment, clientId: c.clientId, hasSecret: c.hasSecret, production: isProductionClient(c) })),
      })),
    };
  }

  /** One organization with its clients and keys: what the deck fetches when it is opened. */
  organizationTree(name: string): OrganizationTree {
    const data = this.store.read();
    const org = findOrganization(data, name);
    return { ...org, ...heldBy(data, org) };
  }

  /** A private copy of the stored data, to plan a merge on (a setup import's preview). */
  snapshot(): VaultData {
    return structuredClone(this.store.read());
  }

  /**
   * One locked read-modify-write of the whole data, for a merge that lands all at once or not at
   * all (a setup import). `change` edits the locked copy; the store's schema checks the result
   * before the one write. It is for metadata only: no keychain entry is made or removed this way.
   */
  async transact<R>(change: (data: VaultData) => Promise<R> | R): Promise<R> {
    return this.store.update(change);
  }

  // ---- organizations --------------------------------------------------------------------

  organizations(): Organization[] {
    return this.store.read().organizations;
  }

  /** The organization, as stored now. */
  organization(name: string): Organization {
    return findOrganization(this.store.read(), name);
  }

  async addOrganization(input: OrganizationInput): Promise<Organization> {
    const fields = parseInput(OrganizationInput, input, 'organization');
    return this.store.update((data) => {
      if (data.organizations.some((o) => sameName(o.name, fields.name))) {
        throw new TokendeckError('VALIDATION', `Invalid name: an organization named "${fields.name}" already exists.`, { field: 'name' });
      }
      const org: Organization = { id: randomUUID(), ...fields, createdAt: now() };
      data.organizations.push(org);
      return org;
    });
  }

  /**
   * What `updateOrganization` would re-point, for the confirmation asked first (undefined:
   * nothing). A change it would refuse anyway (a profile the keys cannot sign, a URL missing) is
   * refused here, so nobody is asked to confirm what cannot be made.
   */
  organizationUpdateDestinationChange(name: string, changes: OrganizationChanges): DestinationChange | undefined {
    const fields = parseInput(OrganizationChanges, changes, 'organization');
    const data = this.store.read();
    const org = findOrganization(data, name);
    const next = nextOrganization(org, fields);
    const held = heldBy(data, org);
    // Copies of the keys: the fit check writes the new algorithm into them, and these are the store's cached ones.
    checkOrganizationChange(org, next, fields, held.keys.map((k) => ({ ...k })));
    return organizationDestinationChange(org, next, held);
  }

  /** `approved`: the destination change the user confirmed; any other is refused. */
  async updateOrganization(name: string, changes: OrganizationChanges, approved?: DestinationChange): Promise<Organization> {
    const fields = parseInput(OrganizationChanges, changes, 'organization');
    return this.store.update((data) => {
      const org = findOrganization(data, name);
      const next = nextOrganization(org, fields);
      const held = heldBy(data, org);
      // A change that cannot be made is refused as such, before any question of confirmation.
      checkOrganizationChange(org, next, fields, held.keys);
      checkApproved(organizationDestinationChange(org, next, held), approved);
      Object.assign(org, next);
      if (!org.agreement) delete org.agreement;
      return org;
    });
  }

  /**
   * The vault's part of removing an organization: its clients and keys, their keychain entries
   * and cached tokens. The app and the CLI remove it through `removeOrganization` in
   * operations.ts, which also forgets its console history, saved requests and hand-outs.
   */
  async removeOrganization(name: string): Promise<TrashItem> {
    return this.moveToTrashed('organization', (data) => {
      const org = findOrganization(data, name);
      const { clients, keys } = heldBy(data, org);
      data.organizations = data.organizations.filter((o) => o.id !== org.id);
      data.clients = data.clients.filter((c) => c.organizationId !== org.id);
      data.keys = data.keys.filter((k) => k.organizationId !== org.id);
      return { org, clients, keys };
    });
  }

  /**
   * What removing the organization, or one client of it, would take from the vault: for the
   * question asked first (the CLI's prompt or refusal). Names and counts only.
   */
  removalOf(orgName: string, clientName?: string): VaultRemoval {
    const data = this.store.read();
    const org = findOrganization(data, orgName);
    const held = heldBy(data, org);
    const clients = clientName === undefined ? held.clients : [findClient(data, orgName, clientName).client];
    const keys = clientName === undefined ? held.keys : [];
    const ids = new Set(clients.map((c) => c.id));
    return {
      organization: org.name,
      clients: clients.map((c) => c.name),
      secrets: clients.filter((c) => c.hasSecret).map((c) => c.name),
      privateKeys: keys.filter((k) => k.hasPrivateKey && k.status === 'active').map((k) => keyLabel(k)),
      keys: keys.map((k) => keyLabel(k)),
      cachedTokens: data.tokens.filter((t) => ids.has(t.clientRef)).length,
    };
  }

  // ---- the trash: removed records and their keychain values, kept 7 days (trash.ts) ------

  /** What is in the trash, newest first; expired entries are purged first. */
  async trash(): Promise<TrashItem[]> {
    await this.purgeTrash();
    return trashItems(this.store.read().trash);
  }

  /**
   * Puts an entry back: its records into the store, its secrets and private keys to their own
   * keychain accounts. Refused, with nothing changed, when a name now clashes (trash.ts, putBack).
   * A replaced secret comes back in place of the client's current one, which goes to the trash
   * in its turn; a retired key's private half comes back with the key active again; orphans
   * come back to their accounts, none of which may be taken meanwhile. The answer counts what
   * came back and names what did not (deleted from the keychain behind Tokendeck's back).
   */
  async restoreFromTrash(ref: string): Promise<RestoredItem> {
    const undo: Array<() => Promise<unknown>> = [];
    let done: { entry: TrashEntry; purged: string[]; restored: string[]; missing: string[] };
    try {
      done = await this.store.update(async (data) => {
        const purged = dropExpired(data, this.now());
        const entry = findTrashEntry(data.trash, ref);
        const present = new Set(await this.keychain.accounts());
        const own = this.restorable(data, entry, present);
        const restored: string[] = [];
        const missing: string[] = [];
        for (const account of entry.accounts.filter((a) => own.has(a))) {
          const inTrash = keychainAccount.inTrash(entry.id, account);
          const value = present.has(inTrash) ? await this.keychain.get(inTrash) : null;
          // Deleted behind Tokendeck's back: the record comes back, the audit then says the secret is missing.
          if (value === null) {
            missing.push(account);
            continue;
          }
          const current = present.has(account) ? await this.keychain.get(account) : null;
          if (current !== null && current !== value) {
            // A secret restored over the client's current one: that one goes to the trash, not away.
            if (entry.kind !== 'secret') throw new TokendeckError('VALIDATION', `Cannot restore ${trashName(entry)}: ${this.accountName(entry, account)} is in the keychain again with another value. Nothing was changed.`);
            await this.copyToTrash(data, 'secret', { org: homeOf(data, entry), clients: entry.clients, keys: [] }, [account], undo);
          }
          await this.keychain.set(account, value);
          undo.push(() => (current === null ? this.keychain.delete(account) : this.keychain.set(account, current)));
          restored.push(account);
        }
        if (entry.kind === 'secret' || entry.kind === 'private-key') {
          if (restored.length === 0) throw new NotFoundError({ trash: ref }, `Cannot restore ${trashName(entry)}: its value is gone from the keychain's trash (deleted outside Tokendeck). Nothing was changed.`);
          for (const client of data.clients) if (entry.clients.some((c) => c.id === client.id)) client.hasSecret = true;
          for (const key of data.keys) {
            const before = entry.keys.find((k) => k.id === key.id);
            if (before) Object.assign(key, { status: before.status, hasPrivateKey: true });
          }
        }
        data.trash = data.trash.filter((e) => e.id !== entry.id);
        return { entry, purged, restored, missing };
      });
    } catch (error) {
      for (const step of undo.reverse()) await step().catch(() => {});
      throw error;
    }
    await this.deleteEntries([...trashAccounts(done.entry), ...done.purged]);
    return { ...trashItem(done.entry, done.restored), missing: done.missing.map((a) => this.accountName(done.entry, a)) };
  }

  /**
   * The original accounts an entry may write back to, after the checks its kind needs (throwing,
   * nothing changed, when it cannot go back). Only the entry's own records' accounts: an edited
   * store file cannot aim a restore at another item (the data key); orphans only to free accounts.
   */
  private restorable(data: VaultData, entry: TrashEntry, present: ReadonlySet<string>): Set<string> {
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
    return new Set([...entry.clients.map((c) => keychainAccount.clientSecret(c.id)), ...entry.keys.map((k) => keychainAccount.privateKey(k.id))]);
  }

  /** What an original account held, for a user: `acme/web's secret`, `acme key K1's private key`. */
  private accountName(entry: TrashEntry, account: string): string {
    const org = entry.organization?.name ?? '?';
    const client = entry.clients.find((c) => keychainAccount.clientSecret(c.id) === account);
    if (client) return `${org}/${client.name}'s secret`;
    const key = entry.keys.find((k) => keychainAccount.privateKey(k.id) === account);
    if (key) return `${org} key ${keyLabel(key)}'s private key`;
    return account;
  }

  /** Deletes the entries older than 7 days, records and keychain values; answers how many went. */
  async purgeTrash(): Promise<number> {
    if (!this.store.read().trash.some((e) => isExpired(e, this.now()))) return 0;
    let purged = 0;
    const accounts = await this.store.update(async (data) => {
      const before = data.trash.length;
      const dropped = dropExpired(data, this.now());
      purged = before - data.trash.length;
      return dropped;
    });
    await this.deleteEntries(accounts);
    return purged;
  }

  /**
   * The one way a removal goes: `take` takes the records out of `data` (throwing if they are not
   * there); their keychain values are copied to the trash in the same locked update, and the
   * originals deleted only once the store says they are in the trash. A failure before that
   * deletes the copies again: the vault is as it was. A removal of values alone (a retired key's
   * private half, orphans) that finds none makes no entry.
   */
  private async moveToTrash(kind: TrashEntry['kind'], take: (data: VaultData, present: Set<string>) => TrashTake | Promise<TrashTake>): Promise<TrashItem | undefined> {
    const undo: Array<() => Promise<unknown>> = [];
    let done: { entry: TrashEntry | undefined; purged: string[] };
    try {
      done = await this.store.update(async (data) => {
        const purged = dropExpired(data, this.now());
        const present = new Set(await this.keychain.accounts());
        const taken = await take(data, present);
        const originals = taken.accounts ?? [...taken.clients.map((c) => keychainAccount.clientSecret(c.id)), ...taken.keys.map((k) => keychainAccount.privateKey(k.id))];
        const entry = await this.copyToTrash(data, kind, taken, originals.filter((a) => present.has(a)), undo);
        await this.dropTokensOf(data, new Set(RECORD_KINDS.has(kind) ? taken.clients.map((c) => c.id) : []));
        return { entry, purged };
      });
    } catch (error) {
      for (const step of undo.reverse()) await step().catch(() => {});
      throw error;
    }
    await this.deleteEntries([...(done.entry?.accounts ?? []), ...done.purged]);
    return done.entry && trashItem(done.entry);
  }

  /** A removal of records, which always makes its entry. */
  private async moveToTrashed(kind: 'organization' | 'client' | 'key', take: (data: VaultData) => TrashTake): Promise<TrashItem> {
    return (await this.moveToTrash(kind, take))!;
  }

  /**
   * Copies the accounts' values to a new trash entry pushed onto `data` (the originals stay; the
   * caller deletes or overwrites them once the store is written). `undo` gets the copies' deletion.
   */
  private async copyToTrash(data: VaultData, kind: TrashEntry['kind'], taken: TrashTake, accounts: readonly string[], undo: Array<() => Promise<unknown>>): Promise<TrashEntry | undefined> {
    const id = randomUUID();
    const copied: string[] = [];
    for (const account of accounts) {
      const value = await this.keychain.get(account);
      if (value === null) continue;
      const inTrash = keychainAccount.inTrash(id, account);
      await this.keychain.set(inTrash, value);
      undo.push(() => this.keychain.delete(inTrash));
      copied.push(account);
    }
    if (!RECORD_KINDS.has(kind) && copied.length === 0) return undefined;
    const entry: TrashEntry = {
      id,
      kind,
      removedAt: new Date(this.now()).toISOString(),
      ...(taken.org ? { organization: taken.org } : {}),
      clients: structuredClone(taken.clients),
      keys: structuredClone(taken.keys),
      accounts: copied,
    };
    data.trash.push(entry);
    return entry;
  }

  // ---- clients and their secrets --------------------------------------------------------

  /** The client and its organization, as stored now. */
  resolveClient(orgName: string, clientName: string): { org: Organization; client: Client } {
    return findClient(this.store.read(), orgName, clientName);
  }

  async clientSecret(client: Client): Promise<string> {
    const secret = client.hasSecret ? await this.keychain.get(keychainAccount.clientSecret(client.id)) : null;
    if (secret === null) {
      const org = this.store.read().organizations.find((o) => o.id === client.organizationId)?.name ?? '<org>';
      throw new TokendeckError('SECRET_MISSING', `Client "${client.name}" has no secret in the keychain. Set it with \`tokendeck client set-secret ${org}/${client.name}\`.`, {
        action: { kind: 'set-secret', org, client: client.name },
      });
    }
    return secret;
  }

  async addClient(orgName: string, input: ClientInput, secret?: string): Promise<Client> {
    const fields = parseInput(ClientInput, input, 'client');
    if (secret !== undefined) requireSecret(secret);
    const id = randomUUID();
    return this.withKeychainRollback(secret === undefined ? [] : [keychainAccount.clientSecret(id)], () =>
      this.store.update(async (data) => {
        const org = findOrganization(data, orgName);
        if (secret !== undefined) refuseSecretFor(org);
        if (data.clients.some((c) => c.organizationId === org.id && sameName(c.name, fields.name))) {
          throw new TokendeckError('VALIDATION', `Invalid name: "${org.name}" already has a client named "${fields.name}".`, { field: 'name' });
        }
        const defaultScheme = fields.defaultScheme ?? defaultSchemeOf(org);
        checkClientFits(org, { clientId: fields.clientId, defaultScheme, oauth2: fields.oauth2, jwt: fields.jwt });
        if (secret !== undefined) await this.keychain.set(keychainAccount.clientSecret(id), secret);
        const client: Client = {
          id,
          organizationId: org.id,
          ...fields,
          defaultScheme,
          hasSecret: secret !== undefined,
          createdAt: now(),
        };
        data.clients.push(client);
        return client;
      }),
    );
  }

  /** The previous secret, if any and different, goes to the trash first (`trash restore <org>/<client> secret`). */
  async setClientSecret(orgName: string, clientName: string, secret: string): Promise<Client> {
    requireSecret(secret);
    const undo: Array<() => Promise<unknown>> = [];
    let done: { client: Client; purged: string[] };
    try {
      done = await this.store.update(async (data) => {
        const purged = dropExpired(data, this.now());
        const { org, client } = findClient(data, orgName, clientName);
        refuseSecretFor(org);
        const account = keychainAccount.clientSecret(client.id);
        const previous = await this.keychain.get(account);
        if (previous !== null && previous !== secret) await this.copyToTrash(data, 'secret', { org, clients: [client], keys: [] }, [account], undo);
        await this.keychain.set(account, secret);
        undo.push(() => (previous === null ? this.keychain.delete(account) : this.keychain.set(account, previous)));
        client.hasSecret = true;
        return { client, purged };
      });
    } catch (error) {
      for (const step of undo.reverse()) await step().catch(() => {});
      throw error;
    }
    await this.deleteEntries(done.purged);
    return done.client;
  }

  /** What `updateClient` would re-point, for the confirmation asked first (undefined: nothing). */
  clientUpdateDestinationChange(orgName: string, clientName: string, options: ClientOptions): DestinationChange | undefined {
    const changes = parseInput(ClientOptions, options, 'client options');
    const data = this.store.read();
    const { org, client } = findClient(data, orgName, clientName);
    return clientDestinationChange(org, client, { ...client, ...changes }, heldBy(data, org));
  }

  /** `approved`: the destination change the user confirmed; any other is refused. */
  async updateClient(orgName: string, clientName: string, options: ClientOptions, approved?: DestinationChange): Promise<Client> {
    const changes = parseInput(ClientOptions, options, 'client options');
    return this.store.update((data) => {
      const { org, client } = findClient(data, orgName, clientName);
      const next = { ...client, ...changes };
      checkClientFits(org, { ...next, clientId: changes.clientId === client.clientId ? undefined : changes.clientId });
      checkApproved(clientDestinationChange(org, client, next, heldBy(data, org)), approved);
      const duplicate = next.integrationUsers.find((u, i) => next.integrationUsers.findIndex((v) => sameName(v.label, u.label)) !== i);
      if (duplicate) throw new TokendeckError('VALIDATION', `Invalid integrationUsers: user label "${duplicate.label}" appears twice.`, { field: 'integrationUsers' });
      Object.assign(client, changes);
      return client;
    });
  }

  async removeClient(orgName: string, clientName: string): Promise<TrashItem> {
    return this.moveToTrashed('client', (data) => {
      const { org, client } = findClient(data, orgName, clientName);
      data.clients = data.clients.filter((c) => c.id !== client.id);
      return { org, clients: [client], keys: [] };
    });
  }

  // ---- signing keys: metadata in the store, private halves in the keychain --------------

  keys(orgName: string): SigningKey[] {
    const data = this.store.read();
    const org = findOrganization(data, orgName);
    return data.keys.filter((k) => k.organizationId === org.id);
  }

  /**
   * The newest active key of the organization with its Key ID (metadata only); without one when
   * the organization's signed-JWT profile names no key in its header.
   */
  activeKey(org: Organization): SigningKey {
    const keys = this.keys(org.name);
    const key = signingKey(keys, usesKid(org));
    if (key) return key;
    const dashboard = org.jwt ? 'the vendor' : "MusicAPI's dashboard";
    if (keys.some((k) => k.status === 'active' && k.hasPrivateKey && isPending(k))) {
      throw new TokendeckError(
        'BAD_KEY',
        `The key of ${org.name} is waiting for its Key ID: upload the public key to ${dashboard}, then set the Key ID it shows (Set Key ID… / \`tokendeck key set-kid ${org.name} --kid <Key ID>\`).`,
        { action: { kind: 'set-kid', org: org.name } },
      );
    }
    const elsewhere = keys.find((k) => k.status === 'active' && !k.hasPrivateKey);
    if (elsewhere) {
      const kid = elsewhere.kid ?? '<Key ID>';
      throw new TokendeckError('BAD_KEY', `The private key of "${keyLabel(elsewhere)}" is not on this machine (the setup was shared without it). Import it (\`tokendeck key import ${org.name} ${optionWord('kid', kid)} --file <pem>\`) or generate a new key.`);
    }
    if (org.jwt && !canGenerate(org.jwt.alg)) {
      throw new TokendeckError(
        'BAD_KEY',
        `Organization "${org.name}" has no active RSA key for its ${org.jwt.alg} tokens. Import the private key the vendor gave you (\`tokendeck key import ${org.name} --file <pem>\`, or Import key… in the organization's keys).`,
      );
    }
    throw new TokendeckError(
      'BAD_KEY',
      `Organization "${org.name}" has no active signing key for ${org.jwt ? 'its signed JWTs' : 'DevTokens'}. Generate one (\`tokendeck key generate ${org.name}\`), upload its public key to the dashboard and set the Key ID it shows, or import one.`,
      { action: { kind: 'generate-key', org: org.name } },
    );
  }

  /** The private half as PKCS#8 PEM, for main's memory (the keychain may hold it in another form). */
  async privateKeyPem(key: SigningKey): Promise<string> {
    const stored = await this.keychain.get(keychainAccount.privateKey(key.id));
    if (stored === null) {
      throw new TokendeckError('SECRET_MISSING', `The private key of "${keyLabel(key)}" is missing from the keychain. Import it again (\`tokendeck key import\`) or generate a new key.`);
    }
    return pemFromKeychain(stored);
  }

  /** The algorithm the organization's keys sign with: ES256 for DevTokens, else its profile's. */
  private keyAlgorithm(orgName: string): JwtAlgorithm {
    return findOrganization(this.store.read(), orgName).jwt?.alg ?? 'ES256';
  }

  /** A new key pair; without a Key ID it is pending until setKeyId (the dashboard gives it after the upload). */
  async generateKey(orgName: string, kid?: string): Promise<GeneratedKey> {
    const algorithm = this.keyAlgorithm(orgName);
    const key = await this.saveKey(orgName, kid, algorithm, await generateSigningKey(algorithm));
    return { key, publicKeyPem: key.publicKeyPem };
  }

  async importKey(orgName: string, kid: string | undefined, pem: string): Promise<SigningKey> {
    const algorithm = this.keyAlgorithm(orgName);
    return this.saveKey(orgName, kid, algorithm, await importSigningKey(pem, algorithm));
  }

  /** Gives a pending key the Key ID the dashboard showed; from then on it can sign. */
  async setKeyId(orgName: string, keyRef: string | undefined, kidInput: string): Promise<SigningKey> {
    const kid = parseInput(KeyId, kidInput, 'Key ID');
    return this.store.update((data) => {
      const org = findOrganization(data, orgName);
      const keys = data.keys.filter((k) => k.organizationId === org.id);
      const key = keyRef === undefined ? onlyPendingKey(org.name, keys) : findKey(org.name, keys, keyRef);
      if (!isPending(key)) throw new TokendeckError('VALIDATION', `Invalid key: ${keyLabel(key)} of "${org.name}" already has its Key ID.`);
      if (keys.some((k) => k.kid === kid)) {
        throw new TokendeckError('VALIDATION', `Invalid kid: "${org.name}" already has a key with Key ID "${kid}".`, { field: 'kid' });
      }
      key.kid = kid;
      return key;
    });
  }

  /** Adds a key's public half alone (from a shared setup): it verifies DevTokens, never signs. */
  async addPublicKey(orgName: string, kid: string | undefined, publicKeyPem: string, status: SigningKey['status']): Promise<SigningKey> {
    const algorithm = this.keyAlgorithm(orgName);
    const material = await describePublicKey(publicKeyPem, algorithm);
    return this.store.update((data) => {
      const org = findOrganization(data, orgName);
      if (data.keys.some((k) => k.organizationId === org.id && ((kid !== undefined && k.kid === kid) || k.thumbprint === material.thumbprint))) {
        throw new TokendeckError('VALIDATION', `Invalid key: "${org.name}" already has the key "${kid ?? material.thumbprint.slice(0, 8)}" or the same key material.`);
      }
      const key: SigningKey = { id: randomUUID(), organizationId: org.id, ...(kid === undefined ? {} : { kid }), algorithm, ...material, status, hasPrivateKey: false, createdAt: now() };
      data.keys.push(key);
      return key;
    });
  }

  /**
   * A retired key stays for verifying and signs no more; its private key moves to the trash
   * (restoring it makes the key active again, as it was).
   */
  async retireKey(orgName: string, keyRef: string): Promise<SigningKey> {
    let retired: SigningKey | undefined;
    await this.moveToTrash('private-key', (data) => {
      const org = findOrganization(data, orgName);
      const key = findKey(org.name, data.keys.filter((k) => k.organizationId === org.id), keyRef);
      const before = { ...key };
      key.status = 'retired';
      retired = key;
      return { org, clients: [], keys: [before] };
    });
    return retired!;
  }

  async removeKey(orgName: string, keyRef: string): Promise<TrashItem> {
    return this.moveToTrashed('key', (data) => {
      const org = findOrganization(data, orgName);
      const key = findKey(org.name, data.keys.filter((k) => k.organizationId === org.id), keyRef);
      data.keys = data.keys.filter((k) => k.id !== key.id);
      return { org, clients: [], keys: [key] };
    });
  }

  private async saveKey(orgName: string, kidInput: string | undefined, algorithm: JwtAlgorithm, material: KeyMaterial): Promise<SigningKey> {
    const kid = kidInput === undefined ? undefined : parseInput(KeyId, kidInput, 'Key ID');
    const id = randomUUID();
    return this.withKeychainRollback([keychainAccount.privateKey(id)], () =>
      this.store.update(async (data) => {
        const org = findOrganization(data, orgName);
        if ((org.jwt?.alg ?? 'ES256') !== algorithm) {
          throw new TokendeckError('VALIDATION', `The profile of "${org.name}" changed while the key was being made (it now signs with ${org.jwt?.alg ?? 'ES256'}). Nothing was stored; try again.`);
        }
        const publicOnly = data.keys.find((k) => k.organizationId === org.id && !k.hasPrivateKey && (kid === undefined ? k.thumbprint === material.thumbprint : k.kid === kid));
        if (publicOnly && publicOnly.thumbprint === material.thumbprint) {
          // The private half of a key that came with a shared setup: it can sign now.
          await this.keychain.set(keychainAccount.privateKey(publicOnly.id), material.keychainValue);
          publicOnly.hasPrivateKey = true;
          return publicOnly;
        }
        if (kid !== undefined && data.keys.some((k) => k.organizationId === org.id && k.kid === kid)) {
          throw new TokendeckError('VALIDATION', `Invalid kid: "${org.name}" already has a key with Key ID "${kid}".`, { field: 'kid' });
        }
        if (data.keys.some((k) => k.organizationId === org.id && k.thumbprint === material.thumbprint)) {
          throw new TokendeckError('VALIDATION', `Invalid key: this key is already stored in "${org.name}" under another Key ID.`);
        }
        await this.keychain.set(keychainAccount.privateKey(id), material.keychainValue);
        const key: SigningKey = {
          id,
          organizationId: org.id,
          ...(kid === undefined ? {} : { kid }),
          algorithm,
          publicKeyPem: material.publicKeyPem,
          thumbprint: material.thumbprint,
          status: 'active',
          hasPrivateKey: true,
          createdAt: now(),
        };
        data.keys.push(key);
        return key;
      }),
    );
  }

  // ---- keeping the keychain and the token cache in step with the store ------------------

  /** Drops token records of removed clients; their values leave the encrypted cache too. */
  private async dropTokensOf(data: VaultData, clientIds: ReadonlySet<string>): Promise<void> {
    if (!data.tokens.some((t) => clientIds.has(t.clientRef))) return;
    data.tokens = data.tokens.filter((t) => !clientIds.has(t.clientRef));
    await this.tokenValues.retain(new Set(data.tokens.map((t) => t.id)));
  }

  private async deleteEntries(accounts: string[]): Promise<void> {
    for (const account of accounts) await this.keychain.delete(account);
  }

  /** If the store write fails after a keychain write, the new keychain entries are removed again. */
  private async withKeychainRollback<T>(accounts: string[], run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      await Promise.allSettled(accounts.map((account) => this.keychain.delete(account)));
      throw error;
    }
  }
}
