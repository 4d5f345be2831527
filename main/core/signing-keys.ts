// ES256 signing keys: generate a P-256 pair, import a private key PEM (PKCS#8 or the SEC1
// "EC PRIVATE KEY" that `openssl ecparam -genkey` writes), and describe its public half.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { TokendeckError } from './errors.js';

export interface KeyMaterial {
  /** PKCS#8 PEM: goes to the keychain and nowhere else. */
  privateKeyPem: string;
  /** SPKI PEM, as the vendor's dashboard expects it. */
  publicKeyPem: string;
  /** RFC 7638 SHA-256 thumbprint of the public JWK. */
  thumbprint: string;
}

const MAX_PEM_CHARS = 16_384;

function badKey(message: string): TokendeckError {
  return new TokendeckError('BAD_KEY', message);
}

async function describe(privateKey: KeyObject): Promise<KeyMaterial> {
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  // Loaded when needed: most CLI runs never touch a key.
  const { calculateJwkThumbprint } = await import('jose');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    thumbprint: await calculateJwkThumbprint(jwk, 'sha256'),
  };
}

export function generateSigningKey(): Promise<KeyMaterial> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return describe(privateKey);
}

/** Reasons a PEM is refused are told apart before parsing so each gets its own remedy. */
function refuseByHeader(pem: string): void {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem) || /Proc-Type:\s*4,ENCRYPTED/.test(pem)) {
    throw badKey(
      'This private key is encrypted with a passphrase. Decrypt it first (openssl pkcs8 -topk8 -nocrypt -in key.pem -out plain.pem) and import plain.pem; Tokendeck protects it with the OS keychain instead.',
    );
  }
  if (/-----BEGIN (RSA |EC )?PUBLIC KEY-----/.test(pem) || /-----BEGIN CERTIFICATE-----/.test(pem)) {
    throw badKey(
      'This is a public key, but signing needs the private key. Import the private key file (e.g. private.ec.key from `openssl ecparam -name prime256v1 -genkey -noout -out private.ec.key`).',
    );
  }
  if (/-----BEGIN RSA PRIVATE KEY-----/.test(pem)) {
    throw badKey('This is an RSA key. MusicAPI DevTokens are signed with ES256, which needs an EC key on the P-256 (prime256v1) curve.');
  }
  if (!/-----BEGIN (EC )?PRIVATE KEY-----/.test(pem)) {
    throw badKey('This is not a PEM private key. Expected a file starting with "-----BEGIN PRIVATE KEY-----" or "-----BEGIN EC PRIVATE KEY-----".');
  }
}

export async function importSigningKey(pem: string): Promise<KeyMaterial> {
  if (pem.length > MAX_PEM_CHARS) throw badKey('This file is far too large to be a P-256 private key PEM.');
  refuseByHeader(pem);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // OpenSSL's message may quote the input, so it is not passed on.
    throw badKey('This PEM could not be read as a private key: it is damaged or incomplete. Export it again and retry.');
  }
  if (key.asymmetricKeyType !== 'ec') {
    throw badKey(
      `This is an ${String(key.asymmetricKeyType).toUpperCase()} key. MusicAPI DevTokens are signed with ES256, which needs an EC key on the P-256 (prime256v1) curve.`,
    );
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve !== 'prime256v1') {
    throw badKey(
      `This EC key is on the ${curve ?? 'unknown'} curve. ES256 needs P-256: generate one with \`openssl ecparam -name prime256v1 -genkey -noout -out private.ec.key\` or \`tokendeck key generate\`.`,
    );
  }
  return describe(key);
}

/** The public half alone (a shared setup): checked to be a P-256 SPKI PEM, with its thumbprint. */
export async function describePublicKey(pem: string): Promise<Omit<KeyMaterial, 'privateKeyPem'>> {
  let key: KeyObject;
  try {
    if (pem.length > MAX_PEM_CHARS || !pem.includes('-----BEGIN PUBLIC KEY-----')) throw new Error('not SPKI');
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw badKey('This is not a PEM public key ("-----BEGIN PUBLIC KEY-----").');
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw badKey('This public key is not on the P-256 (prime256v1) curve that ES256 uses.');
  }
  const { calculateJwkThumbprint } = await import('jose');
  return {
    publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(),
    thumbprint: await calculateJwkThumbprint(key.export({ format: 'jwk' }) as JWK, 'sha256'),
  };
}
