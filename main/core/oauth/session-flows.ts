// A person's sign-in for a vault client (issue 25): the issuer's endpoints discovered and held to the
// organization's confirmed token URL, then the browser (authorization code + PKCE) or the device
// flow, and later the refresh and the sign-out. The endpoints that receive the client's secret or a
// refresh token — the token, device authorization and revocation endpoints — must be the token URL
// or on its origin: discovery cannot send a secret anywhere the user has not confirmed.
import { TokendeckError } from '../errors.js';
import type { Transport } from '../http/transport.js';
import type { Client, Organization, SessionIdentity } from '../model/entities.js';
import { usesSecret, type ClientAuthMethod } from '../providers/oauth2.js';
import { signInWithBrowser } from './authorization-code.js';
import { startDeviceAuthorization, pollDeviceToken, type DeviceAuthorization } from './device-flow.js';
import { discoverIssuer, type IssuerMetadata } from './discovery.js';
import { verifyIdToken, type IdTokenClaims } from './id-token.js';
import { fetchUserinfo, type UserinfoIdentity } from './userinfo.js';

export type SignInHow =
  | { kind: 'browser'; openBrowser: (url: string) => Promise<void>; signal?: AbortSignal | undefined }
  | { kind: 'device'; onCode: (code: DeviceAuthorization) => void; signal?: AbortSignal | undefined; sleep?: (ms: number, signal?: AbortSignal) => Promise<void> };

export interface SignedIn {
  accessToken: string;
  refreshToken?: string | undefined;
  expiresAt: number;
  assumedExpiry?: true;
  scope: string;
  /** Who signed in (email, else name, else username, else sub); absent when neither the ID token nor userinfo said. */
  account?: string | undefined;
  identity?: SessionIdentity | undefined;
}

const DEFAULT_SCOPE = 'openid offline_access';

/** The scope asked: the client's, else `openid offline_access` (an account name and a refresh token). */
export const sessionScope = (client: Client): string => client.oauth2?.scope ?? DEFAULT_SCOPE;

export function clientAuth(client: Client, secret: string | undefined): { clientId: string; clientSecret?: string; authMethod: ClientAuthMethod } {
  const authMethod = client.oauth2?.authMethod ?? 'client_secret_basic';
  return { clientId: client.clientId, authMethod, ...(usesSecret({ authMethod }) && secret !== undefined ? { clientSecret: secret } : {}) };
}

export function pinned(org: Pick<Organization, 'name' | 'tokenUrl'>, metadata: IssuerMetadata): IssuerMetadata {
  const tokenUrl = org.tokenUrl;
  if (!tokenUrl) throw new TokendeckError('VALIDATION', `Organization "${org.name}" has no token URL: set it to the issuer's token endpoint (${metadata.tokenEndpoint ?? 'see its discovery document'}).`, { field: 'tokenUrl' });
  if (metadata.tokenEndpoint !== tokenUrl) {
    throw new TokendeckError(
      'DESTINATION_CHANGE',
      `The issuer ${metadata.issuer} names its token endpoint ${metadata.tokenEndpoint ?? '(none)'}, but "${org.name}" sends its credentials to ${tokenUrl}. Nothing was sent. If the issuer's is right, change the token URL (it is confirmed like every destination change); otherwise check the issuer.`,
    );
  }
  const origin = new URL(tokenUrl).origin;
  for (const [what, url] of [
    ['device authorization', metadata.deviceAuthorizationEndpoint],
    ['revocation', metadata.revocationEndpoint],
  ] as const) {
    if (url !== undefined && new URL(url).origin !== origin) {
      throw new TokendeckError('DESTINATION_CHANGE', `The issuer ${metadata.issuer} names its ${what} endpoint on ${new URL(url).origin}, not on the token URL's ${origin}: the client's secret would go there. Nothing was sent; check the issuer.`);
    }
  }
  return metadata;
}

/** The issuer's metadata, pinned to the organization's token URL. */
export async function sessionMetadata(org: Organization, client: Client, signal?: AbortSignal, transport?: Transport): Promise<IssuerMetadata> {
  const issuer = client.oauth2?.issuer;
  if (!issuer) throw new TokendeckError('VALIDATION', `Client "${org.name}/${client.name}" has no issuer to sign in at. Set it (client update … --issuer https://…).`, { field: 'oauth2.issuer' });
  return pinned(org, await discoverIssuer(issuer, { signal, transport }));
}

