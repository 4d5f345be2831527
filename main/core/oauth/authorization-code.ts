// Sign a person in with the system browser: the authorization code grant (RFC 6749 §4.1) with
// PKCE S256 (RFC 7636) through a one-shot loopback redirect (RFC 8252 §7.3). The browser's answer
// must carry our state (loopback-redirect.ts) and, where the server sends one, our issuer (RFC
// 9207: a code from another server is never sent to this one's token endpoint); the code goes to
// the token endpoint with the verifier, and an ID token in the answer is verified (id-token.ts).
// Nothing here logs or quotes the code, the verifier or a token.
import { randomBytes } from 'node:crypto';
import { TokendeckError, isTokendeckError } from '../errors.js';
import { postToTokenEndpoint } from '../http/token-endpoint.js';
import type { Transport } from '../http/transport.js';
import { quoteServer } from '../scrub-secrets.js';
import { authenticateClient, type ClientAuthMethod } from '../schemes/oauth2.js';
import { userTokens } from './user-tokens.js';
import type { IssuerMetadata } from './discovery.js';
import { verifyIdToken, type IdTokenClaims } from './id-token.js';
import { startLoopbackRedirect, type BrowserOutcome } from './loopback-redirect.js';
import { checkS256Offered, createPkce, type Pkce } from './pkce.js';

export const DEFAULT_EXCHANGE_TIMEOUT_MS = 30_000;

export interface OAuthClient {
  clientId: string;
  clientSecret?: string | undefined;
  authMethod: ClientAuthMethod;
}

export interface BrowserSignIn {
  metadata: IssuerMetadata;
  client: OAuthClient;
  /** Space-separated; `openid` asks for an ID token (and sends a nonce). */
  scope: string;
  /** Opens the authorization URL in the system browser (shell.openExternal, or the CLI prints it). */
  openBrowser: (url: string) => Promise<void>;
  /** OIDC `prompt`: `consent` is required for offline_access (OIDC Core §11). */
  prompt?: string | undefined;
  signal?: AbortSignal | undefined;
  /** How long to wait for the browser (default 5 minutes). */
  timeoutMs?: number | undefined;
  /** Whose client this is in the vault: a refusal then offers to check its secret. */
  account?: { org: string; client: string } | undefined;
  now?: () => number;
  /** The organization's proxy and CA (transport-for.ts); the environment's when not given. */
  transport?: Transport | undefined;
}

export interface UserSession {
  accessToken: string;
  refreshToken?: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** The server gave no expires_in and the token is no JWT: the expiry is assumed (1 hour). */
  assumedExpiry?: true;
  /** The scope granted: the answer's, or the one asked when it says none (RFC 6749 §5.1). */
  scope: string;
  idTokenClaims?: IdTokenClaims;
}

const randomValue = () => randomBytes(32).toString('base64url');

function protocol(message: string): TokendeckError {
  return new TokendeckError('EXCHANGE_PROTOCOL', message);
}

export function endpointsOf(metadata: IssuerMetadata, client: OAuthClient): { authorizationEndpoint: string; tokenEndpoint: string } {
  const { authorizationEndpoint, tokenEndpoint, tokenEndpointAuthMethodsSupported: methods } = metadata;
  if (!authorizationEndpoint || !tokenEndpoint) {
    throw new TokendeckError('VALIDATION', `The issuer ${metadata.issuer} names no ${authorizationEndpoint ? 'token' : 'authorization'} endpoint: it cannot sign a user in with a browser.`);
  }
  checkS256Offered(metadata.codeChallengeMethodsSupported, metadata.issuer);
  if (methods && !methods.includes(client.authMethod)) {
    const offered = methods.map((m) => quoteServer(m, { values: [] }, { maxChars: 40 })).join(', ');
    throw new TokendeckError('VALIDATION', `The issuer ${metadata.issuer} does not take client authentication "${client.authMethod}" (it offers ${offered}). Choose one of those for the client.`);
  }
  return { authorizationEndpoint, tokenEndpoint };
}

/** RFC 9207 §2.4: the response's `iss` must be the issuer; required when the server says it sends it. */
function checkResponseIssuer(iss: string | undefined, metadata: IssuerMetadata): void {
  if (iss === undefined && !metadata.authorizationResponseIssParameterSupported) return;
  if (iss === metadata.issuer) return;
  const said = iss === undefined ? 'no iss, though its metadata says it sends one' : `iss "${quoteServer(iss, { values: [] }, { maxChars: 200 })}"`;
  throw protocol(`The sign-in answer carried ${said}, not ${metadata.issuer}: it may come from another server (a mix-up attack, RFC 9207), so its code was not used. Sign in again; if it repeats, check the issuer.`);
}

