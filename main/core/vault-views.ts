// What the deck and `tokendeck list` are shown of the vault: the whole tree, the outline of the
// first screen, one organization opened. Reads of the store's data only: never a secret.
import { caCertificatesOf, type CaCertificateView } from './http/ca-bundle.js';
import { isProductionClient, type Client, type Organization, type SigningKey, type VaultData } from './model/entities.js';
import { schemesOf } from './providers/registry.js';
import type { Scheme } from './providers/schemes.js';
import { findOrganization, heldBy } from './vault-find.js';

export interface OrganizationTree extends Organization {
  clients: Client[];
  keys: SigningKey[];
  /** The CA bundle's certificates (network.caPem), by subject and expiry: for the opened organization only. */
  caCertificates?: CaCertificateView[];
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
  /** A public OAuth 2.0 client (a person signs in; RFC 8252 §8.4): it has no secret to miss. */
  publicClient?: true;
  production: boolean;
}

export interface OutlineOrganization {
  name: string;
  provider: Organization['provider'];
  /** In the organization's order: the switcher and the sidebar's grouping read them. */
  environments: Array<{ name: string; production: boolean }>;
  /** What its provider's spec offers for this organization (a profile that exchanges nothing: jwt alone): the palette's copies. */
  schemes: Scheme[];
  clients: OutlineClient[];
}

/** The vault as the deck first draws it: a tenth of the tree's size with 10,000 clients. */
export interface VaultOutline {
  organizations: OutlineOrganization[];
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

/** Every organization with its clients and keys: what the deck and `tokendeck list` show. */
export function vaultTree(data: VaultData): VaultTree {
  const clients = groupBy(data.clients, (c) => c.organizationId);
  const keys = groupBy(data.keys, (k) => k.organizationId);
  return {
    organizations: data.organizations.map((org) => ({ ...org, clients: clients.get(org.id) ?? [], keys: keys.get(org.id) ?? [] })),
  };
}

/** What the deck's first screen shows of every organization (see VaultOutline). */
export function vaultOutline(data: VaultData): VaultOutline {
  const clients = groupBy(data.clients, (c) => c.organizationId);
  return {
    organizations: data.organizations.map((org) => ({
      name: org.name,
      provider: org.provider,
      environments: org.environments.map((e) => ({ name: e.name, production: e.production })),
      schemes: [...schemesOf(org)],
      clients: (clients.get(org.id) ?? []).map((c) => ({ id: c.id, name: c.name, environment: c.environment, clientId: c.clientId, hasSecret: c.hasSecret, ...(c.oauth2?.authMethod === 'none' ? { publicClient: true as const } : {}), production: isProductionClient(c, org) })),
    })),
  };
}

/** One organization with its clients and keys: what the deck fetches when it is opened. */
export function organizationTree(data: VaultData, name: string): OrganizationTree {
  const org = findOrganization(data, name);
  const caCertificates = caCertificatesOf(org.network?.caPem);
  return { ...org, ...heldBy(data, org), ...(caCertificates ? { caCertificates } : {}) };
}
