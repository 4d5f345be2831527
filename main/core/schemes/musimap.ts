// Musimap access tokens (seed 002): POST {client_id, client_secret} as JSON to the token URL;
// the answer is an envelope {status, timestamp, data: {id, token, issued_at, expires_at,
// organization_id, ...}} whose times are in MILLISECONDS, unlike JWT NumericDates. 7,200 s life.
import { TokendeckError } from '../errors.js';
import { postToTokenEndpoint } from '../http/token-endpoint.js';
import { checkExpiry, checkIssuedAt } from './expiry.js';
import { checkServerToken } from './server-token.js';
import { authorizationValue } from '../providers/schemes.js';
import type { SchemeProducer } from './types.js';

function protocol(message: string): TokendeckError {
  return new TokendeckError('EXCHANGE_PROTOCOL', `The Musimap token answer ${message}. Check the token URL points at Musimap's token endpoint.`);
}

export const musimapBearer: SchemeProducer = {
  cached: true,
  cacheKey: () => 'bearer',
  async produce({ org, client, secret, timeoutMs, now, transport }) {
    const clientSecret = await secret();
    const answer = await postToTokenEndpoint({
      url: org.tokenUrl!,
      client: { org: org.name, client: client.name },
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: client.clientId, client_secret: clientSecret }),
      timeoutMs,
      secrets: { values: [clientSecret], clientId: client.clientId },
      transport: await transport(),
    });
    const data = (answer as { data?: unknown } | null)?.data;
    if (!data || typeof data !== 'object') throw protocol('has no "data" envelope');
    const { token, issued_at, expires_at, id, organization_id } = data as Record<string, unknown>;
    if (typeof token !== 'string' || token.length === 0) throw protocol('lacks data.token');
    if (expires_at === undefined || expires_at === null) throw protocol('lacks data.expires_at');
    if (typeof expires_at !== 'number') throw protocol(`has data.expires_at as ${typeof expires_at}, not a number of milliseconds`);
    if (issued_at !== undefined && issued_at !== null && typeof issued_at !== 'number') throw protocol('has data.issued_at that is not a number');
    checkServerToken(token, 'data.token');
    const expiresAt = checkExpiry(expires_at, now(), 'data.expires_at', 'milliseconds');
    const issuedAt = typeof issued_at === 'number' ? checkIssuedAt(issued_at, expiresAt, now(), 'data.issued_at', 'milliseconds') : now();
    return {
      scheme: 'bearer',
      token,
      authorization: authorizationValue('bearer', token),
      issuedAt,
      expiresAt,
      vendor: {
        ...(typeof id === 'string' ? { tokenId: id } : {}),
        ...(typeof organization_id === 'string' ? { organizationId: organization_id } : {}),
      },
    };
  },
};
