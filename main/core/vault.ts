// The vault: organizations, clients and signing keys, as the handlers and the CLI ask for them.
// Metadata goes to the store file, client secrets and private keys to the secret source (the OS
// keychain: secret-source.ts); every change keeps the two in agreement (a failed store write
// undoes its secret write, a removal moves its secrets to the trash first). The work is done by
// the modules below, each on what it acts on; this class holds them to one store and one source.
import path from 'node:path';
import type { DestinationChange } from './destination-change.js';
import { SecretSources } from './sources/secret-sources.js';
import { withFileLock } from './file-lock.js';
import { endSession, refreshTokenOf, replaceRefreshToken, startSession, type SessionRecord } from './vault-sessions.js';
import type { Keychain } from './keychain.js';
import { keychainAccount } from './keychain-accounts.js';
import { auditKeychain, repairKeychain, type KeychainAudit } from './keychain-audit.js';
import type { Client, Organization, SigningKey, VaultData } from './model/entities.js';
import { inEnvironment } from './model/environments.js';
import type { ClientInput, ClientOptions, EnvironmentInput, OrganizationChanges, OrganizationInput } from './model/inputs.js';
import { RememberedSecrets } from './remembered-secrets.js';
import { KeychainSecretSource, type SecretSource } from './secret-source.js';
import type { TokenValues } from './token-values.js';
import type { RestoredItem, TrashItem } from './trash.js';
import type { VaultContext } from './vault-context.js';
import { addClient, clientSecret, clientSourceDestinationChange, clientUpdateDestinationChange, removeClient, setClientSecret, setClientSecretSource, trashKeychainSecret, updateClient } from './vault-clients.js';
import { environmentsWithAdded, environmentsWithChange, environmentsWithout, findClientInEnvironment, renameEnvironment, type EnvironmentChanges } from './vault-environments.js';
import { findClient, findOrganization } from './vault-find.js';
import { activeKey, addPublicKey, generateKey, importKey, importKeyFromSource, keyImportDestinationChange, keysOf, privateKeyPem, removeKey, retireKey, setKeyId, type GeneratedKey } from './vault-keys.js';
import { addOrganization, organizationUpdateDestinationChange, proxyPassword, removalOf, removeOrganization, updateOrganization, type VaultRemoval } from './vault-organizations.js';
import { clientCertificateOf, removeClientCertificate, setClientCertificate, type CertificateSet } from './vault-certificates.js';
import type { ClientCertificate } from './http/transport.js';
import type { VaultStore } from './vault-store.js';
import { checkClientRename, checkOrganizationRename, renameClient, renameOrganization } from './vault-rename.js';
import { listTrash, purgeTrash, restoreFromTrash } from './vault-trash.js';
import { organizationTree, vaultOutline, vaultTree, type OrganizationTree, type VaultOutline, type VaultTree } from './vault-views.js';

export type { CertificateSet } from './vault-certificates.js';
export type { GeneratedKey } from './vault-keys.js';
export type { VaultRemoval } from './vault-organizations.js';
export type { OrganizationTree, OutlineClient, OutlineOrganization, VaultOutline, VaultTree } from './vault-views.js';

export class Vault {
  /** What the modules act on: this vault's store, secret source, token cache and clock. */
  private readonly ctx: VaultContext;

  constructor(
    private readonly store: VaultStore,
    /** Asked whether it answers (checkKeychain); the secrets' source unless `secrets` names another. */
    private readonly keychain: Keychain,
    private readonly tokenValues: TokenValues,
    /** The trash's clock (its 7 days); tests move it instead of waiting. */
    now: () => number = Date.now,
    secrets: SecretSource = new KeychainSecretSource(keychain),
    /** The sources outside the keychain (pass, Vault, commands) set up in the store's home; on the same clock (their 5 minutes of memory). */
    readonly sources: SecretSources = new SecretSources(path.dirname(store.file), keychain, { now }),
  ) {
    this.remembered = new RememberedSecrets(secrets, () => store.changesFromOutside(), now);
    this.ctx = { store, secrets: this.remembered, sources, tokenValues: this.tokenValues, now };
  }

  /** Client secrets kept in main's memory after a first read (remembered-secrets.ts). */
  private readonly remembered: RememberedSecrets;

