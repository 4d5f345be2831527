// Which producer makes a scheme for a provider (ARCHITECTURE.md, Schemes).
import { TokendeckError } from '../errors.js';
import { SCHEMES_BY_PROVIDER, type Provider, type Scheme } from '../model.js';
import { devToken } from './devtoken.js';
import { musimapBearer } from './musimap.js';
import { oauth2Bearer } from './oauth2.js';
import { basicAuth, publicToken } from './static.js';
import type { SchemeProducer } from './types.js';

const PRODUCERS: Record<Provider, Partial<Record<Scheme, SchemeProducer>>> = {
  musicapi: { token: publicToken, basic: basicAuth, devtoken: devToken },
  musimap: { bearer: musimapBearer },
  oauth2: { bearer: oauth2Bearer },
};

export function producerFor(provider: Provider, scheme: Scheme): SchemeProducer {
  const producer = PRODUCERS[provider][scheme];
  if (!producer) {
    throw new TokendeckError('VALIDATION', `Invalid scheme: a ${provider} client uses ${SCHEMES_BY_PROVIDER[provider].join(' or ')}, not ${scheme}.`);
  }
  return producer;
}
