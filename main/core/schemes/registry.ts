// Which producer makes a scheme for a provider (ARCHITECTURE.md, Schemes).
import { checkSchemeOffered, type OfferedScheme, type Provider, type Scheme, type SchemeOwner } from '../providers.js';
import { devToken } from './devtoken.js';
import { musimapBearer } from './musimap.js';
import { oauth2Bearer } from './oauth2.js';
import { exchangedForJwt, signedJwt } from './signed-jwt.js';
import { basicAuth, publicToken } from './static.js';
import type { SchemeProducer } from './types.js';

// Typed by the model's table of offered schemes: a provider's row here lists exactly those.
const PRODUCERS: { [P in Provider]: Record<OfferedScheme<P>, SchemeProducer> } = {
  musicapi: { token: publicToken, basic: basicAuth, devtoken: devToken },
  musimap: { bearer: musimapBearer },
  oauth2: { bearer: oauth2Bearer },
  jwt: { jwt: signedJwt, bearer: exchangedForJwt },
};

export function producerFor(org: SchemeOwner, scheme: Scheme): SchemeProducer {
  checkSchemeOffered(org, scheme, 'scheme');
  return (PRODUCERS[org.provider] as Partial<Record<Scheme, SchemeProducer>>)[scheme]!;
}