  /** Drops every secret kept in memory: those read from the keychain and from pass or Vault (a locked screen, quitting). */
  forgetSecrets(): void {
    this.remembered.forget();
    this.sources.forget();
  }

  /** Drops the client's secret kept in memory (an exchange with it failed); answers it, if one was kept. */
  forgetClientSecret(client: Client): string | undefined {
    return this.remembered.forgetClientSecret(client.id);
  }

  // ---- the keychain: is it there, does it agree with the store (keychain-audit.ts) ------

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

  /** Whether the store and the keychain agree; the trash is emptied of expired entries first. */
  auditKeychain(): Promise<KeychainAudit> {
    return auditKeychain(this.ctx);
  }

  /** Makes them agree, never deleting: orphans go to the trash (keychain-audit.ts). */
  repairKeychain(): Promise<KeychainAudit> {
    return repairKeychain(this.ctx);
  }

  // ---- the whole vault: the tree shown, a setup import's merge (vault-views.ts) --------

  /** Every organization with its clients and keys: what the deck and `tokendeck list` show. */
  tree(): VaultTree {
    return vaultTree(this.store.read());
  }

  /** What the deck's first screen shows of every organization (see VaultOutline). */
  outline(): VaultOutline {
    return vaultOutline(this.store.read());
  }

