// Which producer makes a scheme for an organization: its provider's spec names it
// (providers/*.ts), this table holds the code (ARCHITECTURE.md, Schemes).
import { producerNameOf, type SchemeOwner } from '../providers/registry.js';
import type { Scheme } from '../providers/schemes.js';
import type { ProducerName } from '../providers/spec.js';
import { apiKeyProducer } from './api-key.js';
import { devToken } from './devtoken.js';
import { musimapBearer } from './musimap.js';
import { oauth2Bearer } from './oauth2.js';
import { exchangedForJwt, signedJwt } from './signed-jwt.js';
import { basicAuth, publicToken } from './static.js';
import type { SchemeProducer } from './types.js';

const PRODUCERS: Record<ProducerName, SchemeProducer> = {
  'client-id-token': publicToken,
  basic: basicAuth,
  devtoken: devToken,
  'musimap-bearer': musimapBearer,
  'oauth2-bearer': oauth2Bearer,
  'signed-jwt': signedJwt,
  'exchanged-jwt': exchangedForJwt,
  'api-key': apiKeyProducer,
};

export function producerFor(org: SchemeOwner, scheme: Scheme): SchemeProducer {
  return PRODUCERS[producerNameOf(org, scheme)];
}
