// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// Musimap (seed 002): a client id and secret exchanged at a token URL for a Bearer token; its
// document leaves both the token URL and the API URL to each customer's onboarding.
import type { ProviderSpec } from './spec.js';
import { UUID_FORMAT, uuidProblem } from './uuid.js';

export const musimap = {
  id: 'musimap',
  label: 'Musimap',
  title: 'Musimap',
  needs: 'Token URL, API URL and a client ID and secret per environment (development, staging, production).',
  schemes: { bearer: 'musimap-bearer' },
  defaultScheme: 'bearer',
  missingTokenUrl: (org) => (org.tokenUrl ? undefined : 'a musimap organization needs its token URL (the endpoint tokens are exchanged at)'),
  showsTokenUrl: () => true,
  urlHints: { tokenUrl: 'Where client id and secret are exchanged for a token' },
  clientIdProblem: (clientId) => uuidProblem('musimap', clientId),
  clientIdFormat: UUID_FORMAT,
  clientIdExample: '2cf82db3-4064-4235-8253-16994eb51773',
  clientsHoldSecret: true,
  secretName: 'client secret',
  organizationSettings: [],
  clientSettings: [],
  // Seed 002 leaves its example URL blank: the preset calls the API URL; type the endpoint.
  presets: () => [{ label: 'Musimap call with Bearer (type the endpoint)', request: { method: 'GET', url: '/', scheme: 'bearer' } }],
  connect: {
    flow: 'secret',
    steps: [
      { id: 'organization', title: 'Organization and environments' },
      { id: 'client', title: 'A client per environment' },
      { id: 'test', title: 'Test exchange' },
    ],
    // Seed 002 advises a client per application and per environment.
    client: { environment: 'development' },
    environments: true,
    organizationNote:
      "Musimap's documentation leaves both its token URL and its API URL blank: they come with your Musimap account (onboarding mail or contract). Ask Musimap if you have neither.",
    // Musimap's console paths are relative to its API URL, which its document leaves blank.
    apiUrlRequired: 'Musimap gives each customer its API URL: ask for it, then paste it here',
    apiUrlHint: 'Where Musimap API requests go (https://…)',
    test: 'exchange',
  },
} as const satisfies ProviderSpec;
