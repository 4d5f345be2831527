// MusicAPI's two credentials that are not made: `Token <client id>` for public endpoints and
// HTTP Basic `base64(<client id>:<secret>)` for private ones (seed 000). Neither is cached:
// a Basic value is the secret itself and stays out of the token cache.
import { authorizationValue } from '../providers/schemes.js';
import type { SchemeProducer } from './types.js';

export const publicToken: SchemeProducer = {
  cached: false,
  cacheKey: () => 'token',
  async produce({ client, now }) {
    return { scheme: 'token', token: client.clientId, authorization: authorizationValue('token', client.clientId), issuedAt: now() };
  },
};

export const basicAuth: SchemeProducer = {
  cached: false,
  cacheKey: () => 'basic',
  async produce({ client, secret, now }) {
    const token = Buffer.from(`${client.clientId}:${await secret()}`, 'utf8').toString('base64');
    return { scheme: 'basic', token, authorization: authorizationValue('basic', token), issuedAt: now() };
  },
};
