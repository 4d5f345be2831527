// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// Signed JWTs made by a profile (jwt-profile.ts: Apple Music, App Store Connect, GitHub Apps,
// RFC 7523): the organization's key signs; a profile may exchange the JWT for a Bearer token.
import { exchangeNeedsTokenUrl, JWT_ALGORITHMS, JWT_EXCHANGES, JWT_PRESETS, PRESETS, presetClientIdProblem, profileProblems, usesKid, type JwtPreset, type JwtProfile } from '../jwt-profile.js';
import { formatDuration } from '../duration.js';
import type { SchemaKit } from '../model/primitives.js';
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
  facts: (org) => {
    if (!org.jwt) return [];
    const { jwt: profile } = org;
    const lifetime = profile.ttlSeconds !== undefined && profile.maxTtlSeconds !== undefined ? ` · lifetime ${formatDuration(profile.ttlSeconds)} (at most ${formatDuration(profile.maxTtlSeconds)})` : '';
    return [['Profile', `${PRESETS[profile.preset].label} · ${profile.alg}${profile.kid ? ' · kid' : ''}${lifetime}${profile.exchange !== 'none' ? ` · exchanged (${profile.exchange})` : ''}`]];
  },
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
      { id: 'organization', title: 'Organization and environments' },
      { id: 'client', title: 'Client' },
      { id: 'key', title: 'Signing key' },
      { id: 'kid', title: 'Key ID' },
      { id: 'test', title: 'First token' },
    ],
    client: { name: 'app', environment: 'development' },
    environments: true,
    apiUrlHint: "The vendor's API URL",
    test: 'first-token',
  },
} as const satisfies ProviderSpec;

// ---- its settings: the organization's profile, a client's own settings (model/entities.ts builds them)

const JSON_OBJECT_CHARS = 4_096;

/**
 * A signed-JWT organization's profile. The shape is checked here; what a value may be (no `none`,
 * no HMAC, each preset's bounds) is `profileProblems`, so the form, the CLI and the store agree.
 */
export const jwtProfileSchema = ({ z }: SchemaKit) =>
  z
    .strictObject({
      preset: z.enum(JWT_PRESETS),
      // A string here, so "none" or "HS256" is refused by profileProblems with the reason.
      alg: z.string().max(20),
      typ: z.string().max(40).optional(),
      kid: z.boolean(),
      iss: z.string().max(500).optional(),
      sub: z.string().max(500).optional(),
      aud: z.string().max(500).optional(),
      nbf: z.boolean().default(false),
      jti: z.boolean().default(false),
      scope: z.array(z.string().max(500)).max(50).optional(),
      // Arrives as JSON (a file, the contract); kept only as what survives a JSON round trip.
      claims: z
        .record(z.string().max(100), z.unknown())
        .refine((claims) => (JSON.stringify(claims) ?? '').length <= JSON_OBJECT_CHARS, `must fit in ${JSON_OBJECT_CHARS} characters of JSON`)
        .transform((claims) => JSON.parse(JSON.stringify(claims)) as Record<string, unknown>)
        .optional(),
      ttlSeconds: z.number().int(),
      maxTtlSeconds: z.number().int(),
      iatBackdateSeconds: z.number().int().default(0),
      word: z.string().max(32).default('Bearer'),
      exchange: z.enum(JWT_EXCHANGES).default('none'),
    })
    .superRefine((profile, ctx) => {
      for (const problem of profileProblems(profile as JwtProfile)) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    })
    .transform((profile) => profile as JwtProfile & { alg: (typeof JWT_ALGORITHMS)[number] });

/** A signed-JWT client's own settings. */
export const jwtClientSettingsSchema = ({ z }: SchemaKit) =>
  z.strictObject({
    /** GitHub: the installation the app token is exchanged for (the number in its settings URL). */
    installationId: z.string().regex(/^[1-9][0-9]{0,19}$/, 'must be the installation\'s number, e.g. 12345678').optional(),
    /** The `sub` of this client's tokens, in place of the profile's (a user a service account acts for). */
    subject: z.string().trim().min(1).max(500).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII').optional(),
    /** The `scope` parameter of an RFC 7523 token request. */
    scope: z.string().trim().min(1).max(1000).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII').optional(),
  });
