// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// A static API key, as many APIs take one: in a header (`X-API-Key: …`, or a name of its own) or a
// query parameter (`?api_key=…`). The key is the client's secret, in the keychain like any other;
// where it goes is the organization's, and changing that is a destination change.
import { placementProblem, placementWords } from '../http/credential-placement.js';
import type { SchemaKit } from '../model/primitives.js';
import type { ApiKeyPlacement, ProviderSpec } from './spec.js';

export const DEFAULT_API_KEY_PLACEMENT: ApiKeyPlacement = { in: 'header', name: 'X-API-Key' };

export const apiKey = {
  id: 'apikey',
  label: 'API key (header or query parameter)',
  title: 'an API-key API',
  needs: 'The API URL and the key; it goes in a header (X-API-Key, or a name the API gives) or a query parameter.',
  schemes: { apikey: 'api-key' },
  defaultScheme: 'apikey',
  missingTokenUrl: () => undefined,
  // Credentials go only to the organization's origins: without an API URL the key could go nowhere.
  missingApiUrl: (org) => (org.apiBaseUrl ? undefined : 'an API-key organization needs its API URL: the key is sent only there'),
  showsTokenUrl: () => false,
  urlHints: { apiBaseUrl: 'Where API requests go: the key is sent only to this origin (and the allowed origins)', tokenUrl: '' },
  clientIdProblem: () => undefined,
  clientIdLabel: 'Key name',
  clientIdExample: 'the name the API shows for the key (not the key)',
  clientsHoldSecret: true,
  secretName: 'API key',
  organizationSettings: ['apiKey'],
  clientSettings: [],
  missingSettings: (org) => (org.apiKey ? undefined : { field: 'apiKey', message: 'an API-key organization says where its key goes: a header or a query parameter, and its name' }),
  settingsMoved: (before, after) => {
    if (!before.apiKey || !after.apiKey || (before.apiKey.in === after.apiKey.in && before.apiKey.name === after.apiKey.name)) return undefined;
    return { fields: ['apiKey'], how: `in ${placementWords(after.apiKey)} (was ${placementWords(before.apiKey)})` };
  },
  facts: (org) => (org.apiKey ? [['Key goes in', placementWords(org.apiKey)]] : []),
  presets: () => [{ label: 'API call with the key (type the endpoint)', request: { method: 'GET', url: '/', scheme: 'apikey' } }],
  schemeText: (_scheme, org) => `API key — in ${placementWords(org.apiKey ?? DEFAULT_API_KEY_PLACEMENT)}, to the API URL only`,
  connect: {
    flow: 'secret',
    steps: [
      { id: 'organization', title: 'API URL and where the key goes' },
      { id: 'client', title: 'The key' },
      { id: 'test', title: 'Test call' },
    ],
    client: { name: 'default', environment: 'development' },
    apiUrlRequired: 'the key is sent only to the API URL: give it (https://…)',
    apiUrlHint: 'Where API requests go (https://…): the key is sent only there',
    test: { calls: [{ what: 'with the key', scheme: 'apikey' }] },
  },
} as const satisfies ProviderSpec;

/** Where the key goes, as entered: a name the sender may place a credential under (http/credential-placement.ts). */
export const apiKeyPlacementSchema = ({ z }: SchemaKit) =>
  z
    .strictObject({
      in: z.enum(['header', 'query']),
      name: z.string().trim().min(1).max(100),
    })
    .superRefine((placement, ctx) => {
      const problem = placementProblem(placement);
      if (problem) ctx.addIssue({ code: 'custom', path: ['name'], message: problem });
    });
