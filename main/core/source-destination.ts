// A change of which secret a client or a key reads (issue 24, item 3): a reference is a
// destination. Pointing a client at another source sends whatever that source holds to the
// client's token endpoint (or API); pointing a key at another private key signs with it. Never made
// silently: the change names the new reference and every host its secret would reach.
import type { DestinationChange } from './destination-change.js';
import { listed, shownUrl } from './destination-words.js';
import { effectiveEndpoints, type EnvironmentShape } from './model/environments.js';
import { keyLabel, type Organization, type SigningKey } from './model/entities.js';

type Places = Pick<Organization, 'name' | 'apiBaseUrl' | 'tokenUrl' | 'allowedOrigins'> & { environments?: readonly EnvironmentShape[] | undefined };

/** How a reference reads in a sentence: the keychain is "this machine's keychain". */
export const shownSource = (reference: string | undefined) => (reference === undefined ? "this machine's keychain" : reference);

/** Where a credential of `environment` (every environment when undefined) is sent: its token URL and API URL. */
function receivers(org: Places, environment: string | undefined): string[] {
  const names = environment !== undefined ? [environment] : org.environments?.length ? org.environments.map((e) => e.name) : [undefined];
  const urls = names.flatMap((name) => {
    const at = effectiveEndpoints(org, name);
    return [at.tokenUrl, at.apiBaseUrl].flatMap((url) => (url ? [shownUrl(url)] : []));
  });
  return [...new Set(urls)];
}

/** The change of a client's secret source, or undefined when it reads the same reference. */
export function clientSourceChange(org: Places, client: { name: string; environment: string; secretSource?: string | undefined; hasSecret?: boolean }, next: string | undefined): DestinationChange | undefined {
  if (client.secretSource === next || next === undefined) return undefined;
  const destinations = receivers(org, client.environment);
  // A client without a secret yet (a new one, or one imported without it) had nowhere it was read from.
  const was = client.secretSource !== undefined || client.hasSecret ? ` (was ${shownSource(client.secretSource)})` : '';
  return {
    what: `${org.name}/${client.name}`,
    fields: ['secretSource'],
    destinations,
    message: `the secret of ${org.name}/${client.name} would now be read from ${shownSource(next)}${was} and sent to ${listed(destinations)}`,
  };
}

/** The change of a key's private-key source, or undefined when it reads the same reference. */
export function keySourceChange(org: Places, key: Pick<SigningKey, 'kid' | 'thumbprint'> & { privateKeySource?: string | undefined }, next: string | undefined): DestinationChange | undefined {
  if (key.privateKeySource === next || next === undefined) return undefined;
  const destinations = receivers(org, undefined);
  return {
    what: `${org.name} key ${keyLabel(key)}`,
    fields: ['privateKeySource'],
    destinations,
    message: `${org.name}'s key ${keyLabel(key)} would now sign with the private key read from ${shownSource(next)} (was ${shownSource(key.privateKeySource)}); what it signs goes to ${listed(destinations)}`,
  };
}

/** A new key of `org` whose private half is read from `source`: what it signs reaches every host the organization's tokens go to. */
export function newKeySourceChange(org: Places, kid: string | undefined, source: string): DestinationChange {
  const destinations = receivers(org, undefined);
  const label = kid === undefined ? 'a new key' : `a new key ${kid}`;
  return {
    what: `${org.name} key ${kid ?? '(new)'}`,
    fields: ['privateKeySource'],
    destinations,
    message: `${org.name} would sign with ${label} whose private half is read from ${source}; what it signs goes to ${listed(destinations)}`,
  };
}
