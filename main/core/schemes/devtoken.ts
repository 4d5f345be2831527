// MusicAPI Dev Tokens (seed 000): an ES256 JWT with header {typ: "JWT", alg: "ES256", kid} and
// payload {sub?: integration user, iss: client id, iat, exp}, sent as `DevToken <jwt>`.
// It is one signed-JWT profile (jwt-profile.ts), signed by the same code as every other
// (jwt-sign.ts); its header and claims keep the seed's order, byte for byte.
import { jwtParts, type JwtProfile } from '../jwt-profile.js';
import { signJwt } from '../jwt-sign.js';
import { DEVTOKEN_DEFAULT_TTL_SECONDS } from '../providers/musicapi.js';
import { authorizationValue } from '../providers/schemes.js';
import type { SchemeProducer } from './types.js';
/** Servers may reject an iat even slightly ahead of their clock; exp - iat stays the lifetime. */
export const IAT_BACKDATE_SECONDS = 5;

/** The DevToken as a profile: what seed 000 asks, nothing more. */
export const DEVTOKEN_PROFILE: JwtProfile = {
  preset: 'custom',
  alg: 'ES256',
  typ: 'JWT',
  kid: true,
  iss: '{client_id}',
  nbf: false,
  jti: false,
  ttlSeconds: DEVTOKEN_DEFAULT_TTL_SECONDS,
  maxTtlSeconds: 366 * 24 * 3600,
  iatBackdateSeconds: IAT_BACKDATE_SECONDS,
  word: 'DevToken',
  exchange: 'none',
};

export const devToken: SchemeProducer = {
  cached: true,
  cacheKey: ({ sub, ttlSeconds }, kid) => `devtoken|kid=${kid ?? ''}|sub=${sub ?? ''}|ttl=${ttlSeconds}`,
  async produce({ client, sub, ttlSeconds, now, activeKey }) {
    const { kid, privateKey } = await activeKey();
    // Seconds, not milliseconds: the seed's example payload shows ms; JWT NumericDates are seconds.
    const iat = Math.floor(now() / 1000) - IAT_BACKDATE_SECONDS;
    const exp = iat + ttlSeconds;
    const { header, claims } = jwtParts(DEVTOKEN_PROFILE, { clientId: client.clientId, subject: sub }, { iat, exp }, kid, undefined);
    const token = signJwt('ES256', header, claims, privateKey);
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
