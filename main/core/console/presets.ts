// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// Ready-made console requests per provider, from the vendors' documents.
import type { Provider } from '../model.js';
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
};
