// Signing keys for every algorithm a profile may use: generate EC P-256/P-384 and Ed25519 pairs,
// import a private key PEM (PKCS#8; SEC1 "EC PRIVATE KEY" as `openssl ecparam -genkey` writes it;
// PKCS#1 "RSA PRIVATE KEY" as GitHub's .pem is), refusing, with the reason, one that does not fit
// the algorithm or is weak (key-strength.ts); and describe its public half (SPKI PEM, JWK, RFC 7638 thumbprint).
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { TokendeckError } from './errors.js';
import { canGenerate, type JwtAlgorithm } from './jwt-profile.js';
import { keyMismatch } from './jwt-sign.js';
import { weakKeyProblem } from './key-strength.js';

export interface KeyMaterial {
  /** PKCS#8 PEM: in main's memory only. */
  privateKeyPem: string;
  /** What the keychain holds (see keychainValue): goes there and nowhere else. */
  keychainValue: string;
  /** SPKI PEM, as the vendor's dashboard expects it. */
  publicKeyPem: string;
  /** RFC 7638 SHA-256 thumbprint of the public JWK. */
  thumbprint: string;
}

/** A 4096-bit RSA key is ~3.3 KB of PEM; this leaves room for 8192 bits and refuses a pasted novel. */
const MAX_PEM_CHARS = 16_384;

function badKey(message: string): TokendeckError {
  return new TokendeckError('BAD_KEY', message);
}

/** The public half as it is stored: SPKI PEM and its RFC 7638 thumbprint. */
async function publicHalf(publicKey: KeyObject): Promise<Omit<KeyMaterial, 'privateKeyPem' | 'keychainValue'>> {
  // Loaded when needed: most CLI runs never touch a key.
  const { calculateJwkThumbprint } = await import('jose');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    thumbprint: await calculateJwkThumbprint(publicKey.export({ format: 'jwk' }) as JWK, 'sha256'),
  };
}

async function describe(privateKey: KeyObject): Promise<KeyMaterial> {
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    keychainValue: keychainValue(privateKey),
    ...(await publicHalf(createPublicKey(privateKey))),
  };
}

// ---- how a private key is kept in the keychain -----------------------------------------------
//
// A keychain item holds at most 1,280 characters (keychain.ts: Windows Credential Manager's limit,
// so a vault stays portable). EC and Ed25519 keys are kept as PKCS#8 PEM (240 characters at most).
// An RSA key's PEM is 1.7 KB at 2048 bits, so it is kept as its public exponent and two primes,
// from which the rest of the key is computed (RFC 8017 §3.2): 700 characters at 4096 bits.

const RSA_FORM = 'tokendeck-rsa-v1:';
/** Larger RSA keys would not fit one keychain item even as primes. */
export const MAX_RSA_BITS = 4096;

const toBigInt = (b64: string) => BigInt(`0x${Buffer.from(b64, 'base64url').toString('hex') || '0'}`);
function toBase64url(value: bigint): string {
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex').toString('base64url');
}
function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw badKey('This RSA key is damaged (its exponent has no inverse). Import it again.');
  return ((oldS % m) + m) % m;
}

/** The keychain's form of a private key. */
export function keychainValue(privateKey: KeyObject): string {
  if (privateKey.asymmetricKeyType !== 'rsa') return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const jwk = privateKey.export({ format: 'jwk' });
  return `${RSA_FORM}${jwk.e}.${jwk.p}.${jwk.q}`;
}

/** The PKCS#8 PEM of what the keychain holds (either form). */
export function pemFromKeychain(stored: string): string {
  if (!stored.startsWith(RSA_FORM)) return stored;
  const [e, p, q] = stored.slice(RSA_FORM.length).split('.').map(toBigInt) as [bigint, bigint, bigint];
  // d modulo λ(n) = lcm(p − 1, q − 1), as OpenSSL computes it: the key comes back bit for bit.
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
  const d = modInverse(e, ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n));
  const jwk = { kty: 'RSA', n: toBase64url(p * q), e: toBase64url(e), d: toBase64url(d), p: toBase64url(p), q: toBase64url(q), dp: toBase64url(d % (p - 1n)), dq: toBase64url(d % (q - 1n)), qi: toBase64url(modInverse(q, p)) };
  return createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** The public half as a JWK (RFC 7517) with its `alg` and `use`, for a JWKS or a dashboard. */
export function publicJwk(publicKeyPem: string, alg: JwtAlgorithm, kid?: string): Record<string, string> {
  const jwk = createPublicKey(publicKeyPem).export({ format: 'jwk' }) as Record<string, string>;
  return { ...jwk, ...(kid ? { kid } : {}), alg, use: 'sig' };
}

