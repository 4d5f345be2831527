// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// OAuth 2.0's client credentials grant (RFC 6749 §4.4): a client id and secret exchanged at the
// token URL for a Bearer token. Its servers choose their own client ids (VSCHAR, any form).
import type { ProviderSpec } from './spec.js';

export const oauth2 = {
  id: 'oauth2',
  label: 'OAuth 2.0 (client credentials)',
  title: 'an OAuth 2.0 API',
  needs: 'Token URL, client ID and secret (client credentials grant).',
  schemes: { bearer: 'oauth2-bearer' },
  defaultScheme: 'bearer',
  missingTokenUrl: (org) => (org.tokenUrl ? undefined : 'a oauth2 organization needs its token URL (the endpoint tokens are exchanged at)'),
  showsTokenUrl: () => true,
  urlHints: { tokenUrl: 'Where client id and secret are exchanged for a token' },
  clientIdProblem: () => undefined,
  clientIdExample: 'client id',
  clientsHoldSecret: true,
  secretName: 'client secret',
  organizationSettings: [],
  // Scope, audience, the client authentication method and the assumed lifetime.
  clientSettings: ['oauth2'],
  presets: () => [{ label: 'API call with Bearer (type the endpoint)', request: { method: 'GET', url: '/', scheme: 'bearer' } }],
  connect: {
    flow: 'secret',
    steps: [
      { id: 'organization', title: 'Organization' },
      { id: 'client', title: 'Client' },
      { id: 'test', title: 'Test exchange' },
    ],
    clients: [{ name: 'svc', environment: 'development' }],
    apiUrlHint: 'Optional: where API requests go, so the console can take paths',
    test: 'exchange',
  },
} as const satisfies ProviderSpec;
