// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// Every provider Tokendeck knows, by its stored name, and the rules every provider's organizations
// follow, asked of their specs. A new provider is one file beside this one and one line below.
import { TokendeckError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import { apiKey } from './api-key.js';
import { jwt } from './jwt.js';
import { musicapi } from './musicapi.js';
import { musimap } from './musimap.js';
import { oauth2 } from './oauth2.js';
import type { Scheme } from './schemes.js';
import type { ProducerName, ProviderSpec, SpecOrganization } from './spec.js';

/** In the order the provider choice and the first screen offer them. */
const SPECS = { musicapi, musimap, oauth2, jwt, apikey: apiKey } as const;

export type Provider = keyof typeof SPECS;
export const PROVIDERS = Object.keys(SPECS) as [Provider, ...Provider[]];

/** The provider's spec; an unknown name (a store from a newer Tokendeck) is a typed refusal. */
export function providerSpec(provider: string): ProviderSpec {
  const spec = (SPECS as Record<string, ProviderSpec>)[provider];
  if (!spec) throw new TokendeckError('VALIDATION', `Unknown provider "${provider.slice(0, 40)}": Tokendeck knows ${PROVIDERS.join(', ')}.${didYouMean(provider, PROVIDERS)}`, { field: 'provider' });
  return spec;
}

/** What the scheme rules need of an organization: its name, provider and settings. */
export interface SchemeOwner extends SpecOrganization {
  name: string;
  provider: Provider;
}

/** The schemes an organization's clients can use: its provider's, or its settings' narrower offer. */
export function schemesOf(org: SpecOrganization & { provider: Provider }): readonly Scheme[] {
  const spec = providerSpec(org.provider);
  return spec.schemesFor?.(org) ?? (Object.keys(spec.schemes) as Scheme[]);
}

/** A new client's scheme: the provider's default, or its organization's own. */
export function defaultSchemeOf(org: SpecOrganization & { provider: Provider }): Scheme {
  const spec = providerSpec(org.provider);
  return spec.defaultSchemeFor?.(org) ?? spec.defaultScheme;
}

/** Who makes a scheme's credential for an organization, after refusing a scheme it does not offer. */
export function producerNameOf(org: SchemeOwner, scheme: Scheme): ProducerName {
  checkSchemeOffered(org, scheme, 'scheme');
  return providerSpec(org.provider).schemes[scheme]!;
}

/** Refuses a scheme the organization does not offer; `field` is how the message names the value. */
export function checkSchemeOffered(org: SchemeOwner, scheme: Scheme, field: string): void {
  const spec = providerSpec(org.provider);
  const offered = schemesOf(org);
  if (offered.includes(scheme)) return;
  const narrowed = scheme in spec.schemes ? spec.narrowedBecause?.(org) : undefined;
  if (narrowed) throw new TokendeckError('VALIDATION', `Invalid ${field}: ${narrowed}.`, { field });
  throw new TokendeckError('VALIDATION', `Invalid ${field}: a ${org.provider} client can use ${offered.join(', ')}, not ${scheme}.`, { field });
}

/** Why the organization cannot work as it is for want of a token URL (its spec says). */
export const missingTokenUrl = (org: SpecOrganization & { provider: Provider }): string | undefined => providerSpec(org.provider).missingTokenUrl(org);

/** Why the organization cannot work as it is for want of an API URL (its spec says). */
export const missingApiUrl = (org: SpecOrganization & { provider: Provider }): string | undefined => providerSpec(org.provider).missingApiUrl?.(org);

/** The API URL an organization that names none gets: its provider's, or its profile's preset's. */
export const defaultApiUrl = (org: SpecOrganization & { provider: Provider }): string | undefined => providerSpec(org.provider).defaultApiUrl?.(org);
