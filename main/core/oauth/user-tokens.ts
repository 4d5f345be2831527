// A token answer (RFC 6749 §5.1) for a person's session: the access token checked as every
// exchange checks it (oauth2.ts), and beside it the refresh token and ID token a user grant adds,
// each held to the same charset before anything stores or prints it.
import { TokendeckError } from '../errors.js';
import { accessTokenCredential, DEFAULT_ASSUMED_LIFETIME_SECONDS } from '../schemes/oauth2.js';
import { checkServerToken } from '../schemes/server-token.js';
import type { SecretsToScrub } from '../scrub-secrets.js';

export interface UserTokens {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** True when expiresAt is Tokendeck's assumption (no expires_in, no JWT exp). */
  assumedExpiry?: true;
  /** Absent when the server issued none. */
  refreshToken?: string;
  /** The raw ID token when the scope asked for openid; verified by the caller against the issuer's JWKS. */
  idToken?: string;
  /** The scope the server says it granted, when it says. */
  scope?: string;
}

export async function userTokens(answer: unknown, { requestedAt, askedScope, secrets }: { requestedAt: number; askedScope: string | undefined; secrets: SecretsToScrub }): Promise<UserTokens> {
  const credential = await accessTokenCredential(answer, { requestedAt, assumedSeconds: DEFAULT_ASSUMED_LIFETIME_SECONDS, askedScope, secrets });
  const { refresh_token, id_token, scope } = answer as Record<string, unknown>;
  return {
    accessToken: credential.token,
    expiresAt: credential.expiresAt!,
    ...(credential.assumedExpiry ? { assumedExpiry: true as const } : {}),
    ...(typeof refresh_token === 'string' && refresh_token !== '' ? { refreshToken: checkServerToken(refresh_token, 'refresh_token') } : {}),
    ...(typeof id_token === 'string' && id_token !== '' ? { idToken: checkServerToken(id_token, 'id_token') } : {}),
    ...(typeof scope === 'string' ? { scope: checkScope(scope) } : {}),
  };
}

/** RFC 6749 §3.3: scope tokens are visible ASCII joined by spaces; it is shown to the user. */
function checkScope(scope: string): string {
  if (scope.length > 2000 || !/^[\x20-\x7E]*$/.test(scope)) {
    throw new TokendeckError('EXCHANGE_PROTOCOL', 'The token answer\'s scope is not scope words (visible ASCII and spaces, at most 2000 characters). Check the token URL points at the token endpoint.');
  }
  return scope;
}
