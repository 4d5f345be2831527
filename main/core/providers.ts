// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// The providers and schemes and the rules on them: which schemes a provider offers, each scheme's
// Authorization word, how names match. No zod: the CLI's entry and its token path read these
// without building a schema (model.ts holds the schemas and re-exports all of this).
import { TokendeckError } from './errors.js';
import { exchangeNeedsTokenUrl, type JwtExchange } from './jwt-profile.js';

export const STORE_SCHEMA_VERSION = 1;

export const PROVIDERS = ['musicapi', 'musimap', 'oauth2', 'jwt'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const SCHEMES = ['token', 'basic', 'devtoken', 'bearer', 'jwt'] as const;
export type Scheme = (typeof SCHEMES)[number];

/**
 * The word before the credential in the Authorization header, per scheme. A signed JWT's word is
 * its profile's (`Bearer` unless the profile says otherwise).
 */
export const SCHEME_WORDS: Record<Scheme, string> = { token: 'Token', basic: 'Basic', devtoken: 'DevToken', bearer: 'Bearer', jwt: 'Bearer' };

/** The whole Authorization value of a credential: `DevToken eyJ…`; `word` is a JWT profile's own. */
export const authorizationValue = (scheme: Scheme, token: string, word?: string) => `${word ?? SCHEME_WORDS[scheme]} ${token}`;

const OFFERED_SCHEMES = {
  musicapi: ['token', 'basic', 'devtoken'],
  musimap: ['bearer'],
  oauth2: ['bearer'],
  // The signed JWT itself, or the token its profile exchanges it for (GitHub, RFC 7523).
  jwt: ['jwt', 'bearer'],
} as const satisfies Record<Provider, readonly Scheme[]>;

/** The schemes a provider offers, as a type: the scheme registry must make each, and no other. */
export type OfferedScheme<P extends Provider> = (typeof OFFERED_SCHEMES)[P][number];

/** Which schemes each provider's API accepts (ARCHITECTURE.md, Schemes). */
export const SCHEMES_BY_PROVIDER: Record<Provider, readonly Scheme[]> = OFFERED_SCHEMES;

export const DEFAULT_SCHEME: { [P in Provider]: OfferedScheme<P> } = {
  musicapi: 'token',
  musimap: 'bearer',
  oauth2: 'bearer',
  jwt: 'jwt',
};

/** What the scheme rules need of an organization: its provider and, for a signed JWT, its profile's exchange. */
export interface SchemeOwner {
  name: string;
  provider: Provider;
  jwt?: { exchange: JwtExchange } | undefined;
}

/** A signed-JWT profile that exchanges nothing sends its JWT as it is: it has no bearer token. */
const sendsJwtAsItIs = (org: SchemeOwner) => org.provider === 'jwt' && org.jwt?.exchange === 'none';

/** The schemes an organization's clients can use: its provider's, less a bearer token its profile never gets. */
export function schemesOf(org: Omit<SchemeOwner, 'name'>): readonly Scheme[] {
  return sendsJwtAsItIs(org as SchemeOwner) ? ['jwt'] : SCHEMES_BY_PROVIDER[org.provider];
}

/** A new client's scheme: the provider's default; for a profile that exchanges its JWT (GitHub, RFC 7523), the token it gets. */
export function defaultSchemeOf(org: Omit<SchemeOwner, 'name'>): Scheme {
  return org.provider === 'jwt' && org.jwt && org.jwt.exchange !== 'none' ? 'bearer' : DEFAULT_SCHEME[org.provider];
}

/** Refuses a scheme the organization does not offer; `field` is how the message names the value. */
export function checkSchemeOffered(org: SchemeOwner, scheme: Scheme, field: string): void {
  const offered = schemesOf(org);
  if (offered.includes(scheme)) return;
  if (sendsJwtAsItIs(org)) {
    throw new TokendeckError('VALIDATION', `Invalid ${field}: the profile of "${org.name}" sends its JWT as it is (scheme jwt); it exchanges it for no bearer token.`, { field });
  }
  throw new TokendeckError('VALIDATION', `Invalid ${field}: a ${org.provider} client can use ${offered.join(', ')}, not ${scheme}.`, { field });
}

/** Why the organization cannot work as it is: Musimap and OAuth 2.0 exchange the client's
 * secret for a token at a token URL, which their documents leave to each customer; so do the
 * signed-JWT profiles that exchange an assertion (RFC 7523). */
export function missingTokenUrl(org: { provider: Provider; tokenUrl?: string | undefined; jwt?: { exchange: JwtExchange } | undefined }): string | undefined {
  if (org.tokenUrl) return undefined;
  if (org.provider === 'musimap' || org.provider === 'oauth2') return `a ${org.provider} organization needs its token URL (the endpoint tokens are exchanged at)`;
  if (org.provider === 'jwt' && exchangeNeedsTokenUrl(org.jwt?.exchange)) {
    return 'this profile exchanges its assertion at a token URL: give the OAuth 2.0 token endpoint';
  }
  return undefined;
}

/** Why a GitHub installation exchange cannot be made: it posts the app JWT under the API URL,
 * and only a host the organization names may receive it (no fallback to api.github.com). */
export function missingApiUrl(org: { apiBaseUrl?: string | undefined; jwt?: { exchange: JwtExchange } | undefined }): string | undefined {
  if (org.apiBaseUrl || org.jwt?.exchange !== 'github-installation') return undefined;
  return 'this profile exchanges the app JWT for an installation token under the API URL: give it (https://api.github.com for github.com, or your GitHub Enterprise API)';
}

/** The seed documents MusicAPI's host; Musimap's document leaves its URLs blank. */
export const DEFAULT_API_URL: Partial<Record<Provider, string>> = {
  musicapi: 'https://api.musicapi.com',
};

export const STANDARD_ENVIRONMENTS = ['development', 'staging', 'production'] as const;

/** Names (organizations, clients, integration users, saved requests) match without regard to case. */
export const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
