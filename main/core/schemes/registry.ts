// Which producer makes a scheme for an organization: its provider's spec names it
// (providers/*.ts), this table holds the code (ARCHITECTURE.md, Schemes).
import { producerNameOf, type SchemeOwner } from '../providers/registry.js';
import type { Scheme } from '../providers/schemes.js';
import type { ProducerName } from '../providers/spec.js';
import { devToken } from './devtoken.js';
import { musimapBearer } from './musimap.js';
import { oauth2Bearer } from './oauth2.js';
import { exchangedForJwt, signedJwt } from './signed-jwt.js';
import { basicAuth, publicToken } from './static.js';
import type { SchemeProducer } from './types.js';

const PRODUCERS: Partial<Record<ProducerName, SchemeProducer>> = {
  'client-id-token': publicToken,
  basic: basicAuth,
  devtoken: devToken,
  'musimap-bearer': musimapBearer,
  'oauth2-bearer': oauth2Bearer,
  'signed-jwt': signedJwt,
  'exchanged-jwt': exchangedForJwt,
};

export function producerFor(org: SchemeOwner, scheme: Scheme): SchemeProducer {
  const name = producerNameOf(org, scheme);
  const producer = PRODUCERS[name];
  if (!producer) throw new Error(`No producer named ${name}`);
  return producer;
}
