// An API key (providers/api-key.ts): the client's stored secret itself, sent in the header or
// query parameter its organization names. Never cached: like Basic, the value is the secret.
import { TokendeckError } from '../errors.js';
import type { Organization } from '../model/entities.js';
import type { SchemeProducer } from './types.js';

function placementOf(org: Organization) {
  if (!org.apiKey) throw new TokendeckError('VALIDATION', `Organization "${org.name}" does not say where its API key goes: set it (Edit organization, or \`tokendeck org update ${org.name} --key-header <name>\` / \`--key-query <name>\`).`, { field: 'apiKey' });
  return org.apiKey;
}

export const apiKeyProducer: SchemeProducer = {
  cached: false,
  cacheKey: () => 'apikey',
  placement: (org) => placementOf(org),
  async produce({ org, secret, now }) {
    const placement = placementOf(org);
    const token = await secret();
    return { scheme: 'apikey', token, authorization: token, placement, issuedAt: now() };
  },
};
