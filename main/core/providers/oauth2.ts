// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// OAuth 2.0's client credentials grant (RFC 6749 §4.4): a client id and secret exchanged at the
// token URL for a Bearer token. Its servers choose their own client ids (VSCHAR, any form).
import type { ZodString } from 'zod';
import type { SchemaKit } from '../model/primitives.js';
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
      { id: 'organization', title: 'Organization and environments' },
      { id: 'client', title: 'Client' },
      { id: 'test', title: 'Test exchange' },
    ],
    client: { name: 'svc', environment: 'development' },
    environments: true,
    apiUrlHint: 'Optional: where API requests go, so the console can take paths',
    test: 'exchange',
  },
} as const satisfies ProviderSpec;

/**
 * RFC 6749 §4.4 settings of an OAuth 2.0 client. `text` is how scope and audience are held: as
 * entered, plain text too (a right-to-left override there would hide an added scope in a
 * destination-change question); as stored, lenient, so an older vault still opens.
 */
export const oauth2SettingsSchema = ({ z, LifetimeSeconds }: SchemaKit, text: () => ZodString) =>
  z.strictObject({
    authMethod: z.enum(['client_secret_basic', 'client_secret_post']).default('client_secret_basic'),
    scope: text().optional(),
    audience: text().optional(),
    /**
     * How long a token lives when the server's answer does not say (RFC 6749 §5.1 makes
     * `expires_in` only RECOMMENDED) and the token is not a JWT with its own `exp`. 1 hour if unset.
     */
    assumedLifetimeSeconds: LifetimeSeconds.optional(),
  });
