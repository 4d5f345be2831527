// An OpenID Connect ID token, verified before any claim of it is believed (OIDC Core §3.1.3.7):
// signed by a key of the issuer's JWKS (fetched by the rules of fetch-json.ts: no redirect, a
// cap, a timeout), with RS256, ES256, PS256 or EdDSA only (never `none`, never an HMAC keyed with
// a secret the server shares); iss the issuer, aud holding the client id (azp the client id when
// several audiences), the nonce sent, exp and iat with a minute of leeway for clocks.
import type { JWTPayload } from 'jose';
import { TokendeckError } from '../errors.js';
import { checkServerToken } from '../schemes/server-token.js';
import type { Transport } from '../http/transport.js';
import { fetchJson } from './fetch-json.js';
import { shownClaim as shown } from './userinfo.js';

/** A key set is a few KB; a hostile server could send gigabytes. */
export const MAX_JWKS_BYTES = 256 * 1024;
export const ID_TOKEN_ALGORITHMS = ['RS256', 'ES256', 'PS256', 'EdDSA', 'Ed25519'];
const LEEWAY_SECONDS = 60;

export interface IdTokenClaims {
  sub: string;
  issuer: string;
  audience: string[];
  /** The JWS header's: which of the issuer's keys signed it, and how. */
  algorithm: string;
  keyId?: string;
  /** The key set it was verified with. */
  verifiedWith: string;
  /** When the person last authenticated (OIDC Core §2 auth_time), milliseconds since the epoch. */
  authTime?: number;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  preferredUsername?: string;
  /** Milliseconds since the epoch. */
  issuedAt: number;
  expiresAt: number;
}

export interface IdTokenCheck {
  issuer: string;
  clientId: string;
  jwksUri: string | undefined;
  /** The nonce sent in the authorization request; undefined when none was sent. */
  nonce: string | undefined;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** The organization's proxy and CA, for the JWKS; the environment's when not given. */
  transport?: Transport | undefined;
}

function refused(why: string): TokendeckError {
  return new TokendeckError('EXCHANGE_PROTOCOL', `The ID token was refused: ${why}. No session was kept; sign in again, and if it repeats, check the issuer and client id.`);
}

/** jose's refusal, in words: which check failed, never the token. */
function joseRefusal(error: unknown, issuer: string): TokendeckError {
  const { code, claim } = (error ?? {}) as { code?: string; claim?: string };
  switch (code) {
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'iss') return refused(`it was issued by another issuer than ${issuer} (a mix-up or a forged token)`);
      if (claim === 'aud') return refused('it was issued to another client (its aud is not this client id)');
      if (claim === 'iat' || claim === 'nbf') return refused(`its ${claim} is in the future; check this machine's clock`);
      return refused(`its ${claim ?? 'claims'} claim is missing or wrong`);
    case 'ERR_JWT_EXPIRED':
      return refused("it has expired; check this machine's clock");
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return refused(`it is signed with an algorithm other than ${ID_TOKEN_ALGORITHMS.join(', ')}`);
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return refused("no key of the issuer's JWKS matches its signature");
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return refused("its signature does not verify with the issuer's key");
    default:
      return refused('it is not a well-formed signed JWT');
  }
}


async function issuerKeys(check: IdTokenCheck) {
  if (!check.jwksUri) throw refused("the issuer's metadata names no jwks_uri to check it with");
  const { status, json } = await fetchJson({ url: check.jwksUri, what: "the issuer's key set (JWKS)", maxBytes: MAX_JWKS_BYTES, timeoutMs: check.timeoutMs, signal: check.signal, transport: check.transport });
  const keys = (json as { keys?: unknown } | undefined)?.keys;
  if (!Array.isArray(keys)) throw refused(`the issuer's JWKS at ${check.jwksUri} ${json === undefined ? `answered HTTP ${status}` : 'is not a key set'}`);
  const { createLocalJWKSet } = await import('jose');
  try {
    return createLocalJWKSet({ keys });
  } catch {
    throw refused(`the issuer's JWKS at ${check.jwksUri} is not a valid key set`);
  }
}

export async function verifyIdToken(idToken: unknown, check: IdTokenCheck): Promise<IdTokenClaims> {
  if (typeof idToken !== 'string') throw refused('it is not a string');
  checkServerToken(idToken, 'id_token');
  const keys = await issuerKeys(check);
  const { jwtVerify } = await import('jose');
  let payload: JWTPayload;
  let header: { alg?: string; kid?: string };
  try {
    ({ payload, protectedHeader: header } = await jwtVerify(idToken, keys, {
      issuer: check.issuer,
      audience: check.clientId,
      algorithms: ID_TOKEN_ALGORITHMS,
      clockTolerance: LEEWAY_SECONDS,
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
    }));
  } catch (error) {
    throw joseRefusal(error, check.issuer);
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== check.clientId) {
    throw refused('it names several audiences and its azp is not this client id');
  }
  if (check.nonce !== undefined && payload.nonce !== check.nonce) throw refused('its nonce is not the one this sign-in sent (a replayed or injected token)');
  const sub = shown(payload.sub, 255);
  if (!sub) throw refused('its sub is not a short printable identifier');
  const email = shown(payload.email);
  const name = shown(payload.name);
  const preferredUsername = shown(payload.preferred_username);
  const keyId = shown(header.kid, 200);
  return {
    sub,
    issuer: check.issuer,
    audience: audiences.filter((audience): audience is string => shown(audience, 255) !== undefined),
    algorithm: header.alg ?? '',
    ...(keyId ? { keyId } : {}),
    verifiedWith: check.jwksUri!,
    ...(typeof payload.auth_time === 'number' && Number.isFinite(payload.auth_time) ? { authTime: payload.auth_time * 1000 } : {}),
    ...(email ? { email } : {}),
    ...(typeof payload.email_verified === 'boolean' ? { emailVerified: payload.email_verified } : {}),
    ...(name ? { name } : {}),
    ...(preferredUsername ? { preferredUsername } : {}),
    issuedAt: payload.iat! * 1000,
    expiresAt: payload.exp! * 1000,
  };
}