  /** One organization with its clients and keys: what the deck fetches when it is opened. */
  organizationTree(name: string): OrganizationTree {
    return organizationTree(this.store.read(), name);
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

  // ---- organizations (vault-organizations.ts) -------------------------------------------

  organizations(): Organization[] {
    return this.store.read().organizations;
  }

  /** The organization, as stored now. */
  organization(name: string): Organization {
    return findOrganization(this.store.read(), name);
  }

  addOrganization(input: OrganizationInput): Promise<Organization> {
    return addOrganization(this.ctx, input);
  }

  /** The password of the organization's proxy, from the keychain: for its transport only. */
  proxyPassword(org: Organization): Promise<string> {
    return proxyPassword(this.ctx, org);
  }

  /** What `updateOrganization` would re-point, for the confirmation asked first (undefined: nothing). */
  organizationUpdateDestinationChange(name: string, changes: OrganizationChanges): DestinationChange | undefined {
    return organizationUpdateDestinationChange(this.store.read(), name, changes);
  }

  /** `approved`: the destination change the user confirmed; any other is refused. */
  updateOrganization(name: string, changes: OrganizationChanges, approved?: DestinationChange): Promise<Organization> {
    return updateOrganization(this.ctx, name, changes, approved);
  }

  // ---- an organization's environments (vault-environments.ts) ----------------------------

  /** The organization's environment list after adding, changing or removing one: an `updateOrganization` change. */
  environmentChange(orgName: string, change: { add: EnvironmentInput } | { change: string; with: EnvironmentChanges } | { remove: string }): OrganizationChanges {
    const data = this.store.read();
    const org = findOrganization(data, orgName);
    if ('add' in change) return environmentsWithAdded(org, change.add);
    if ('change' in change) return environmentsWithChange(org, change.change, change.with);
    return environmentsWithout(data, org, change.remove);
  }

  /** Renames an environment; its clients move with it (nothing is sent elsewhere). */
  renameEnvironment(orgName: string, from: string, to: string): Promise<Organization> {
    return renameEnvironment(this.ctx, orgName, from, to);
  }

  /**
   * Checks a rename without making it (the name rule, a name free in any case): `renameOrganization`
   * in renames.ts asks first, before it moves what is kept by name. Answers the current and new names.
   */
  checkOrganizationRename(name: string, to: string): { from: string; to: string } {
    const { from, to: newName } = checkOrganizationRename(this.store.read(), name, to);
    return { from, to: newName };
  }

  /** The vault's part only, one write: `renameOrganization` in renames.ts is the app's and the CLI's path. */
  renameOrganization(name: string, to: string): Promise<Organization> {
    return renameOrganization(this.ctx, name, to);
  }

  /** The vault's part only: `removeOrganization` in operations.ts is the app's and the CLI's path. */
  removeOrganization(name: string): Promise<TrashItem> {
    return removeOrganization(this.ctx, name);
  }

  /** What removing the organization, or one client of it, would take: for the question asked first. */
  removalOf(orgName: string, clientName?: string): VaultRemoval {
    return removalOf(this.store.read(), orgName, clientName);
  }

  // ---- the trash: removed records and their secrets, kept 7 days (vault-trash.ts) -------

  /** What is in the trash, newest first; expired entries are purged first. */
  trash(): Promise<TrashItem[]> {
    return listTrash(this.ctx);
  }

  /** Puts an entry back, records and secrets; refused with nothing changed when it no longer fits. */
  restoreFromTrash(ref: string): Promise<RestoredItem> {
    return restoreFromTrash(this.ctx, ref);
  }

  /** Deletes the entries older than 7 days, records and secrets; answers how many went. */
  purgeTrash(): Promise<number> {
    return purgeTrash(this.ctx);
  }

  // ---- clients and their secrets (vault-clients.ts) --------------------------------------

  /**
   * The client, and its organization as the client's environment sees it (`inEnvironment`: the
   * environment's URLs, origins and audience where it sets them): what a token, a scope check or a
   * request is made with. For reading: edit the organization by name, never this copy.
   */
  resolveClient(orgName: string, clientName: string): { org: Organization; client: Client } {
    const { org, client } = findClient(this.store.read(), orgName, clientName);
    return { org: inEnvironment(org, client.environment), client };
  }

  /** As `checkOrganizationRename`, for a client: answers the organization's name and the client's current and new names. */
  checkClientRename(orgName: string, clientName: string, to: string): { org: string; from: string; to: string } {
    const { org, from, to: newName } = checkClientRename(this.store.read(), orgName, clientName, to);
    return { org: org.name, from, to: newName };
  }

  /** The vault's part only, one write: `renameClient` in renames.ts is the app's and the CLI's path. */
  renameClient(orgName: string, clientName: string, to: string): Promise<Client> {
    return renameClient(this.ctx, orgName, clientName, to);
  }

  /** The organization's one client in `environment` (`--env`), seen as `resolveClient` sees it. */
  resolveClientInEnvironment(orgName: string, environment: string): { org: Organization; client: Client } {
    const { org, client } = findClientInEnvironment(this.store.read(), orgName, environment);
    return { org: inEnvironment(org, client.environment), client };
  }

  clientSecret(client: Client): Promise<string> {
    return clientSecret(this.ctx, client);
  }

  /** `certificate`: its TLS certificate and private key, for mutual TLS (see setClientCertificate). */
  addClient(orgName: string, input: ClientInput, secret?: string, certificate?: ClientCertificate): Promise<Client> {
    return addClient(this.ctx, orgName, input, secret, certificate);
  }

  /** The previous secret, if any and different, goes to the trash first (`trash restore <org>/<client> secret`). */
  setClientSecret(orgName: string, clientName: string, secret: string): Promise<Client> {
    return setClientSecret(this.ctx, orgName, clientName, secret);
  }

  /** What pointing the client at `source` would re-point (undefined: it reads that already). */
  clientSourceDestinationChange(orgName: string, clientName: string, source: string): DestinationChange | undefined {
    return clientSourceDestinationChange(this.snapshot(), orgName, clientName, source);
  }

  /** The client reads its secret from `source` (pass:…, vault:…, command:…); `approved`: the change confirmed. */
  setClientSecretSource(orgName: string, clientName: string, source: string, approved?: DestinationChange): Promise<Client> {
    return setClientSecretSource(this.ctx, orgName, clientName, source, approved);
  }

  /** A keychain secret left behind by a client that now reads from a source goes to the trash. */
  trashKeychainSecret(orgName: string, clientName: string): Promise<void> {
    return trashKeychainSecret(this.ctx, orgName, clientName);
  }

  /** What `updateClient` would re-point, for the confirmation asked first (undefined: nothing). */
  clientUpdateDestinationChange(orgName: string, clientName: string, options: ClientOptions): DestinationChange | undefined {
    return clientUpdateDestinationChange(this.store.read(), orgName, clientName, options);
  }

  /** `approved`: the destination change the user confirmed; any other is refused. */
  updateClient(orgName: string, clientName: string, options: ClientOptions, approved?: DestinationChange): Promise<Client> {
    return updateClient(this.ctx, orgName, clientName, options, approved);
  }

  removeClient(orgName: string, clientName: string): Promise<TrashItem> {
    return removeClient(this.ctx, orgName, clientName);
  }

  // ---- a client's TLS certificate for mutual TLS (vault-certificates.ts) ------------------

  /** Sets or replaces it with its private key (checked to be the certificate's); the client's cached tokens go. */
  setClientCertificate(orgName: string, clientName: string, certPem: string, keyPem: string): Promise<CertificateSet> {
    return setClientCertificate(this.ctx, orgName, clientName, certPem, keyPem);
  }

  /** Removes it and deletes its private key; the client's cached tokens go. */
  removeClientCertificate(orgName: string, clientName: string): Promise<Client> {
    return removeClientCertificate(this.ctx, orgName, clientName);
  }

  /** The certificate and key a connection for this client presents; undefined without one. */
  clientCertificate(client: Client): Promise<ClientCertificate | undefined> {
    return clientCertificateOf(this.ctx, client);
  }

  // ---- signing keys: records in the store, private halves in the source (vault-keys.ts) -

  keys(orgName: string): SigningKey[] {
    return keysOf(this.store.read(), orgName);
  }

  /** The newest active key that can sign, or BAD_KEY saying what to do. */
  activeKey(org: Organization): SigningKey {
    return activeKey(this.store.read(), org);
  }

  /** The private half as PKCS#8 PEM, for main's memory. */
  privateKeyPem(key: SigningKey): Promise<string> {
    return privateKeyPem(this.ctx, key);
  }

  /** A new key pair; without a Key ID it is pending until setKeyId. */
  generateKey(orgName: string, kid?: string): Promise<GeneratedKey> {
    return generateKey(this.ctx, orgName, kid);
  }

  importKey(orgName: string, kid: string | undefined, pem: string): Promise<SigningKey> {
    return importKey(this.ctx, orgName, kid, pem);
  }

  // ---- a person's session (OAuth 2.0 user grants: vault-sessions.ts) ----------------------

  refreshTokenOf(client: Pick<Client, 'id'>): Promise<string | null> {
    return refreshTokenOf(this.ctx, client);
  }

  replaceRefreshToken(client: Pick<Client, 'id'>, token: string): Promise<void> {
    return replaceRefreshToken(this.ctx, client, token);
  }

  startSession(orgName: string, clientName: string, refreshToken: string | undefined, record: SessionRecord): Promise<Client> {
    return startSession(this.ctx, orgName, clientName, refreshToken, record);
  }

  endSession(orgName: string, clientName: string): Promise<Client> {
    return endSession(this.ctx, orgName, clientName);
  }

  /** One refresh at a time across the app and the CLI: a rotating server ends a session whose old refresh token is used twice. */
  withSessionLock<T>(run: () => Promise<T>): Promise<T> {
    return withFileLock(path.join(path.dirname(this.store.file), 'session.lock'), run);
  }

  /** A key whose private half stays in a source (pass:…, vault:…, command:…), read by reference. */
  importKeyFromSource(orgName: string, kid: string | undefined, source: string, approved?: DestinationChange): Promise<SigningKey> {
    return importKeyFromSource(this.ctx, orgName, kid, source, approved);
  }

  /** What a key read from `source` would sign for, and where that goes: confirmed before importKeyFromSource. */
  keyImportDestinationChange(orgName: string, kid: string | undefined, source: string): DestinationChange {
    return keyImportDestinationChange(this.snapshot(), orgName, kid, source);
  }

  /** Gives a pending key the Key ID the dashboard showed; from then on it can sign. */
  setKeyId(orgName: string, keyRef: string | undefined, kidInput: string): Promise<SigningKey> {
    return setKeyId(this.ctx, orgName, keyRef, kidInput);
  }

  /** Adds a key's public half alone (from a shared setup): it verifies DevTokens, never signs. */
  addPublicKey(orgName: string, kid: string | undefined, publicKeyPem: string, status: SigningKey['status']): Promise<SigningKey> {
    return addPublicKey(this.ctx, orgName, kid, publicKeyPem, status);
  }

  /** The key stays for verifying and signs no more; its private half goes to the trash. */
  retireKey(orgName: string, keyRef: string): Promise<SigningKey> {
    return retireKey(this.ctx, orgName, keyRef);
  }

  removeKey(orgName: string, keyRef: string): Promise<TrashItem> {
    return removeKey(this.ctx, orgName, keyRef);
  }
}
