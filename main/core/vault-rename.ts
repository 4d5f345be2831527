// Renaming an organization or a client: the vault's part, one write. Its records are found by their
// ids everywhere (the keychain's accounts, the token cache, the console's history); the trash, which
// names its entries by the names they had (`trash restore acme/web secret`), is renamed in the same
// write. Nothing of where its credentials go changes: a rename is no destination change.
import { TokendeckError } from './errors.js';
import { Name, sameName } from './model/primitives.js';
import type { Client, Organization, VaultData } from './model/entities.js';
import { parseInput } from './validate.js';
import type { VaultContext } from './vault-context.js';
import { findClient, findOrganization } from './vault-find.js';

/** A rename checked against the vault: the record and its new name (the name rule's; free, in any case, unless it is its own). */
export interface CheckedRename<T> {
  record: T;
  from: string;
  to: string;
}

export function checkOrganizationRename(data: VaultData, name: string, to: string): CheckedRename<Organization> {
  const newName = parseInput(Name, to, 'name');
  const org = findOrganization(data, name);
  const taken = data.organizations.find((o) => sameName(o.name, newName));
  if (taken && taken !== org) throw new TokendeckError('VALIDATION', `Invalid name: an organization named "${taken.name}" already exists; nothing was renamed.`, { field: 'name' });
  return { record: org, from: org.name, to: newName };
}

export function checkClientRename(data: VaultData, orgName: string, clientName: string, to: string): CheckedRename<Client> & { org: Organization } {
  const newName = parseInput(Name, to, 'name');
  const { org, client } = findClient(data, orgName, clientName);
  const taken = data.clients.find((c) => c.organizationId === org.id && sameName(c.name, newName));
  if (taken && taken !== client) throw new TokendeckError('VALIDATION', `Invalid name: "${org.name}" already has a client named "${taken.name}"; nothing was renamed.`, { field: 'name' });
  return { org, record: client, from: client.name, to: newName };
}

/** One write: the organization's new name (its own in another case is allowed). */
export function renameOrganization(ctx: VaultContext, name: string, to: string): Promise<Organization> {
  return ctx.store.update((data) => {
    const { record, to: newName } = checkOrganizationRename(data, name, to);
    record.name = newName;
    for (const entry of data.trash) if (entry.organization?.id === record.id) entry.organization.name = newName;
    return record;
  });
}

/** One write: the client's new name within its organization. */
export function renameClient(ctx: VaultContext, orgName: string, clientName: string, to: string): Promise<Client> {
  return ctx.store.update((data) => {
    const { record, to: newName } = checkClientRename(data, orgName, clientName, to);
    record.name = newName;
    // Its replaced secrets wait under its name; a client removed (another id) keeps the name it had.
    for (const entry of data.trash) for (const client of entry.clients) if (client.id === record.id) client.name = newName;
    return record;
  });
}
