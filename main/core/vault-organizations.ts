// Organizations: adding one, editing it (a destination change only as confirmed), removing it to
// the trash, and what a removal would take, for the question asked before it.
import { randomUUID } from 'node:crypto';
import { organizationDestinationChange, type DestinationChange } from './destination-change.js';
import { TokendeckError } from './errors.js';
import { readCaBundle } from './http/ca-bundle.js';
import { sameName } from './model/primitives.js';
import { keyLabel, type Organization, type VaultData } from './model/entities.js';
import { OrganizationChanges, OrganizationInput } from './model/inputs.js';
import type { TrashItem } from './trash.js';
import { parseInput } from './validate.js';
import { createdNow, type VaultContext } from './vault-context.js';
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

export async function addOrganization(ctx: VaultContext, input: OrganizationInput): Promise<Organization> {
  const fields = withCheckedCa(parseInput(OrganizationInput, input, 'organization'));
  return ctx.store.update((data) => {
    if (data.organizations.some((o) => sameName(o.name, fields.name))) {
      throw new TokendeckError('VALIDATION', `Invalid name: an organization named "${fields.name}" already exists.`, { field: 'name' });
    }
    const org: Organization = { id: randomUUID(), ...fields, createdAt: createdNow() };
    data.organizations.push(org);
    return org;
  });
}

/**
 * What `updateOrganization` would re-point, for the confirmation asked first (undefined:
 * nothing). A change it would refuse anyway (a profile the keys cannot sign, a URL missing) is
 * refused here, so nobody is asked to confirm what cannot be made.
 */
export function organizationUpdateDestinationChange(data: VaultData, name: string, changes: OrganizationChanges): DestinationChange | undefined {
  const fields = withCheckedCa(parseInput(OrganizationChanges, changes, 'organization'));
  const org = findOrganization(data, name);
  const next = nextOrganization(org, fields);
  const held = heldBy(data, org);
  // Copies of the keys: the fit check writes the new algorithm into them, and these are the store's cached ones.
  checkOrganizationChange(org, next, fields, held.keys.map((k) => ({ ...k })), held.clients);
  return organizationDestinationChange(org, next, held);
}

/** `approved`: the destination change the user confirmed; any other is refused. */
export async function updateOrganization(ctx: VaultContext, name: string, changes: OrganizationChanges, approved?: DestinationChange): Promise<Organization> {
  const fields = withCheckedCa(parseInput(OrganizationChanges, changes, 'organization'));
  return ctx.store.update((data) => {
    const org = findOrganization(data, name);
    const next = nextOrganization(org, fields);
    const held = heldBy(data, org);
    // A change that cannot be made is refused as such, before any question of confirmation.
    checkOrganizationChange(org, next, fields, held.keys, held.clients);
    checkApproved(organizationDestinationChange(org, next, held), approved);
    Object.assign(org, next);
    if (!org.agreement) delete org.agreement;
    if (!org.network) delete org.network;
    return org;
  });
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
    return { org, clients, keys };
  });
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
