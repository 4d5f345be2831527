// Clients and their secrets: adding one (its secret through the secret source, undone if the
// store write fails), replacing a secret (the old one to the trash), editing, removing.
import { randomUUID } from 'node:crypto';
import { clientDestinationChange, type DestinationChange } from './destination-change.js';
import { parseClientCertificate } from './client-certificate.js';
import { TokendeckError } from './errors.js';
import { keychainAccount } from './keychain-accounts.js';
import { sameName } from './model/primitives.js';
import type { Client, VaultData } from './model/entities.js';
import { ClientInput, ClientOptions } from './model/inputs.js';
import { isUserGrant } from './providers/oauth2.js';
import { defaultSchemeOf } from './providers/registry.js';
import { signingKey } from './signing-key-choice.js';
import { dropExpired, type TrashItem } from './trash.js';
import { parseInput } from './validate.js';
import { createdNow, deleteAccounts, runUndo, withSecretRollback, type Undo, type VaultContext } from './vault-context.js';
import { findClient, findOrganization, heldBy } from './vault-find.js';
import { inEnvironment } from './model/environments.js';
import { SecretSourceText } from './model/primitives.js';
import { clientSourceChange } from './source-destination.js';
import { checkApproved, checkClientFits, refuseSecretFor, requireSecret, requireSetUp } from './vault-rules.js';
import { copyToTrash, moveToTrashed } from './vault-trash.js';

/** The client's secret, for a scheme's `secret()` (schemes/types.ts): read when a token is made, never kept. */
export async function clientSecret(ctx: VaultContext, client: Client): Promise<string> {
  if (client.secretSource !== undefined) return ctx.sources.read(client.secretSource, 'secret');
  const secret = client.hasSecret ? await ctx.secrets.readClientSecret(client.id) : null;
  if (secret === null) {
    const org = ctx.store.read().organizations.find((o) => o.id === client.organizationId)?.name ?? '<org>';
    throw new TokendeckError('SECRET_MISSING', `Client "${client.name}" has no secret in the keychain. Set it with \`tokendeck client set-secret ${org}/${client.name}\`.`, {
      action: { kind: 'set-secret', org, client: client.name },
    });
  }
  return secret;
}

/** `certificate`: its TLS certificate and private key (mutual TLS), checked and kept as setClientCertificate does. */
export async function addClient(ctx: VaultContext, orgName: string, input: ClientInput, secret?: string, certificate?: { certPem: string; keyPem: string }): Promise<Client> {
  const fields = parseInput(ClientInput, input, 'client');
  const tls = certificate && parseClientCertificate(certificate.certPem, certificate.keyPem, ctx.now());
  if (fields.secretSource !== undefined) {
    // Which secret a client reads is a destination: set only by setClientSecretSource, confirmed (a setup import asks its own).
    throw new TokendeckError('VALIDATION', 'Invalid secretSource: a new client is added without it; point it at a source afterwards (client set-secret --from, or the client view), which names where its secret would go.', { field: 'secretSource' });
  }
  if (secret !== undefined) requireSecret(secret);
  const id = randomUUID();
  const rollback = [...(secret === undefined ? [] : [() => ctx.secrets.deleteClientSecret(id)]), ...(tls ? [() => ctx.secrets.deleteAccount(keychainAccount.tlsKey(id))] : [])];
  return withSecretRollback(rollback, () =>
    ctx.store.update(async (data) => {
      const org = findOrganization(data, orgName);
      if (secret !== undefined) refuseSecretFor(org);
      if (data.clients.some((c) => c.organizationId === org.id && sameName(c.name, fields.name))) {
        throw new TokendeckError('VALIDATION', `Invalid name: "${org.name}" already has a client named "${fields.name}".`, { field: 'name' });
      }
      const defaultScheme = fields.defaultScheme ?? defaultSchemeOf({ ...org, canSign: signingKey(data.keys.filter((k) => k.organizationId === org.id)) !== undefined });
      checkClientFits(org, { clientId: fields.clientId, defaultScheme, oauth2: fields.oauth2, jwt: fields.jwt, certificate: tls?.record });
      if (secret !== undefined) await ctx.secrets.writeClientSecret(id, secret);
      if (tls) await ctx.secrets.writeAccount(keychainAccount.tlsKey(id), tls.keyPem);
      const client: Client = {
        id,
        organizationId: org.id,
        ...fields,
        // A person's session keeps itself fresh unless told otherwise.
        autoRefresh: fields.autoRefresh ?? isUserGrant(fields.oauth2),
        defaultScheme,
        hasSecret: secret !== undefined,
        ...(tls ? { certificate: tls.record } : {}),
        createdAt: createdNow(),
      };
      data.clients.push(client);
      return client;
    }),
  );
}

