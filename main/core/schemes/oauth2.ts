// OAuth 2.0 client credentials (RFC 6749 §4.4): a form-encoded grant_type=client_credentials
// with client_secret_basic (default) or client_secret_post, optional scope and audience; the
// answer's access_token and expires_in (SECONDS). expires_in is only RECOMMENDED (§5.1): without
// it, a JWT access token's own exp is used, else the client's assumed lifetime (1 hour).
import { TokendeckError } from '../errors.js';
import { postToTokenEndpoint } from '../http/token-endpoint.js';
import { quoteServer, type SecretsToScrub } from '../scrub-secrets.js';
import { checkExpiry } from './expiry.js';
import { checkServerToken } from './server-token.js';
import type { Client } from '../model/entities.js';
import { isCertificateAuth, isUserGrant, usesSecret, type ClientAuthMethod } from '../providers/oauth2.js';
import { authorizationValue } from '../providers/schemes.js';
import type { Credential, SchemeProducer } from './types.js';

function protocol(message: string): TokendeckError {
  return new TokendeckError('EXCHANGE_PROTOCOL', `The OAuth 2.0 token answer ${message}. Check the token URL points at the token endpoint.`);
}

/** RFC 6749 §2.3.1: client id and secret are form-urlencoded before Basic encoding. */
function basicCredentials(id: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64');
}

/** How a client proves itself at the token endpoint (providers/oauth2.ts says each). */
export type { ClientAuthMethod };

export interface OAuthClientAuth {
  clientId: string;
  /** Absent for a public client and one that proves itself with its TLS certificate. */
  clientSecret?: string;
  authMethod: ClientAuthMethod;
}

/**
 * Adds the client's authentication to a token-endpoint form: a Basic header (§2.3.1), the id and
 * secret in the form, or the id alone (a public client, RFC 6749 §3.2.1; a client whose TLS
 * certificate, presented on the handshake by its transport, proves it: RFC 8705 §2). Gives the headers and
 * what a server might echo back, to scrub from its words: the client's secret and `sent`, the
 * form's own secrets (a refresh token, a device code).
 */
export function authenticateClient(form: URLSearchParams, client: OAuthClientAuth, sent: readonly string[] = []): { headers: Record<string, string>; secrets: SecretsToScrub } {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const secret = usesSecret(client) ? client.clientSecret : undefined;
  if (usesSecret(client) && !secret) {
    throw new TokendeckError('VALIDATION', `The client ${client.clientId} authenticates with ${client.authMethod} but has no secret. Set its secret, or make it a public client.`);
  }
  if (secret === undefined) {
    form.set('client_id', client.clientId);
    return { headers, secrets: { values: [...sent], clientId: client.clientId } };
  }
  if (client.authMethod === 'client_secret_post') {
    form.set('client_id', client.clientId);
    form.set('client_secret', secret);
    return { headers, secrets: { values: [secret, ...sent], clientId: client.clientId } };
  }
  const basic = basicCredentials(client.clientId, secret);
  headers.authorization = authorizationValue('basic', basic);
  // What a server may echo back: the secret, and the Basic credential as sent (base64'd again, say).
  return { headers, secrets: { values: [secret, basic, ...sent], clientId: client.clientId } };
}

/** What to check when the server refuses a client that proves itself with its TLS certificate (RFC 8705 §2). */
export function certificateRefusalHint(client: Pick<Client, 'clientId' | 'certificate' | 'oauth2'>): string {
  const certificate = client.certificate ? `its certificate (${client.certificate.subject}, ${client.certificate.thumbprint.slice(0, 12)}…)` : 'its certificate';
  return `Check that the server registered client ${client.clientId} for ${client.oauth2?.authMethod ?? 'mutual TLS'} with ${certificate}: by its subject (tls_client_auth) or the certificate itself (self_signed_tls_client_auth).`;
}

const MAX_EXPIRES_IN_SECONDS = 31 * 86_400;
export const DEFAULT_ASSUMED_LIFETIME_SECONDS = 3_600;

