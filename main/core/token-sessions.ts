// A person's session as the token service keeps it (issue 25): signing in (the browser or the
// device flow, session-flows.ts), the next access token from the refresh token — one refresh at a
// time across processes, the rotated refresh token replacing the old one, a refused one ending the
// session with "sign in again" — and signing out (revoked at the server, RFC 7009, then forgotten).
import { TokendeckError } from './errors.js';
import type { Transport } from './http/transport.js';
import type { Client, Organization } from './model/entities.js';
import { isUserGrant, usesSecret } from './providers/oauth2.js';
import { authorizationValue } from './providers/schemes.js';
import type { Credential } from './schemes/types.js';
import type { SignInHow } from './oauth/session-flows.js';
import type { Vault } from './vault.js';

const notSignedIn = (org: string, client: string) =>
  new TokendeckError('SIGNED_OUT', `Nobody is signed in on ${org}/${client}: sign in first (tokendeck login ${org}/${client}, or Sign in in its view).`);

function requireUserGrant(org: Organization, client: Client): void {
  if (!isUserGrant(client.oauth2)) throw new TokendeckError('USAGE', `${org.name}/${client.name} gets its tokens with its own secret (client credentials): there is nobody to sign in.`);
}

/** The client's secret when it proves itself with one; a public one (`none`) and a certificate one (tls_client_auth) have none. */
async function secretFor(vault: Vault, client: Client): Promise<string | undefined> {
  return usesSecret(client.oauth2) ? vault.clientSecret(client) : undefined;
}

function bearer(accessToken: string, issuedAt: number, expiresAt: number, assumedExpiry: boolean | undefined, grantedScope: string | undefined): Credential {
  return {
    scheme: 'bearer',
    token: accessToken,
    authorization: authorizationValue('bearer', accessToken),
    issuedAt,
    expiresAt,
    ...(assumedExpiry ? { assumedExpiry: true } : {}),
    ...(grantedScope !== undefined ? { grantedScope } : {}),
  };
}

/** Signs a person in; answers the first access token (the caller caches it) and the client as recorded. */
export async function signIn(vault: Vault, org: Organization, client: Client, how: SignInHow, now: () => number, transport?: Transport): Promise<{ credential: Credential; client: Client }> {
  requireUserGrant(org, client);
  const { signInSession } = await import('./oauth/session-flows.js');
  const issuedAt = now();
  const signed = await signInSession(org, client, await secretFor(vault, client), how, transport);
  const recorded = await vault.startSession(org.name, client.name, signed.refreshToken, { account: signed.account, scope: signed.scope, identity: signed.identity });
  return { credential: bearer(signed.accessToken, issuedAt, signed.expiresAt, signed.assumedExpiry, signed.scope), client: recorded };
}

/** The next access token from the session's refresh token, under the session lock. */
export function refreshSession(vault: Vault, org: Organization, client: Client, timeoutMs: number, now: () => number, transport?: Transport): Promise<Credential> {
  requireUserGrant(org, client);
  return vault.withSessionLock(async () => {
    // Read under the lock: another process may have rotated it a moment ago.
    const refreshToken = await vault.refreshTokenOf(client);
    if (refreshToken === null) throw notSignedIn(org.name, client.name);
    const [{ refreshAccessToken }, { clientAuth }] = await Promise.all([import('./oauth/refresh.js'), import('./oauth/session-flows.js')]);
    const issuedAt = now();
    try {
      const refreshed = await refreshAccessToken({ tokenUrl: org.tokenUrl!, client: clientAuth(client, await secretFor(vault, client)), refreshToken, timeoutMs, now, transport });
      if (refreshed.rotated) await vault.replaceRefreshToken(client, refreshed.refreshToken);
      return bearer(refreshed.accessToken, issuedAt, refreshed.expiresAt, refreshed.assumedExpiry, refreshed.scope);
    } catch (error) {
      // The server ended the session (reused, revoked, expired refresh token): forget it here too.
      if (error instanceof TokendeckError && error.code === 'SIGNED_OUT') await vault.endSession(org.name, client.name).catch(() => undefined);
      throw error;
    }
  });
}

export interface SignOut {
  /** Whether the server confirmed the revocation (RFC 7009); false: it has no revocation endpoint, or the call failed (`problem`). */
  revoked: boolean;
  problem?: string;
}

/** Revokes the refresh token at the server, then forgets the session here whatever the server said. */
export async function signOut(vault: Vault, org: Organization, client: Client, transport?: Transport): Promise<SignOut> {
  requireUserGrant(org, client);
  const refreshToken = await vault.refreshTokenOf(client);
  let outcome: SignOut = { revoked: false, problem: 'nothing to revoke: no refresh token was kept' };
  if (refreshToken !== null) {
    try {
      const [{ sessionMetadata, clientAuth }, { revokeToken }] = await Promise.all([import('./oauth/session-flows.js'), import('./oauth/revoke.js')]);
      const metadata = await sessionMetadata(org, client, undefined, transport);
      if (!metadata.revocationEndpoint) outcome = { revoked: false, problem: `the issuer ${metadata.issuer} offers no revocation endpoint: the refresh token lives on at the server until it expires` };
      else {
        await revokeToken({ revocationUrl: metadata.revocationEndpoint, client: clientAuth(client, await secretFor(vault, client)), token: refreshToken, tokenTypeHint: 'refresh_token', transport });
        outcome = { revoked: true };
      }
    } catch (error) {
      outcome = { revoked: false, problem: error instanceof TokendeckError ? `${error.code}: ${error.message}` : 'the revocation failed' };
    }
  }
  await vault.endSession(org.name, client.name);
  return outcome;
}