/** The previous secret, if any and different, goes to the trash first (`trash restore <org>/<client> secret`). */
export async function setClientSecret(ctx: VaultContext, orgName: string, clientName: string, secret: string): Promise<Client> {
  requireSecret(secret);
  const undo: Undo = [];
  let done: { client: Client; purged: string[] };
  try {
    done = await ctx.store.update(async (data) => {
      const purged = dropExpired(data, ctx.now());
      const { org, client } = findClient(data, orgName, clientName);
      refuseSecretFor(org);
      const previous = await ctx.secrets.readClientSecret(client.id);
      if (previous !== null && previous !== secret) await copyToTrash(ctx, data, 'secret', { org, clients: [client], keys: [] }, [keychainAccount.clientSecret(client.id)], undo);
      await ctx.secrets.writeClientSecret(client.id, secret);
      undo.push(() => (previous === null ? ctx.secrets.deleteClientSecret(client.id) : ctx.secrets.writeClientSecret(client.id, previous)));
      client.hasSecret = true;
      // A secret typed in replaces the source it was read from: the keychain holds it now.
      delete client.secretSource;
      return { client, purged };
    });
  } catch (error) {
    await runUndo(undo);
    throw error;
  }
  await deleteAccounts(ctx, done.purged);
  return done.client;
}

/** What pointing the client at `source` would re-point, for the confirmation asked first. */
export function clientSourceDestinationChange(data: VaultData, orgName: string, clientName: string, source: string): DestinationChange | undefined {
  const { org, client } = findClient(data, orgName, clientName);
  return clientSourceChange(inEnvironment(org, client.environment), client, parseInput(SecretSourceText, source, 'source'));
}

/**
 * The client reads its secret from `source` from now on (a pass entry, a Vault field, a command set
 * up here), read once first so a wrong reference is refused now rather than at the next token. A
 * secret it kept in the keychain goes to the trash (`trash restore <org>/<client> secret`).
 * `approved`: the destination change the user confirmed (clientSourceDestinationChange).
 */
export async function setClientSecretSource(ctx: VaultContext, orgName: string, clientName: string, source: string, approved?: DestinationChange): Promise<Client> {
  const reference = parseInput(SecretSourceText, source, 'source');
  requireSetUp(ctx, reference);
  // Refused before anything is read: no command run, no passphrase prompt, for a change not confirmed.
  const now = findClient(ctx.store.read(), orgName, clientName);
  checkApproved(clientSourceChange(inEnvironment(now.org, now.client.environment), now.client, reference), approved);
  await ctx.sources.read(reference, 'secret');
  const undo: Undo = [];
  let done: { client: Client; purged: string[]; kept: boolean };
  try {
    done = await ctx.store.update(async (data) => {
      const purged = dropExpired(data, ctx.now());
      const { org, client } = findClient(data, orgName, clientName);
      refuseSecretFor(org);
      checkApproved(clientSourceChange(inEnvironment(org, client.environment), client, reference), approved);
      const kept = client.secretSource === undefined && (await ctx.secrets.readClientSecret(client.id)) !== null;
      if (kept) await copyToTrash(ctx, data, 'secret', { org, clients: [client], keys: [] }, [keychainAccount.clientSecret(client.id)], undo);
      client.secretSource = reference;
      client.hasSecret = true;
      return { client, purged, kept };
    });
  } catch (error) {
    await runUndo(undo);
    throw error;
  }
  if (done.kept) await ctx.secrets.deleteClientSecret(done.client.id);
  await deleteAccounts(ctx, done.purged);
  return done.client;
}

/**
 * A client that reads its secret from a source keeps none in the keychain: one left there (a setup
 * import pointed the client at a source) goes to the trash, as setClientSecretSource does.
 */
export async function trashKeychainSecret(ctx: VaultContext, orgName: string, clientName: string): Promise<void> {
  const undo: Undo = [];
  let moved: Client | undefined;
  try {
    moved = await ctx.store.update(async (data) => {
      const { org, client } = findClient(data, orgName, clientName);
      if (client.secretSource === undefined || (await ctx.secrets.readClientSecret(client.id)) === null) return undefined;
      await copyToTrash(ctx, data, 'secret', { org, clients: [client], keys: [] }, [keychainAccount.clientSecret(client.id)], undo);
      return client;
    });
  } catch (error) {
    await runUndo(undo);
    throw error;
  }
  if (moved) await ctx.secrets.deleteClientSecret(moved.id);
}

/** What `updateClient` would re-point, for the confirmation asked first (undefined: nothing). */
export function clientUpdateDestinationChange(data: VaultData, orgName: string, clientName: string, options: ClientOptions): DestinationChange | undefined {
  const changes = parseInput(ClientOptions, options, 'client options');
  const { org, client } = findClient(data, orgName, clientName);
  return clientDestinationChange(org, client, { ...client, ...changes }, heldBy(data, org));
}

/** `approved`: the destination change the user confirmed; any other is refused. */
export async function updateClient(ctx: VaultContext, orgName: string, clientName: string, options: ClientOptions, approved?: DestinationChange): Promise<Client> {
  const changes = parseInput(ClientOptions, options, 'client options');
  return ctx.store.update((data) => {
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

export async function removeClient(ctx: VaultContext, orgName: string, clientName: string): Promise<TrashItem> {
  return moveToTrashed(ctx, 'client', (data) => {
    const { org, client } = findClient(data, orgName, clientName);
    data.clients = data.clients.filter((c) => c.id !== client.id);
    return { org, clients: [client], keys: [] };
  });
}