/** The session's identity from a verified ID token. */
function fromIdToken(claims: IdTokenClaims): SessionIdentity {
  const at = (key: 'issuedAt' | 'expiresAt' | 'authTime') => (claims[key] === undefined ? {} : { [key]: new Date(claims[key]).toISOString() });
  return {
    from: 'id_token',
    subject: claims.sub,
    ...(claims.email ? { email: claims.email } : {}),
    ...(claims.name ? { name: claims.name } : {}),
    ...(claims.preferredUsername ? { preferredUsername: claims.preferredUsername } : {}),
    issuer: claims.issuer,
    audience: claims.audience.slice(0, 10),
    algorithm: claims.algorithm.slice(0, 20),
    ...(claims.keyId ? { keyId: claims.keyId } : {}),
    verifiedWith: claims.verifiedWith,
    ...at('issuedAt'),
    ...at('expiresAt'),
    ...at('authTime'),
  };
}

function fromUserinfo(claims: UserinfoIdentity, issuer: string): SessionIdentity {
  return { from: 'userinfo', subject: claims.sub, issuer, ...(claims.email ? { email: claims.email } : {}), ...(claims.name ? { name: claims.name } : {}), ...(claims.preferredUsername ? { preferredUsername: claims.preferredUsername } : {}) };
}

/** How a session's person is named in lists: email, else name, else username, else the subject. */
export const accountName = (identity: SessionIdentity): string => identity.email ?? identity.name ?? identity.preferredUsername ?? identity.subject;

/**
 * Who signed in: the verified ID token's claims, else the UserInfo endpoint's — asked only when it
 * is on the token URL's or the issuer's origin, since it receives the new access token.
 */
export async function whoSignedIn(org: Organization, metadata: IssuerMetadata, accessToken: string, claims: IdTokenClaims | undefined, signal: AbortSignal | undefined, transport?: Transport): Promise<Pick<SignedIn, 'account' | 'identity'>> {
  let identity: SessionIdentity | undefined = claims && fromIdToken(claims);
  const endpoint = metadata.userinfoEndpoint;
  const trusted = endpoint !== undefined && [new URL(org.tokenUrl!).origin, new URL(metadata.issuer).origin].includes(new URL(endpoint).origin);
  if (!identity && trusted) {
    const answer = await fetchUserinfo(endpoint, accessToken, { signal, transport });
    identity = answer && fromUserinfo(answer, metadata.issuer);
  }
  return identity ? { account: accountName(identity), identity } : {};
}

/** Runs the sign-in the client's grant says, and names who signed in; every request through `transport`. */
export async function signInSession(org: Organization, client: Client, secret: string | undefined, how: SignInHow, transport?: Transport): Promise<SignedIn> {
  const metadata = await sessionMetadata(org, client, how.signal, transport);
  const grant = client.oauth2?.grant;
  const auth = clientAuth(client, secret);
  const scope = sessionScope(client);
  const account = { org: org.name, client: client.name };
  if (grant === 'authorization_code') {
    if (how.kind !== 'browser') throw new TokendeckError('USAGE', `${org.name}/${client.name} signs in in the browser (authorization code); it is not set up for the device flow.`);
    const session = await signInWithBrowser({ metadata, client: auth, scope, openBrowser: how.openBrowser, signal: how.signal, account, transport, ...(scope.split(' ').includes('offline_access') ? { prompt: 'consent' } : {}) });
    const { idTokenClaims, ...tokens } = session;
    return { ...tokens, ...(await whoSignedIn(org, metadata, tokens.accessToken, idTokenClaims, how.signal, transport)) };
  }
  if (grant === 'device_code') {
    if (how.kind !== 'device') throw new TokendeckError('USAGE', `${org.name}/${client.name} signs in with the device flow (a code to enter on another device): use tokendeck login --device.`);
    if (!metadata.deviceAuthorizationEndpoint) throw new TokendeckError('EXCHANGE_PROTOCOL', `The issuer ${metadata.issuer} offers no device authorization endpoint (RFC 8628).`);
    const started = await startDeviceAuthorization({ deviceAuthorizationUrl: metadata.deviceAuthorizationEndpoint, tokenUrl: org.tokenUrl!, client: auth, scope, transport, ...(how.signal ? { signal: how.signal } : {}) });
    how.onCode(started);
    const tokens = await pollDeviceToken(started, { ...(how.signal ? { signal: how.signal } : {}), ...(how.sleep ? { sleep: how.sleep } : {}) });
    const claims = tokens.idToken === undefined ? undefined : await verifyIdToken(tokens.idToken, { issuer: metadata.issuer, clientId: client.clientId, jwksUri: metadata.jwksUri, nonce: undefined, timeoutMs: 30_000, signal: how.signal, transport });
    return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt, ...(tokens.assumedExpiry ? { assumedExpiry: true as const } : {}), scope: tokens.scope ?? scope, ...(await whoSignedIn(org, metadata, tokens.accessToken, claims, how.signal, transport)) };
  }
  throw new TokendeckError('USAGE', `${org.name}/${client.name} uses the client credentials grant: its tokens need no sign-in (tokendeck token ${org.name}/${client.name}).`);
}
