// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// Ready-made console requests per provider, from the vendors' documents.
import type { JwtPreset, JwtProfile, Provider } from '../model.js';
import type { ConsoleRequestInput } from './console-model.js';

export interface Preset {
  label: string;
  request: Pick<ConsoleRequestInput, 'method' | 'url' | 'scheme'>;
}

export const PRESETS: Record<Provider, Preset[]> = {
  // Seed 000's example request: a public endpoint with the client id as the token.
  musicapi: [{ label: 'MusicAPI introspection (Token)', request: { method: 'GET', url: '/search/introspection', scheme: 'token' } }],
  // Seed 002 leaves its example URL blank: the preset calls the API URL; type the endpoint.
  musimap: [{ label: 'Musimap call with Bearer (type the endpoint)', request: { method: 'GET', url: '/', scheme: 'bearer' } }],
  oauth2: [{ label: 'API call with Bearer (type the endpoint)', request: { method: 'GET', url: '/', scheme: 'bearer' } }],
  // A signed-JWT organization's presets are its profile's (JWT_PRESET_REQUESTS).
  jwt: [{ label: 'API call with the signed JWT (type the endpoint)', request: { method: 'GET', url: '/', scheme: 'jwt' } }],
};

/** Each vendor's documented first call, relative to the organization's API URL. */
const JWT_PRESET_REQUESTS: Record<JwtPreset, Preset[]> = {
  'apple-music': [{ label: 'Apple Music: a catalog song', request: { method: 'GET', url: '/v1/catalog/us/songs/203709340', scheme: 'jwt' } }],
  'app-store-connect': [{ label: 'App Store Connect: list apps', request: { method: 'GET', url: '/v1/apps', scheme: 'jwt' } }],
  'github-app': [
    { label: 'GitHub: the app (app JWT)', request: { method: 'GET', url: '/app', scheme: 'jwt' } },
    { label: 'GitHub: installation repositories (installation token)', request: { method: 'GET', url: '/installation/repositories', scheme: 'bearer' } },
  ],
  'jwt-bearer': [{ label: 'API call with the access token (type the endpoint)', request: { method: 'GET', url: '/', scheme: 'bearer' } }],
  'private-key-jwt': [{ label: 'API call with the access token (type the endpoint)', request: { method: 'GET', url: '/', scheme: 'bearer' } }],
  custom: PRESETS.jwt,
};

/** The console's ready-made requests for an organization. */
export function consolePresets(org: { provider: Provider; jwt?: Pick<JwtProfile, 'preset' | 'exchange'> | undefined }): Preset[] {
  if (org.provider !== 'jwt' || !org.jwt) return PRESETS[org.provider];
  if (org.jwt.preset === 'custom' && org.jwt.exchange !== 'none') return [...PRESETS.jwt, JWT_PRESET_REQUESTS['jwt-bearer'][0]!];
  return JWT_PRESET_REQUESTS[org.jwt.preset];
}