interface Request {
  redirectUri: string;
  state: string;
  nonce: string | undefined;
  pkce: Pkce;
}

/** The second half of the grant: the code, with what the authorization request sent. */
export interface CodeExchange extends Pick<BrowserSignIn, 'metadata' | 'client' | 'scope' | 'signal' | 'account' | 'now' | 'transport'> {
  code: string;
  redirectUri: string;
  codeVerifier: string;
  /** The nonce the authorization request sent, if any. */
  nonce: string | undefined;
}

function authorizationUrl(endpoint: string, { client, scope, prompt }: BrowserSignIn, request: Request): string {
  const url = new URL(endpoint);
  const params = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: request.redirectUri,
    scope,
    state: request.state,
    code_challenge: request.pkce.challenge,
    code_challenge_method: request.pkce.method,
    ...(request.nonce ? { nonce: request.nonce } : {}),
    ...(prompt ? { prompt } : {}),
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** Exchanges a code at the token endpoint (RFC 6749 §4.1.3) and checks the answer, its ID token too. */
export async function exchangeAuthorizationCode(exchange: CodeExchange): Promise<UserSession> {
  const { client, metadata, scope, signal, code, codeVerifier, nonce, transport } = exchange;
  const { tokenEndpoint } = endpointsOf(metadata, client);
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: exchange.redirectUri, code_verifier: codeVerifier });
  const { headers, secrets } = authenticateClient(form, client, [code, codeVerifier]);
  const requestedAt = (exchange.now ?? Date.now)();
  const answer = await postToTokenEndpoint({
    url: tokenEndpoint,
    headers,
    body: form.toString(),
    timeoutMs: DEFAULT_EXCHANGE_TIMEOUT_MS,
    secrets,
    signal,
    transport,
    client: exchange.account ?? { org: metadata.issuer, client: client.clientId },
    // An account of the vault whose secret was sent: the deck offers to check it. Otherwise the
    // likelier cause is the code itself, good once and for minutes.
    ...(exchange.account && client.authMethod !== 'none'
      ? {}
      : { refusedHint: `An authorization code is good once and for a few minutes: sign in again. If it repeats, check the client id${client.authMethod === 'none' ? '' : ', its secret'} and the redirect URI the server allows.` }),
  });
  const body = (answer ?? {}) as Record<string, unknown>;
  if (typeof body.token_type !== 'string') throw protocol('The token answer lacks token_type (RFC 6749 §5.1). Check the token endpoint.');
  if (body.refresh_token !== undefined && typeof body.refresh_token !== 'string') throw protocol('The token answer has a refresh_token that is not a string.');
  const tokens = await userTokens(answer, { requestedAt, askedScope: scope, secrets });
  const asksOpenid = scope.split(' ').includes('openid');
  if (asksOpenid && tokens.idToken === undefined) throw protocol('The token answer has no id_token, though the scope asked for openid (OIDC Core §3.1.3.3). Check the issuer.');
  const idTokenClaims =
    tokens.idToken === undefined
      ? undefined
      : await verifyIdToken(tokens.idToken, { issuer: metadata.issuer, clientId: client.clientId, jwksUri: metadata.jwksUri, nonce, timeoutMs: DEFAULT_EXCHANGE_TIMEOUT_MS, signal, transport });
  return {
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    expiresAt: tokens.expiresAt,
    ...(tokens.assumedExpiry ? { assumedExpiry: true as const } : {}),
    scope: tokens.scope ?? scope,
    ...(idTokenClaims ? { idTokenClaims } : {}),
  };
}

export async function signInWithBrowser(signIn: BrowserSignIn): Promise<UserSession> {
  const { authorizationEndpoint } = endpointsOf(signIn.metadata, signIn.client);
  const state = randomValue();
  const redirect = await startLoopbackRedirect({ state, timeoutMs: signIn.timeoutMs, signal: signIn.signal });
  const request: Request = { redirectUri: redirect.redirectUri, state, nonce: signIn.scope.split(' ').includes('openid') ? randomValue() : undefined, pkce: createPkce() };
  let outcome: BrowserOutcome = { ok: false, message: 'Tokendeck could not finish the sign-in.' };
  try {
    await signIn.openBrowser(authorizationUrl(authorizationEndpoint, signIn, request));
    const response = await redirect.response;
    checkResponseIssuer(response.iss, signIn.metadata);
    const session = await exchangeAuthorizationCode({ ...signIn, code: response.code, redirectUri: request.redirectUri, codeVerifier: request.pkce.verifier, nonce: request.nonce });
    outcome = { ok: true };
    return session;
  } catch (error) {
    if (isTokendeckError(error)) outcome = { ok: false, message: error.message };
    throw error;
  } finally {
    await redirect.finish(outcome);
  }
}
