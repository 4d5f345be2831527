// Builds compact JWS tokens for tests with node:crypto alone, so the stand-ins are checked against
// tokens no product code (and no JWT library) made. Also the forged kinds a verifier must refuse.
import { constants, createHmac, sign, type KeyObject } from 'node:crypto';
import type { JwsAlgorithm } from '../servers/jwt-verify.js';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs `payload` with `key` under `alg`; the header gets `alg` unless `header` sets it. */
export function signJws(alg: JwsAlgorithm, key: KeyObject, header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const input = `${part({ alg, ...header })}.${part(payload)}`;
  const data = Buffer.from(input);
  let signature: Buffer;
  switch (alg) {
    case 'ES256':
      signature = sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
      break;
    case 'ES384':
      signature = sign('sha384', data, { key, dsaEncoding: 'ieee-p1363' });
      break;
    case 'RS256':
      signature = sign('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING });
      break;
    case 'PS256':
      signature = sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
      break;
    case 'EdDSA':
      signature = sign(null, data, key);
      break;
  }
  return `${input}.${signature.toString('base64url')}`;
}

/** An unsecured JWS (`alg: none`, empty signature). */
export function unsignedJws(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  return `${part({ ...header, alg: 'none' })}.${part(payload)}.`;
}

/** The algorithm-confusion forgery: HS256 keyed with the bytes of the verifier's public key PEM. */
export function hmacWithPublicKeyJws(publicKeyPem: string, header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const input = `${part({ ...header, alg: 'HS256' })}.${part(payload)}`;
  return `${input}.${createHmac('sha256', publicKeyPem).update(input).digest('base64url')}`;
}