/** The openssl line that makes a key for `alg`, for messages. */
const OPENSSL_FOR: Record<JwtAlgorithm, string> = {
  ES256: 'openssl ecparam -name prime256v1 -genkey -noout -out private.ec.key',
  ES384: 'openssl ecparam -name secp384r1 -genkey -noout -out private.ec.key',
  RS256: 'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out private.pem',
  PS256: 'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out private.pem',
  EdDSA: 'openssl genpkey -algorithm ed25519 -out private.pem',
};

/**
 * A new pair for `alg`. RSA keys are imported, not generated: GitHub makes its apps' keys, and
 * an OAuth 2.0 server that wants RS256 or PS256 takes whichever RSA key is registered with it.
 */
export function generateSigningKey(alg: JwtAlgorithm = 'ES256'): Promise<KeyMaterial> {
  if (!canGenerate(alg)) {
    throw badKey(`Tokendeck generates EC and Ed25519 keys; ${alg} needs an RSA key. Import the one the vendor gave you (GitHub: "Generate a private key" on the app's page), or make one with \`${OPENSSL_FOR[alg]}\` and import it.`);
  }
  switch (alg) {
    case 'ES256':
      return describe(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    case 'ES384':
      return describe(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey);
    case 'EdDSA':
      return describe(generateKeyPairSync('ed25519').privateKey);
  }
}

/** Reasons a PEM is refused are told apart before parsing so each gets its own remedy. */
function refuseByHeader(pem: string, alg: JwtAlgorithm): void {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem) || /Proc-Type:\s*4,ENCRYPTED/.test(pem)) {
    throw badKey(
      'This private key is encrypted with a passphrase. Decrypt it first (openssl pkcs8 -topk8 -nocrypt -in key.pem -out plain.pem) and import plain.pem; Tokendeck protects it with the OS keychain instead.',
    );
  }
  if (/-----BEGIN (RSA |EC )?PUBLIC KEY-----/.test(pem) || /-----BEGIN CERTIFICATE-----/.test(pem)) {
    throw badKey(`This is a public key, but signing needs the private key. Import the private key file (e.g. private.pem from \`${OPENSSL_FOR[alg]}\`).`);
  }
  if (!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(pem)) {
    throw badKey('This is not a PEM private key. Expected a file starting with "-----BEGIN PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----" (an Apple .p8 file is the first kind).');
  }
}

/** Who signs with `alg`, for "MusicAPI DevTokens are signed with ES256"-style messages. */
const SIGNER: Partial<Record<JwtAlgorithm, string>> = { ES256: 'ES256 tokens (MusicAPI DevTokens, Apple)' };

export async function importSigningKey(pem: string, alg: JwtAlgorithm = 'ES256'): Promise<KeyMaterial> {
  if (pem.length > MAX_PEM_CHARS) throw badKey('This file is far too large to be a private key PEM.');
  refuseByHeader(pem, alg);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // OpenSSL's message may quote the input, so it is not passed on.
    throw badKey('This PEM could not be read as a private key: it is damaged or incomplete. Export it again and retry.');
  }
  const mismatch = keyMismatch(key, alg);
  if (!mismatch && key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) > MAX_RSA_BITS) {
    throw badKey(`This RSA key has ${key.asymmetricKeyDetails?.modulusLength} bits; Tokendeck keeps RSA keys of up to ${MAX_RSA_BITS} bits (the keychain holds 1,280 characters). Use a 2048-, 3072- or 4096-bit key. Nothing was stored.`);
  }
  if (mismatch) {
    const signer = SIGNER[alg] ?? `${alg} tokens`;
    throw badKey(`This key does not fit: ${mismatch}. ${signer} need such a key: generate one (\`tokendeck key generate\`) or make one with \`${OPENSSL_FOR[alg]}\`. Nothing was stored.`);
  }
  const weak = weakKeyProblem(key);
  if (weak) throw badKey(`This key is refused: ${weak}. Use a key made by the vendor or by \`${OPENSSL_FOR[alg]}\`. Nothing was stored.`);
  return describe(key);
}

/** The public half alone (a shared setup): checked to be an SPKI PEM that fits `alg`, with its thumbprint. */
export async function describePublicKey(pem: string, alg: JwtAlgorithm = 'ES256'): Promise<Omit<KeyMaterial, 'privateKeyPem' | 'keychainValue'>> {
  let key: KeyObject;
  try {
    if (pem.length > MAX_PEM_CHARS || !pem.includes('-----BEGIN PUBLIC KEY-----')) throw new Error('not SPKI');
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw badKey('This is not a PEM public key ("-----BEGIN PUBLIC KEY-----").');
  }
  const mismatch = keyMismatch(key, alg);
  if (mismatch) throw badKey(`This public key does not fit: ${mismatch}.`);
  const weak = weakKeyProblem(key);
  if (weak) throw badKey(`This public key is refused: ${weak}.`);
  return publicHalf(key);
}
