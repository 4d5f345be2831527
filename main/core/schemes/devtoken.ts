// MusicAPI Dev Tokens (seed 000): an ES256 JWT with header {typ: "JWT", alg: "ES256", kid} and
// payload {sub?: integration user, iss: client id, iat, exp}, sent as `DevToken <jwt>`.
// Signed with node:crypto itself (RFC 7515 §3.1, RFC 7518 §3.4): one synchronous call, where
// jose's WebCrypto path hops through the thread pool (the tail of a warm mint) and costs a
// 100 KB module at start-up.
import { sign } from 'node:crypto';
import { authorizationValue } from '../providers.js';
import type { SchemeProducer } from './types.js';

export const DEVTOKEN_DEFAULT_TTL_SECONDS = 14 * 24 * 3600;
/** Servers may reject an iat even slightly ahead of their clock; exp - iat stays the lifetime. */
export const IAT_BACKDATE_SECONDS = 5;

const base64url = (value: object) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export const devToken: SchemeProducer = {
  cached: true,
  cacheKey: ({ sub, ttlSeconds }, kid) => `devtoken|kid=${kid ?? ''}|sub=${sub ?? ''}|ttl=${ttlSeconds}`,
  async produce({ client, sub, ttlSeconds, now, activeKey }) {
    const { kid, privateKey } = await activeKey();
    // Seconds, not milliseconds: the seed's example payload shows ms; JWT NumericDates are seconds.
    const iat = Math.floor(now() / 1000) - IAT_BACKDATE_SECONDS;
    const exp = iat + ttlSeconds;
    const signingInput = `${base64url({ typ: 'JWT', alg: 'ES256', kid })}.${base64url({ ...(sub ? { sub } : {}), iss: client.clientId, iat, exp })}`;
    // JWS wants the raw r || s (64 bytes), not DER.
    const signature = sign('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    const token = `${signingInput}.${signature.toString('base64url')}`;
    return {
      scheme: 'devtoken',
      token,
      authorization: authorizationValue('devtoken', token),
      issuedAt: iat * 1000,
      expiresAt: exp * 1000,
      kid,
      ...(sub ? { sub } : {}),
    };
  },
};
