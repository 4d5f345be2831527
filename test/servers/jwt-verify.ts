// The stand-ins' own JWS check (RFC 7515 compact form, RFC 7518 algorithms), written with
// node:crypto alone so that a stand-in never shares a JWT library with the code it judges.
// It answers a reason, never the token: the stand-ins put reasons in their error bodies.
import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';

export type JwsAlgorithm = 'ES256' | 'ES384' | 'RS256' | 'PS256' | 'EdDSA';

export type JwtClaims = Record<string, unknown>;

export type JwtVerdict = { ok: true; header: JwtClaims; payload: JwtClaims } | { ok: false; reason: string };

/** Clock skew the stand-ins forgive on iat, nbf and the like, in seconds. */
export const CLOCK_SKEW = 60;
/**
 * The smaller skew on an upper bound of exp ("at most N seconds ahead"): with CLOCK_SKEW there, a
 * token under the lifetime bound could never break it (iat itself may only be CLOCK_SKEW ahead).
 */
export const EXP_AHEAD_SKEW = 5;

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Decodes one base64url part, refusing padding, other alphabets and non-canonical trailing bits. */
function decodePart(part: string): Buffer | undefined {
  if (!BASE64URL.test(part)) return undefined;
  const bytes = Buffer.from(part, 'base64url');
  return bytes.toString('base64url') === part ? bytes : undefined;
}

function jsonObject(bytes: Buffer): JwtClaims | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JwtClaims) : undefined;
  } catch {
    return undefined;
  }
}

export interface DecodedJws {
  header: JwtClaims;
  payload: JwtClaims;
  signingInput: string;
  signature: Buffer;
}

/** Splits a compact JWS without trusting it: three base64url parts, header and payload JSON objects. */
export function decodeCompactJws(token: string): DecodedJws | string {
  const parts = token.split('.');
  if (parts.length !== 3) return 'not a compact JWS (three dot-separated parts)';
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const headerBytes = decodePart(headerPart);
  const payloadBytes = decodePart(payloadPart);
  const signature = decodePart(signaturePart);
  if (!headerBytes || !payloadBytes || !signature) return 'a part is not base64url';
  const header = jsonObject(headerBytes);
  const payload = jsonObject(payloadBytes);
  if (!header || !payload) return 'header and payload must be JSON objects';
  return { header, payload, signingInput: `${headerPart}.${payloadPart}`, signature };
}

/** What each algorithm asks of the key (RFC 7518 §3.3: RSA keys of 2048 bits or more; §3.4: the curve fixes the hash). */
function keyProblem(alg: JwsAlgorithm, key: KeyObject): string | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  switch (alg) {
    case 'ES256':
      return key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1' ? undefined : 'ES256 needs a P-256 key';
    case 'ES384':
      return key.asymmetricKeyType === 'ec' && details.namedCurve === 'secp384r1' ? undefined : 'ES384 needs a P-384 key';
    case 'RS256':
    case 'PS256':
      if (key.asymmetricKeyType !== 'rsa') return `${alg} needs an RSA key`;
      return (details.modulusLength ?? 0) >= 2048 ? undefined : `${alg} needs an RSA key of 2048 bits or more`;
    case 'EdDSA':
      return key.asymmetricKeyType === 'ed25519' ? undefined : 'EdDSA needs an Ed25519 key';
  }
}

function signatureHolds(alg: JwsAlgorithm, key: KeyObject, input: Buffer, signature: Buffer): boolean {
  switch (alg) {
    // RFC 7518 §3.4: JWS carries ECDSA signatures as R‖S (IEEE P1363), not DER.
    case 'ES256':
      return signature.length === 64 && verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, signature);
    case 'ES384':
      return signature.length === 96 && verify('sha384', input, { key, dsaEncoding: 'ieee-p1363' }, signature);
    case 'RS256':
      return verify('sha256', input, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
    // RFC 7518 §3.5: PSS with MGF1 on the same hash and a salt as long as the hash (32 bytes).
    case 'PS256':
      return verify('sha256', input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
    // RFC 8037 §3.1: Ed25519 signs the input itself; node:crypto takes no digest for it.
    case 'EdDSA':
      return verify(null, input, key, signature);
  }
}

/**
 * Verifies a compact JWS: its `alg` must be one of `allowed` (never `none`, never HS*, whatever
 * the header says), `keyFor` picks the public key from the header (by `kid`, or the one key).
 */
export function verifyCompactJws(token: string, allowed: readonly JwsAlgorithm[], keyFor: (header: JwtClaims) => string | KeyObject | undefined): JwtVerdict {
  const decoded = decodeCompactJws(token);
  if (typeof decoded === 'string') return { ok: false, reason: decoded };
  const alg = decoded.header.alg;
  if (typeof alg !== 'string' || !(allowed as readonly string[]).includes(alg)) return { ok: false, reason: `alg must be one of ${allowed.join(', ')}` };
  const found = keyFor(decoded.header);
  if (!found) return { ok: false, reason: 'no registered key for this token' };
  let key: KeyObject;
  try {
    key = typeof found === 'string' ? createPublicKey(found) : found;
  } catch {
    return { ok: false, reason: 'the registered key is not a public key' };
  }
  const problem = keyProblem(alg as JwsAlgorithm, key);
  if (problem) return { ok: false, reason: problem };
  let holds: boolean;
  try {
    holds = signatureHolds(alg as JwsAlgorithm, key, Buffer.from(decoded.signingInput), decoded.signature);
  } catch {
    holds = false;
  }
  return holds ? { ok: true, header: decoded.header, payload: decoded.payload } : { ok: false, reason: 'signature does not verify' };
}

/**
 * Why a NumericDate claim is unfit (RFC 7519 §2: seconds since the epoch), or undefined when it
 * is fit. Values above 1e10 are milliseconds by mistake (1e10 s is the year 2286).
 */
export function numericDateProblem(payload: JwtClaims, claim: string, required: boolean): string | undefined {
  const value = payload[claim];
  if (value === undefined) return required ? `${claim} is required` : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${claim} must be a NumericDate (a number of seconds)`;
  if (value > 1e10) return `${claim} looks like milliseconds; NumericDates are seconds`;
  return undefined;
}

/** The Bearer credential of a request, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer ([^\s]+)$/.exec(authorization ?? '');
  return match?.[1];
}
