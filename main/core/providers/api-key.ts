// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// A static API key, as many APIs take one: in a header (`X-API-Key: …`, or a name of its own) or a
// query parameter (`?api_key=…`). The key is the client's secret, in the keychain like any other;
// where it goes is the organization's, and changing that is a destination change.
import type { SchemaKit } from '../model/primitives.js';
import type { ApiKeyPlacement, ProviderSpec } from './spec.js';

export const DEFAULT_API_KEY_PLACEMENT: ApiKeyPlacement = { in: 'header', name: 'X-API-Key' };

/** "the X-API-Key header", "the query parameter api_key": where the key goes, as sentences say it. */
export const placementWords = (placement: ApiKeyPlacement) => (placement.in === 'header' ? `the ${placement.name} header` : `the query parameter ${placement.name}`);

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
  presets: () => [{ label: 'API call with the key (type the endpoint)', request: { method: 'GET', url: '/', scheme: 'apikey' } }],
  schemeText: (_scheme, org) => `API key — in ${placementWords(org.apiKey ?? DEFAULT_API_KEY_PLACEMENT)}, to the API URL only`,
  connect: {
    flow: 'secret',
    steps: [
      { id: 'organization', title: 'API URL and where the key goes' },
      { id: 'client', title: 'The key' },
      { id: 'test', title: 'Test call' },
    ],
    clients: [{ name: 'default', environment: 'development' }],
    apiUrlRequired: 'the key is sent only to the API URL: give it (https://…)',
    apiUrlHint: 'Where API requests go (https://…): the key is sent only there',
    test: { calls: [{ what: 'with the key', scheme: 'apikey' }] },
  },
} as const satisfies ProviderSpec;

/**
 * Where the key goes, as entered: a header name is an RFC 9110 token and not one the transport
 * owns; a query parameter name is unreserved characters (RFC 3986), so it needs no encoding.
 */
export const apiKeyPlacementSchema = ({ z }: SchemaKit) =>
  z
    .strictObject({
      in: z.enum(['header', 'query']),
      name: z.string().trim().min(1).max(64),
    })
    .superRefine((placement, ctx) => {
      const problem = placementProblem(placement);
      if (problem) ctx.addIssue({ code: 'custom', path: ['name'], message: problem });
    });

/** Headers the HTTP transport sets itself, or that say something else: never an API key's. */
const TRANSPORT_HEADERS = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect', 'cookie', 'user-agent', 'proxy-authorization', 'proxy-connection']);

export function placementProblem(placement: ApiKeyPlacement): string | undefined {
  if (placement.in === 'query') return /^[A-Za-z0-9._~-]+$/.test(placement.name) ? undefined : 'a query parameter name is letters, digits, ".", "_", "~" or "-"';
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(placement.name)) return 'a header name is letters, digits and !#$%&\'*+.^_`|~- (no spaces or colons)';
  if (TRANSPORT_HEADERS.has(placement.name.toLowerCase())) return `${placement.name} is set by the HTTP transport: choose the header the API names for its key`;
  return undefined;
}
