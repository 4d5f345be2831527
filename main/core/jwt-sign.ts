// Signs a JWT (RFC 7515 compact serialization) with node:crypto, for every algorithm a profile may
// ask (RFC 7518 §3.3-3.5, RFC 8037 §3.1): one synchronous call, no WebCrypto hop through the
// thread pool, no 100 KB module at start-up (why the DevToken moved off jose: issue 16).
import { randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { constants } from 'node:crypto';
import { TokendeckError } from './errors.js';
import { weakPublicExponent } from './key-strength.js';
import type { JwtAlgorithm } from './jwt-profile.js';

const base64url = (value: object) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** What each algorithm needs of a key, in words a refusal can quote. */
const KEY_NEEDS: Record<JwtAlgorithm, { type: string; curve?: string; words: string }> = {
  ES256: { type: 'ec', curve: 'prime256v1', words: 'an EC key on the P-256 (prime256v1) curve' },
  ES384: { type: 'ec', curve: 'secp384r1', words: 'an EC key on the P-384 (secp384r1) curve' },
  RS256: { type: 'rsa', words: 'an RSA key of at least 2048 bits' },
  PS256: { type: 'rsa', words: 'an RSA key of at least 2048 bits' },
  EdDSA: { type: 'ed25519', words: 'an Ed25519 key' },
};

export const MIN_RSA_BITS = 2048;

const CURVE_NAMES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp256k1: 'secp256k1' };

/** How a key is described to a user, before the word "key": "EC P-384 (secp384r1 curve)", "RSA", "Ed25519". */
export function keyKind(key: KeyObject): string {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec') {
    const curve = details?.namedCurve ?? 'unknown';
    return `EC ${CURVE_NAMES[curve] ?? curve} (${curve} curve)`;
  }
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') return 'RSA';
  if (key.asymmetricKeyType === 'ed25519') return 'Ed25519';
  return String(key.asymmetricKeyType ?? 'unknown').toUpperCase();
}

/** Why the key cannot sign with `alg`, or undefined. Works for a private or a public key. */
export function keyMismatch(key: KeyObject, alg: JwtAlgorithm): string | undefined {
  const needs = KEY_NEEDS[alg];
  const type = key.asymmetricKeyType;
  const fits = type === needs.type && (needs.curve === undefined || key.asymmetricKeyDetails?.namedCurve === needs.curve);
  if (!fits) {
    const bits = type === 'rsa' ? ` of ${key.asymmetricKeyDetails?.modulusLength ?? '?'} bits` : '';
    return `this is ${/^[AEIOR]/.test(keyKind(key)) ? 'an' : 'a'} ${keyKind(key)} key${bits}, but ${alg} needs ${needs.words}`;
  }
  if (type === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
    return `this RSA key has ${key.asymmetricKeyDetails?.modulusLength ?? '?'} bits; ${alg} keys must have at least ${MIN_RSA_BITS} (RFC 7518 §3.3)`;
  }
  return undefined;
}

/** The signature over `signingInput`, in the form JWS wants for `alg`. */
function signature(alg: JwtAlgorithm, signingInput: Buffer, key: KeyObject): Buffer {
  switch (alg) {
    case 'ES256':
      // JWS wants the raw r || s (RFC 7518 §3.4), not DER.
      return sign('sha256', signingInput, { key, dsaEncoding: 'ieee-p1363' });
    case 'ES384':
      return sign('sha384', signingInput, { key, dsaEncoding: 'ieee-p1363' });
    case 'RS256':
      return sign('sha256', signingInput, { key, padding: constants.RSA_PKCS1_PADDING });
    case 'PS256':
      // RFC 7518 §3.5: MGF1 with SHA-256 and a salt as long as the hash.
      return sign('sha256', signingInput, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    case 'EdDSA':
      return sign(null, signingInput, key);
  }
}

/** Whether `signature` is `alg`'s over `signingInput` by `publicKey` (false for a key of another kind, or a weak one). */
export function verifySignature(alg: JwtAlgorithm, signingInput: string, signatureBytes: Buffer, publicKey: KeyObject): boolean {
  // A weak RSA exponent (e = 1 makes "signatures" anyone can compute) proves nothing: not valid.
  if (keyMismatch(publicKey, alg) || weakPublicExponent(publicKey)) return false;
  const data = Buffer.from(signingInput);
  switch (alg) {
    case 'ES256':
      return verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signatureBytes);
    case 'ES384':
      return verify('sha384', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signatureBytes);
    case 'RS256':
      return verify('sha256', data, { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signatureBytes);
    case 'PS256':
      return verify('sha256', data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signatureBytes);
    case 'EdDSA':
      return verify(null, data, publicKey, signatureBytes);
  }
}

/** A compact JWS of `header` and `claims`, their keys in the order given. */
export function signJwt(alg: JwtAlgorithm, header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject): string {
  const mismatch = keyMismatch(key, alg) ?? weakPublicExponent(key);
  if (mismatch) throw new TokendeckError('BAD_KEY', `The active key cannot sign this profile's tokens: ${mismatch}. Import or generate a key that fits.`);
  const signingInput = `${base64url(header)}.${base64url(claims)}`;
  return `${signingInput}.${signature(alg, Buffer.from(signingInput), key).toString('base64url')}`;
}

/** A fresh `jti` (RFC 7519 §4.1.7): random, so two tokens never share one. */
export const freshJti = (): string => randomUUID();
