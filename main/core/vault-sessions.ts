// A person's session on a client (an OAuth 2.0 user grant, issue 25): its refresh token in the
// secret source (`client/<uuid>/refresh`, replaced whole at each rotation), who signed in and with
// what scope in the store. Nothing of the session's tokens is ever in vault.json.
import { keychainAccount } from './keychain-accounts.js';
import type { Client, SessionIdentity } from './model/entities.js';
import type { VaultContext } from './vault-context.js';
import { findClient } from './vault-find.js';

export interface SessionRecord {
  account?: string | undefined;
  scope: string;
  identity?: SessionIdentity | undefined;
}

export function refreshTokenOf(ctx: VaultContext, client: Pick<Client, 'id'>): Promise<string | null> {
  return ctx.secrets.readAccount(keychainAccount.refreshToken(client.id));
}

/** Replaces the refresh token (a rotation): the old one is dead at the server already. */
export function replaceRefreshToken(ctx: VaultContext, client: Pick<Client, 'id'>, token: string): Promise<void> {
  return ctx.secrets.writeAccount(keychainAccount.refreshToken(client.id), token);
}

/** Records a sign-in: the refresh token (or none) in the keychain, who and what scope in the store. */
export async function startSession(ctx: VaultContext, orgName: string, clientName: string, refreshToken: string | undefined, record: SessionRecord): Promise<Client> {
  return ctx.store.update(async (data) => {
    const { client } = findClient(data, orgName, clientName);
    const account = keychainAccount.refreshToken(client.id);
    if (refreshToken === undefined) await ctx.secrets.deleteAccount(account);
    else await ctx.secrets.writeAccount(account, refreshToken);
    client.session = { ...(record.account ? { account: record.account } : {}), scope: record.scope, signedInAt: new Date(ctx.now()).toISOString(), ...(record.identity ? { identity: record.identity } : {}) };
    return client;
  });
}

/** Ends the session here: the refresh token deleted, the record cleared (the caller revoked it first). */
export async function endSession(ctx: VaultContext, orgName: string, clientName: string): Promise<Client> {
  return ctx.store.update(async (data) => {
    const { client } = findClient(data, orgName, clientName);
    await ctx.secrets.deleteAccount(keychainAccount.refreshToken(client.id));
    delete client.session;
    return client;
  });
}
