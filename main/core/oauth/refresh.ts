// Refreshing a person's access token (RFC 6749 §6) with its refresh token. A server that rotates
// (OAuth 2.0 Security BCP §4.14) answers a new refresh token and retires the old: the caller must
// store the one returned before anything else uses the session. A refused refresh token
// (invalid_grant: reused, revoked, expired) ends the session; nothing but signing in mends it.
import { TokenEndpointRefusal, postToTokenEndpoint } from '../http/token-endpoint.js';
import type { Transport } from '../http/transport.js';
import { authenticateClient, type OAuthClientAuth } from '../schemes/oauth2.js';
import { UserFlowError } from './flow-errors.js';
import { userTokens } from './user-tokens.js';

const DEFAULT_TIMEOUT_MS = 30_000;

export interface RefreshRequest {
  tokenUrl: string;
  client: OAuthClientAuth;
  refreshToken: string;
  /** §6: a scope no wider than the one granted; absent keeps the grant's. */
  scope?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  now?: () => number;
  /** The organization's proxy and CA; the environment's when not given. */
  transport?: Transport | undefined;
}

export interface RefreshedSession {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
  assumedExpiry?: true;
  /** The refresh token to keep: the new one when the server rotated, else the one sent. */
  refreshToken: string;
  /** True when the server answered a new refresh token: the old one is dead, store this one. */
  rotated: boolean;
  idToken?: string;
  /** The scope the server says it granted; absent when it did not say (the grant's is unchanged). */
  scope?: string;
}

export async function refreshAccessToken(request: RefreshRequest): Promise<RefreshedSession> {
  const now = request.now ?? Date.now;
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: request.refreshToken });
  if (request.scope) form.set('scope', request.scope);
  const { headers, secrets } = authenticateClient(form, request.client, [request.refreshToken]);
  const requestedAt = now();
  let answer: unknown;
  try {
    answer = await postToTokenEndpoint({ url: request.tokenUrl, headers, body: form.toString(), timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS, secrets, signal: request.signal, transport: request.transport });
  } catch (error) {
    if (error instanceof TokenEndpointRefusal && error.oauthError === 'invalid_grant') {
      throw new UserFlowError('session-ended', `The session ended (the refresh token was refused, perhaps reused or revoked): sign in again. ${new URL(request.tokenUrl).origin} said: "${error.said}".`);
    }
    throw error;
  }
  const tokens = await userTokens(answer, { requestedAt, askedScope: request.scope, secrets });
  const rotated = tokens.refreshToken !== undefined && tokens.refreshToken !== request.refreshToken;
  return { ...tokens, refreshToken: tokens.refreshToken ?? request.refreshToken, rotated };
}
