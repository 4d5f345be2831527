// An API key (providers/api-key.ts): the client's stored secret itself, sent in the header or
// query parameter its organization names. Never cached: like Basic, the value is the secret.
import { TokendeckError } from '../errors.js';
import type { Organization } from '../model/entities.js';
import type { SchemeProducer } from './types.js';

function placementOf(org: Organization) {
  if (!org.apiKey) throw new TokendeckError('VALIDATION', `Organization "${org.name}" does not say where its API key goes: set it (Edit organization, or \`tokendeck org update ${org.name} --key-header <name>\` / \`--key-query <name>\`).`, { field: 'apiKey' });
  return org.apiKey;
}

/**
 * A header carries visible ASCII, spaces and tabs (RFC 9110 §5.5 asks senders for no more): a key
 * with anything else would fail in the HTTP client as if the network had. Never quoted: it is the secret.
 */
function checkHeaderValue(token: string, org: Organization, client: string, header: string): void {
  const at = token.search(/[^\t\x20-\x7e]/);
  if (at === -1) return;
  throw new TokendeckError(
    'VALIDATION',
    `The API key of ${org.name}/${client} holds a character a header cannot carry (character ${at + 1}, U+${token.codePointAt(at)!.toString(16).toUpperCase().padStart(4, '0')}), so it cannot go in ${header}. Check that it was pasted whole (set it again), or send it in a query parameter: \`tokendeck org update ${org.name} --key-query <name>\`.`,
    { field: 'secret' },
  );
}

export const apiKeyProducer: SchemeProducer = {
  cached: false,
  cacheKey: () => 'apikey',
  placement: (org) => placementOf(org),
  async produce({ org, client, secret, now }) {
    const placement = placementOf(org);
    const token = await secret();
    if (placement.in === 'header') checkHeaderValue(token, org, client.name, placement.name);
    return { scheme: 'apikey', token, authorization: token, placement, issuedAt: now() };
  },
};
