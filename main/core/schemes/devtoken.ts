// MusicAPI Dev Tokens (seed 000): an ES256 JWT with header {typ: "JWT", alg: "ES256", kid} and
// payload {iss: client id, sub?: integration user, iat, exp}, sent as `DevToken <jwt>`.
import { authorizationValue } from '../model.js';
import type { SchemeProducer } from './types.js';

export const DEVTOKEN_DEFAULT_TTL_SECONDS = 14 * 24 * 3600;
/** Servers may reject an iat even slightly ahead of their clock; exp - iat stays the lifetime. */
export const IAT_BACKDATE_SECONDS = 5;

let jose: Promise<typeof import('jose')> | undefined;
/** Loaded on first mint, not at start-up: `tokendeck token` for a cached DevToken never signs. */
const loadJose = () => (jose ??= import('jose'));

export const devToken: SchemeProducer = {
  cached: true,
  cacheKey: ({ sub, ttlSeconds }, kid) => `devtoken|kid=${kid ?? ''}|sub=${sub ?? ''}|ttl=${ttlSeconds}`,
  async produce({ client, sub, ttlSeconds, now, activeKey }) {
    const { kid, privateKey } = await activeKey();
    const { SignJWT } = await loadJose();
    // Seconds, not milliseconds: the seed's example payload shows ms; JWT NumericDates are seconds.
    const iat = Math.floor(now() / 1000) - IAT_BACKDATE_SECONDS;
    const exp = iat + ttlSeconds;
    const jwt = new SignJWT(sub ? { sub } : {})
      .setProtectedHeader({ typ: 'JWT', alg: 'ES256', kid })
      .setIssuer(client.clientId)
      .setIssuedAt(iat)
      .setExpirationTime(exp);
    const token = await jwt.sign(privateKey);
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
