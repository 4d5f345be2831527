// Revoking a token at sign-out or removal (RFC 7009). §2.2: any 200 is success, whatever its body,
// and an unknown or already dead token is a 200 too; so a refusal means the server could not or
// would not revoke, and the person must hear that the session may still be live. The token itself
// is never repeated: the server's words are scrubbed of it.
import { TokendeckError } from '../errors.js';
import { TokenEndpointRefusal, postToTokenEndpoint } from '../http/token-endpoint.js';
import type { Transport } from '../http/transport.js';
import { authenticateClient, type OAuthClientAuth } from '../schemes/oauth2.js';

const DEFAULT_TIMEOUT_MS = 30_000;

export interface RevokeRequest {
  revocationUrl: string;
  client: OAuthClientAuth;
  token: string;
  tokenTypeHint: 'refresh_token' | 'access_token';
  signal?: AbortSignal;
  timeoutMs?: number;
  /** The organization's proxy and CA; the environment's when not given. */
  transport?: Transport | undefined;
}

export async function revokeToken(request: RevokeRequest): Promise<void> {
  const form = new URLSearchParams({ token: request.token, token_type_hint: request.tokenTypeHint });
  const { headers, secrets } = authenticateClient(form, request.client, [request.token]);
  const kind = request.tokenTypeHint === 'refresh_token' ? 'refresh token' : 'access token';
  try {
    await postToTokenEndpoint({
      url: request.revocationUrl,
      endpoint: 'revocation',
      headers,
      body: form.toString(),
      timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      secrets,
      signal: request.signal,
      transport: request.transport,
      anyBodyOnSuccess: true,
      refusedHint: 'Check the revocation URL and the client id and secret.',
    });
  } catch (error) {
    // §2.2.1: the server revokes no tokens of this type; the token lives until it expires.
    if (error instanceof TokenEndpointRefusal && error.oauthError === 'unsupported_token_type') {
      throw new TokendeckError('EXCHANGE_REJECTED', `${new URL(request.revocationUrl).origin} does not revoke ${kind}s (unsupported_token_type): the ${kind} stays valid until it expires. Revoke the session in the provider's own account page if it must end now.`);
    }
    if (error instanceof TokendeckError) {
      throw new TokendeckError(error.code, `The ${kind} was not revoked, so the session may still be live. ${error.message}`);
    }
    throw error;
  }
}
