// Finding an organization or a client of the vault by name, with errors that say where to look,
// and what an organization holds.
import { NotFoundError } from './errors.js';
import { sameName } from './model/primitives.js';
import type { Client, Organization, SigningKey, VaultData } from './model/entities.js';
import { didYouMean } from './suggest.js';

export function findOrganization(data: VaultData, name: string): Organization {
  const org = data.organizations.find((o) => sameName(o.name, name));
  if (!org) {
    const close = didYouMean(name, data.organizations.map((o) => o.name));
    throw new NotFoundError({ org: name }, `No organization named "${name}".${close} See \`tokendeck org list\` for the ones you have.`);
  }
  return org;
}

export function findClient(data: VaultData, orgName: string, clientName: string): { org: Organization; client: Client } {
  const org = findOrganization(data, orgName);
  const client = data.clients.find((c) => c.organizationId === org.id && sameName(c.name, clientName));
  if (!client) {
    const names = data.clients.filter((c) => c.organizationId === org.id).map((c) => c.name);
    const close = didYouMean(clientName, names, (name) => `${org.name}/${name}`);
    throw new NotFoundError({ org: org.name, client: clientName }, `Organization "${org.name}" has no client named "${clientName}".${close} See \`tokendeck list\`.`);
  }
  return { org, client };
}

/**
 * The organization's clients and keys: what the deck shows when it is opened, and whether it holds
 * a secret a new destination would get (destination-change.ts).
 */
export function heldBy(data: VaultData, org: Organization): { clients: Client[]; keys: SigningKey[] } {
  return { clients: data.clients.filter((c) => c.organizationId === org.id), keys: data.keys.filter((k) => k.organizationId === org.id) };
}
