// One request with a client's credential attached: the URL is checked against the client's
// scope before any token is made, MusicAPI's required Content-Type is added, and a 401 on a
// cached token, from a host that received it, discards it and retries once with a fresh one.
import { TokendeckError } from './errors.js';
import { checkCertificateBinding } from './http/certificate-binding.js';
import { resolveRequestUrl } from './http/request-url.js';
import { checkScope } from './http/scope.js';
import { checkTypedHeaders } from './http/typed-headers.js';
import { sendRequest, type ReceivedResponse } from './http/send-request.js';
import type { TokenRequest } from './model/inputs.js';
import type { Scheme } from './providers/schemes.js';
import type { IssuedCredential, TokenService } from './token-service.js';
import type { Vault } from './vault.js';
import { addedContentType } from './console/added-headers.js';

export interface AuthorizedRequest {
  org: string;
  client: string;
  scheme?: Scheme;
  sub?: string;
  ttlSeconds?: number;
  method: string;
  /** Absolute, or a path resolved against the organization's API base URL. */
  url: string;
  headers?: Array<[string, string]>;
  body?: string;
  allowAnyOrigin?: boolean;
  /** Make a new credential even if a cached one is still good. */
  fresh?: boolean;
  /**
   * On a 401 to a cached token, discard it and send once more with a fresh one (the CLI). The
   * console sets this false and offers the retry instead (`cachedTokenRejected`).
   */
  retryOnUnauthorized?: boolean;
  timeoutMs?: number;
  maxBodyBytes?: number;
  signal?: AbortSignal;
}

export interface AuthorizedResult {
  response: ReceivedResponse;
  credential: IssuedCredential;
  /** A 401 on a cached token made Tokendeck discard it and send again with a fresh one. */
  retriedWithFreshToken: boolean;
  /** A 401 answered a cached token and no retry was made (retryOnUnauthorized: false). */
  cachedTokenRejected: boolean;
}

const METHOD = /^[A-Za-z]{1,16}$/;

export async function sendAuthorized(vault: Vault, tokens: TokenService, request: AuthorizedRequest): Promise<AuthorizedResult> {
  if (!METHOD.test(request.method)) throw new TokendeckError('VALIDATION', `Invalid method "${request.method.slice(0, 20)}".`);
  const { org, client } = vault.resolveClient(request.org, request.client);
  const url = resolveRequestUrl(org, request.url);
  checkScope(org, url, request.allowAnyOrigin ?? false);
  // Before any token is made: a refused header must not cost an exchange.
  checkTypedHeaders(request.headers ?? []);

  const headers = [...(request.headers ?? [])];
  // The Content-Type the provider requires on every call (MusicAPI's), unless the caller set one:
  // the console's rule (added-headers.ts), for a body the caller typed as it is.
  const contentType = addedContentType(org.provider, headers, { kind: 'none' });
  if (contentType) headers.push(['Content-Type', contentType]);
  // The organization's proxy and CA (and the client's certificate): the API call goes as the token POST did.
  const transport = await tokens.transport(org, client);
  const tokenRequest: TokenRequest = { org: request.org, client: request.client, scheme: request.scheme, sub: request.sub, ttlSeconds: request.ttlSeconds, fresh: request.fresh };
  const send = (credential: IssuedCredential) => {
    // A certificate-bound token goes only over its certificate's connection (RFC 8705 §3).
    checkCertificateBinding(credential.token, client.certificate, `${org.name}/${client.name}`);
    return sendRequest({
      method: request.method,
      url: url.toString(),
      headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      // A placed credential (an API key) goes as itself in its header or query parameter.
      ...(credential.placement ? { placed: { placement: credential.placement, value: credential.token } } : { authorization: credential.authorization }),
      ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}),
      ...(request.maxBodyBytes ? { maxBodyBytes: request.maxBodyBytes } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      transport,
    });
  };

  const credential = await tokens.credential(tokenRequest);
  const response = await send(credential);
  // Only a 401 from a host that received the credential rejects it: any redirect target could
  // otherwise make Tokendeck throw away good tokens and mint new ones at will.
  const rejectedCached = response.status === 401 && response.credentialSentToFinalOrigin && credential.fromCache && credential.tokenId !== undefined;
  if (!rejectedCached || request.retryOnUnauthorized === false) {
    return { response, credential, retriedWithFreshToken: false, cachedTokenRejected: rejectedCached };
  }
  await tokens.discard(credential.tokenId!);
  const fresh = await tokens.credential({ ...tokenRequest, fresh: true });
  return { response: await send(fresh), credential: fresh, retriedWithFreshToken: true, cachedTokenRejected: false };
}
