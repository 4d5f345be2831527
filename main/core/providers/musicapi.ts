// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// MusicAPI (seeds 000 and 001): `Token <client id>` for public endpoints, Basic for private ones,
// and DevTokens, ES256 JWTs its organization's key signs with the Key ID its dashboard shows.
import type { SchemaKit } from '../model/primitives.js';
import type { ProviderSpec } from './spec.js';
import { UUID_FORMAT, uuidProblem } from './uuid.js';

/** Seed 001: a DevToken lives 14 days unless the client (or the copy) says otherwise. */
export const DEVTOKEN_DEFAULT_TTL_SECONDS = 14 * 24 * 3600;

export const musicapi = {
  id: 'musicapi',
  label: 'MusicAPI',
  title: 'MusicAPI',
  needs: 'Client ID and secret from the MusicAPI dashboard; Tokendeck makes the signing key for DevTokens.',
  schemes: { token: 'client-id-token', basic: 'basic', devtoken: 'devtoken' },
  defaultScheme: 'token',
  // Seed 000: "The recommended approach is to use JWT Dev Tokens". A new client of an organization
  // whose key can sign gets them; before that, a DevToken would fail, so the public Token.
  defaultSchemeFor: (org) => (org.canSign ? 'devtoken' : 'token'),
  missingTokenUrl: () => undefined,
  // The seed documents MusicAPI's host.
  defaultApiUrl: () => 'https://api.musicapi.com',
  showsTokenUrl: () => false,
  urlHints: { apiBaseUrl: 'Empty for https://api.musicapi.com', tokenUrl: 'Where client id and secret are exchanged for a token' },
  clientIdProblem: (clientId) => uuidProblem('musicapi', clientId),
  clientIdFormat: UUID_FORMAT,
  clientIdExample: '2cf82db3-4064-4235-8253-16994eb51773',
  clientsHoldSecret: true,
  secretName: 'client secret',
  signing: {
    algorithm: () => 'ES256',
    needsKeyId: () => true,
    signs: () => 'DevTokens',
    tokens: 'DevTokens',
    dashboard: "MusicAPI's dashboard",
    inspectsAs: 'devtoken',
  },
  organizationSettings: [],
  // Integration users are DevToken `sub`s.
  clientSettings: ['integrationUsers', 'devtokenTtlSeconds'],
  // Seed 000: MusicAPI wants it on every call, with or without a body.
  contentType: { value: 'application/json; charset=utf-8', why: 'MusicAPI requires it on every call' },
  // Seed 000's example request: a public endpoint with the client id as the token.
  presets: () => [{ label: 'MusicAPI introspection (Token)', request: { method: 'GET', url: '/search/introspection', scheme: 'token' } }],
  connect: {
    flow: 'secret',
    steps: [
      { id: 'organization', title: 'Organization' },
      { id: 'client', title: 'Client ID and secret' },
      { id: 'key', title: 'Signing key' },
      { id: 'kid', title: 'Upload the public key, then its Key ID' },
      // A test is not stored: once everything above is, the test is where the connection stands.
      { id: 'test', title: 'Test call' },
    ],
    client: { name: 'web', environment: 'development' },
    apiUrlHint: 'MusicAPI documents https://api.musicapi.com',
    keyIntro: "DevTokens are signed with an ES256 (P-256) key. Tokendeck makes the pair here: the private half goes to the keychain, the public half is for MusicAPI's dashboard.",
    kidHowTo: 'In the MusicAPI dashboard, open Account Settings, add the public key to your account configuration and save.',
    test: {
      calls: [
        { what: 'GET /search/introspection with Token <client id>', scheme: 'token', url: '/search/introspection' },
        { what: 'GET /users/me with a DevToken', scheme: 'devtoken', url: '/users/me' },
      ],
      refusedHint: 'MusicAPI refused the DevToken: check that the public key is saved in the dashboard and that the Key ID typed here is the one it shows.',
    },
  },
} as const satisfies ProviderSpec;

/** An integration user: a label of the user's own and the UUID a DevToken names as its `sub`. */
export const integrationUserSchema = ({ z, Name, Uuid }: SchemaKit) => z.strictObject({ label: Name, uuid: Uuid });