/** The `exp` of an access token that is a JWT (RFC 9068 tokens are), in seconds; else undefined. */
async function jwtExpiry(token: string): Promise<number | undefined> {
  if (token.split('.').length !== 3) return undefined;
  // Loaded only for an answer without expires_in: no other exchange needs jose.
  const { decodeJwt } = await import('jose');
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

/** When the token expires, and whether that is the server's word or our assumption. */
async function expiryOf(expiresIn: unknown, token: string, requestedAt: number, assumedSeconds: number): Promise<{ expiresAt: number; assumedExpiry?: true }> {
  if (expiresIn === undefined || expiresIn === null) {
    const exp = await jwtExpiry(token);
    if (exp !== undefined) return { expiresAt: checkExpiry(exp * 1000, requestedAt, "access token's exp", 'seconds') };
    return { expiresAt: requestedAt + assumedSeconds * 1000, assumedExpiry: true };
  }
  const seconds = typeof expiresIn === 'string' && /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn;
  if (typeof seconds !== 'number') throw protocol('has expires_in that is not a number of seconds');
  // The reverse of Musimap's trap: milliseconds where RFC 6749 says seconds. A one-hour token
  // sent as 3600000 would pass the one-year bound as 41 days; client-credentials tokens live
  // hours, so anything over a month is refused as a likely unit mix-up.
  if (seconds > MAX_EXPIRES_IN_SECONDS) {
    throw protocol(`has expires_in ${seconds}, over ${MAX_EXPIRES_IN_SECONDS / 86_400} days: it looks like milliseconds, but RFC 6749 says seconds`);
  }
  return { expiresAt: checkExpiry(requestedAt + seconds * 1000, requestedAt, 'expires_in', 'seconds') };
}

/** RFC 6749 §5.1: the answer's scope, when the server granted another than the one asked for. */
function grantedScope(answered: unknown, asked: string | undefined): { grantedScope?: string } {
  if (typeof answered !== 'string') return {};
  const words = (text: string | undefined) => [...new Set((text ?? '').split(' ').filter(Boolean))].sort().join(' ');
  return words(answered) === words(asked) ? {} : { grantedScope: answered.slice(0, 2000) };
}
/**
 * An RFC 6749 §5.1 answer as a credential: access_token (checked), token_type Bearer, expires_in
 * in seconds (or the token's own exp, or the assumed lifetime), the scope granted. Shared by every
 * grant that ends at an OAuth 2.0 token endpoint (client credentials, RFC 7523).
 */
export async function accessTokenCredential(
  answer: unknown,
  { requestedAt, assumedSeconds, askedScope, secrets }: { requestedAt: number; assumedSeconds: number; askedScope: string | undefined; secrets: SecretsToScrub },
): Promise<Credential> {
  const { access_token, expires_in, token_type, scope } = (answer ?? {}) as Record<string, unknown>;
  if (typeof access_token !== 'string' || access_token.length === 0) throw protocol('lacks access_token');
  if (typeof token_type === 'string' && token_type.toLowerCase() !== 'bearer') throw protocol(`has token_type "${quoteServer(token_type, secrets, { maxChars: 40 })}", not Bearer`);
  checkServerToken(access_token, 'access_token');
  return {
    scheme: 'bearer',
    token: access_token,
    authorization: authorizationValue('bearer', access_token),
    issuedAt: requestedAt,
    ...(await expiryOf(expires_in, access_token, requestedAt, assumedSeconds)),
    ...grantedScope(scope, askedScope),
  };
}

export const oauth2Bearer: SchemeProducer = {
  cached: true,
  cacheKey: ({ client }) => `bearer|scope=${client.oauth2?.scope ?? ''}|aud=${client.oauth2?.audience ?? ''}`,
  async produce({ org, client, secret, timeoutMs, now, session, transport }) {
    // A person's session: its refresh token makes the next access token (token-sessions.ts).
    if (isUserGrant(client.oauth2)) return session();
    const settings: NonNullable<Client['oauth2']> = client.oauth2 ?? { grant: 'client_credentials', authMethod: 'client_secret_basic' };
    // A certificate method sends no secret: the client's certificate rides the TLS handshake.
    const clientSecret = isCertificateAuth(settings.authMethod) ? undefined : await secret();
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (settings.scope) form.set('scope', settings.scope);
    if (settings.audience) form.set('audience', settings.audience);
    const { headers, secrets } = authenticateClient(form, { clientId: client.clientId, ...(clientSecret === undefined ? {} : { clientSecret }), authMethod: settings.authMethod });
    const requestedAt = now();
    // A refusal of a certificate client is about its certificate, not a secret it does not have.
    const refusedHint = clientSecret === undefined ? certificateRefusalHint(client) : undefined;
    const answer = await postToTokenEndpoint({ url: org.tokenUrl!, client: { org: org.name, client: client.name }, headers, body: form.toString(), timeoutMs, secrets, transport: await transport(), ...(refusedHint ? { refusedHint } : {}) });
    return accessTokenCredential(answer, { requestedAt, assumedSeconds: settings.assumedLifetimeSeconds ?? DEFAULT_ASSUMED_LIFETIME_SECONDS, askedScope: settings.scope, secrets });
  },
};
