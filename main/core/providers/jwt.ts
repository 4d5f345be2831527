// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// Signed JWTs made by a profile (jwt-profile.ts: Apple Music, App Store Connect, GitHub Apps,
// RFC 7523): the organization's key signs; a profile may exchange the JWT for a Bearer token.
import { exchangeNeedsTokenUrl, PRESETS, presetClientIdProblem, usesKid, type JwtPreset } from '../jwt-profile.js';
import type { ConsolePreset, ProviderSpec, SpecOrganization } from './spec.js';

const ANY_API: ConsolePreset = { label: 'API call with the signed JWT (type the endpoint)', request: { method: 'GET', url: '/', scheme: 'jwt' } };
const EXCHANGED: ConsolePreset = { label: 'API call with the access token (type the endpoint)', request: { method: 'GET', url: '/', scheme: 'bearer' } };

/** Each vendor's documented first call, relative to the organization's API URL. */
const PRESET_REQUESTS: Record<JwtPreset, ConsolePreset[]> = {
  'apple-music': [{ label: 'Apple Music: a catalog song', request: { method: 'GET', url: '/v1/catalog/us/songs/203709340', scheme: 'jwt' } }],
  'app-store-connect': [{ label: 'App Store Connect: list apps', request: { method: 'GET', url: '/v1/apps', scheme: 'jwt' } }],
  'github-app': [
    { label: 'GitHub: the app (app JWT)', request: { method: 'GET', url: '/app', scheme: 'jwt' } },
    { label: 'GitHub: installation repositories (installation token)', request: { method: 'GET', url: '/installation/repositories', scheme: 'bearer' } },
  ],
  'jwt-bearer': [EXCHANGED],
  'private-key-jwt': [EXCHANGED],
  custom: [ANY_API],
};

/** A profile that exchanges nothing sends its JWT as it is: it has no bearer token. */
const exchanges = (org: SpecOrganization) => !!org.jwt && org.jwt.exchange !== 'none';

export const jwt = {
  id: 'jwt',
  label: 'Signed JWT',
  title: 'a signed-JWT API',
  needs: 'A preset (Apple Music, App Store Connect, GitHub App, RFC 7523) and a private key that stays in the keychain.',
  // The signed JWT itself, or the token its profile exchanges it for (GitHub, RFC 7523).
  schemes: { jwt: 'signed-jwt', bearer: 'exchanged-jwt' },
  defaultScheme: 'jwt',
  schemesFor: (org) => (org.jwt?.exchange === 'none' ? ['jwt'] : ['jwt', 'bearer']),
  narrowedBecause: (org) => `the profile of "${org.name}" sends its JWT as it is (scheme jwt); it exchanges it for no bearer token`,
  // A profile that exchanges its JWT (GitHub, RFC 7523): the token it gets.
  defaultSchemeFor: (org) => (exchanges(org) ? 'bearer' : 'jwt'),
  missingTokenUrl: (org) =>
    !org.tokenUrl && exchangeNeedsTokenUrl(org.jwt?.exchange) ? 'this profile exchanges its assertion at a token URL: give the OAuth 2.0 token endpoint' : undefined,
  // A GitHub installation exchange posts the app JWT under the API URL, and only a host the
  // organization names may receive it (no fallback to api.github.com).
  missingApiUrl: (org) =>
    org.apiBaseUrl || org.jwt?.exchange !== 'github-installation'
      ? undefined
      : 'this profile exchanges the app JWT for an installation token under the API URL: give it (https://api.github.com for github.com, or your GitHub Enterprise API)',
  defaultApiUrl: (org) => (org.jwt ? PRESETS[org.jwt.preset].apiBaseUrl : undefined),
  showsTokenUrl: (org) => exchangeNeedsTokenUrl(org.jwt?.exchange),
  urlHints: { tokenUrl: 'The OAuth 2.0 token endpoint the signed assertion is exchanged at ({token_url} in claims)' },
  clientIdProblem: (clientId, org) => (org.jwt ? presetClientIdProblem(org.jwt, clientId.trim()) : undefined),
  clientIdExample: 'client id',
  // A signed-JWT client has no secret: its organization's key signs.
  clientsHoldSecret: false,
  secretName: 'client secret',
  signing: {
    algorithm: (org) => org.jwt?.alg ?? 'ES256',
    needsKeyId: (org) => usesKid(org),
    signs: () => 'its signed JWTs',
    tokens: 'tokens',
    dashboard: 'the vendor',
    inspectsAs: 'profile',
  },
  organizationSettings: ['jwt'],
  clientSettings: ['jwt'],
  missingSettings: (org) => (org.jwt ? undefined : { field: 'jwt', message: 'a signed-JWT organization needs its profile (choose a preset)' }),
  presets: (org) => {
    if (!org.jwt) return [ANY_API];
    if (org.jwt.preset === 'custom' && org.jwt.exchange !== 'none') return [ANY_API, EXCHANGED];
    return PRESET_REQUESTS[org.jwt.preset];
  },
  schemeText: (scheme, org) => {
    if (!org.jwt) return undefined;
    const label = PRESETS[org.jwt.preset].label;
    if (scheme === 'jwt') return `Signed JWT — ${label} (${org.jwt.alg}), signed with the active key`;
    return org.jwt.exchange === 'github-installation' ? 'Bearer — the GitHub installation token the app JWT is exchanged for' : 'Bearer — the access token the signed assertion is exchanged for at the token URL';
  },
  connect: {
    flow: 'profile',
    steps: [
      { id: 'organization', title: 'Organization' },
      { id: 'client', title: 'Client' },
      { id: 'key', title: 'Signing key' },
      { id: 'kid', title: 'Key ID' },
      { id: 'test', title: 'First token' },
    ],
    clients: [],
    apiUrlHint: "The vendor's API URL",
    test: 'first-token',
  },
} as const satisfies ProviderSpec;
