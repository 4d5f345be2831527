// Organizations: adding one, editing it (a destination change only as confirmed), removing it to
// the trash, and what a removal would take, for the question asked before it.
import { randomUUID } from 'node:crypto';
import { organizationDestinationChange, type DestinationChange } from './destination-change.js';
import { TokendeckError } from './errors.js';
import { readCaBundle } from './http/ca-bundle.js';
import { keychainAccount } from './keychain-accounts.js';
import { splitProxyPassword } from './model/network.js';
import { sameName } from './model/primitives.js';
import { keyLabel, type Organization, type VaultData } from './model/entities.js';
import { OrganizationChanges, OrganizationInput } from './model/inputs.js';
import type { TrashItem } from './trash.js';
import { parseInput } from './validate.js';
import { createdNow, withSecretRollback, type VaultContext } from './vault-context.js';
import { findClient, findOrganization, heldBy } from './vault-find.js';
import { checkApproved, checkOrganizationChange, nextOrganization } from './vault-rules.js';
import { moveToTrashed } from './vault-trash.js';

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

/** A CA bundle given is parsed and checked (ca-bundle.ts), and stored as its certificates only. */
function withCheckedCa<T extends { network?: { caPem?: string | null | undefined } | undefined }>(fields: T): T {
  if (fields.network?.caPem) fields.network.caPem = readCaBundle(fields.network.caPem).pem;
  return fields;
}

/**
 * Takes the password out of a proxy URL given (it goes to the keychain, never to vault.json) and
 * says what becomes of the stored one: a string to store, null to delete (the proxy is removed, or
 * another proxy is given without one: a password belongs to its proxy), undefined to keep it.
 */
function takeProxyPassword(fields: { network?: { proxy?: string | null | undefined } | undefined }, stored: Organization['network'] | undefined): string | null | undefined {
  const proxy = fields.network?.proxy;
  if (proxy === undefined) return undefined;
  if (proxy === null) return stored?.proxyPassword ? null : undefined;
  const split = splitProxyPassword(proxy);
  fields.network!.proxy = split.proxy;
  if (split.password !== undefined) return split.password;
  return split.proxy !== stored?.proxy && stored?.proxyPassword ? null : undefined;
}

/** The organization's network with the keychain flag as the password's fate says. */
function flagged(network: Organization['network'], password: string | null | undefined): Organization['network'] {
  if (password === undefined) return network;
  const { proxyPassword: _flag, ...rest } = network ?? {};
  const next = typeof password === 'string' ? { ...rest, proxyPassword: true as const } : rest;
  return Object.keys(next).length ? next : undefined;
}

export async function addOrganization(ctx: VaultContext, input: OrganizationInput): Promise<Organization> {
  const fields = withCheckedCa(parseInput(OrganizationInput, input, 'organization'));
  const password = takeProxyPassword(fields, undefined);
  const id = randomUUID();
  return withSecretRollback(typeof password === 'string' ? [() => ctx.secrets.deleteAccount(keychainAccount.proxyPassword(id))] : [], () =>
    ctx.store.update(async (data) => {
      if (data.organizations.some((o) => sameName(o.name, fields.name))) {
        throw new TokendeckError('VALIDATION', `Invalid name: an organization named "${fields.name}" already exists.`, { field: 'name' });
      }
      if (typeof password === 'string') await ctx.secrets.writeAccount(keychainAccount.proxyPassword(id), password);
      const org: Organization = { id, ...fields, createdAt: createdNow() };
      const network = flagged(org.network, password);
      if (network) org.network = network;
      data.organizations.push(org);
      return org;
    }),
  );
}

/**
 * What `updateOrganization` would re-point, for the confirmation asked first (undefined:
 * nothing). A change it would refuse anyway (a profile the keys cannot sign, a URL missing) is
 * refused here, so nobody is asked to confirm what cannot be made.
 */
export function organizationUpdateDestinationChange(data: VaultData, name: string, changes: OrganizationChanges): DestinationChange | undefined {
  const fields = withCheckedCa(parseInput(OrganizationChanges, changes, 'organization'));
  const org = findOrganization(data, name);
  // Only where the proxy is matters here: a password changes who may use it, not who relays.
  takeProxyPassword(fields, org.network);
  const next = nextOrganization(org, fields);
  const held = heldBy(data, org);
  // Copies of the keys: the fit check writes the new algorithm into them, and these are the store's cached ones.
  checkOrganizationChange(org, next, fields, held.keys.map((k) => ({ ...k })), held.clients);
  return organizationDestinationChange(org, next, held);
}

/** `approved`: the destination change the user confirmed; any other is refused. */
export async function updateOrganization(ctx: VaultContext, name: string, changes: OrganizationChanges, approved?: DestinationChange): Promise<Organization> {
  const fields = withCheckedCa(parseInput(OrganizationChanges, changes, 'organization'));
  let dropPassword: string | undefined;
  const updated = await ctx.store.update(async (data) => {
    const org = findOrganization(data, name);
    const password = takeProxyPassword(fields, org.network);
    const next = nextOrganization(org, fields);
    const held = heldBy(data, org);
    // A change that cannot be made is refused as such, before any question of confirmation.
    checkOrganizationChange(org, next, fields, held.keys, held.clients);
    checkApproved(organizationDestinationChange(org, next, held), approved);
    if (typeof password === 'string') await ctx.secrets.writeAccount(keychainAccount.proxyPassword(org.id), password);
    if (password === null) dropPassword = keychainAccount.proxyPassword(org.id);
    Object.assign(org, next, { network: flagged(next.network, password) });
    if (!org.agreement) delete org.agreement;
    if (!org.network) delete org.network;
    return org;
  });
  // Once the store no longer says it is there.
  if (dropPassword) await ctx.secrets.deleteAccount(dropPassword);
  return updated;
}

/**
 * The vault's part of removing an organization: its clients and keys, their keychain entries
 * and cached tokens. The app and the CLI remove it through `removeOrganization` in
 * operations.ts, which also forgets its console history, saved requests and hand-outs.
 */
export async function removeOrganization(ctx: VaultContext, name: string): Promise<TrashItem> {
  return moveToTrashed(ctx, 'organization', (data) => {
    const org = findOrganization(data, name);
    const { clients, keys } = heldBy(data, org);
    data.organizations = data.organizations.filter((o) => o.id !== org.id);
    data.clients = data.clients.filter((c) => c.organizationId !== org.id);
    data.keys = data.keys.filter((k) => k.organizationId !== org.id);
    // Its proxy password goes to the trash with it, beside the secrets and private keys.
    const accounts = [...clients.map((c) => keychainAccount.clientSecret(c.id)), ...keys.map((k) => keychainAccount.privateKey(k.id)), ...(org.network?.proxyPassword ? [keychainAccount.proxyPassword(org.id)] : [])];
    return { org, clients, keys, accounts };
  });
}

/** The organization's proxy password from the keychain (only the transport asks: TokenService.transport). */
export async function proxyPassword(ctx: VaultContext, org: Organization): Promise<string> {
  const password = await ctx.secrets.readAccount(keychainAccount.proxyPassword(org.id));
  if (password === null) {
    throw new TokendeckError('SECRET_MISSING', `The password of ${org.name}'s proxy is not in the keychain. Set the proxy again with its password (tokendeck org update ${org.name} --proxy http://user:password@host:port, or the organization's Network settings).`);
  }
  return password;
}

/**
 * What removing the organization, or one client of it, would take from the vault: for the
 * question asked first (the CLI's prompt or refusal). Names and counts only.
 */
export function removalOf(data: VaultData, orgName: string, clientName?: string): VaultRemoval {
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
