// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// OAuth 2.0's client credentials grant (RFC 6749 §4.4): a client id and secret exchanged at the
// token URL for a Bearer token. Its servers choose their own client ids (VSCHAR, any form).
import type { ZodString } from 'zod';
import type { SchemaKit } from '../model/primitives.js';
import type { ProviderSpec } from './spec.js';

export const oauth2 = {
  id: 'oauth2',
  label: 'OAuth 2.0',
  title: 'an OAuth 2.0 API',
  needs: 'Token URL and client ID; the client secret (client credentials), or the issuer a person signs in at.',
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
 * How a client proves itself at the token endpoint: its secret (Basic or in the form), nothing (a
 * public client, RFC 8252 §8.4), or its TLS certificate (RFC 8705 §2: `tls_client_auth` a
 * certificate from a CA the server trusts, matched on its subject; `self_signed_tls_client_auth`
 * one registered by its thumbprint).
 */
export const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none', 'tls_client_auth', 'self_signed_tls_client_auth'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

/** The methods that prove the client by its certificate on the TLS handshake (it needs no secret). */
export const isCertificateAuth = (method: string | undefined): method is 'tls_client_auth' | 'self_signed_tls_client_auth' => method === 'tls_client_auth' || method === 'self_signed_tls_client_auth';

/** Whether a client with these settings presents a secret at the token endpoint. */
export const usesSecret = (settings: { authMethod?: string | undefined } | undefined): boolean => settings?.authMethod !== 'none' && !isCertificateAuth(settings?.authMethod);

export const OAUTH2_GRANTS = ['client_credentials', 'authorization_code', 'device_code'] as const;
export type OAuth2Grant = (typeof OAUTH2_GRANTS)[number];

/** A person signs in (and a refresh token keeps the session) rather than the client exchanging its secret. */
export const isUserGrant = (settings: { grant?: OAuth2Grant | undefined } | undefined): boolean => (settings?.grant ?? 'client_credentials') !== 'client_credentials';

/** Why these OAuth 2.0 settings cannot work together, or undefined. */
export function oauth2SettingsProblem(
  settings: { grant?: OAuth2Grant | undefined; issuer?: string | undefined; authMethod?: string | undefined } | undefined,
  client?: { certificate?: unknown },
): { field: string; message: string } | undefined {
  if (!settings) return undefined;
  if (client && isCertificateAuth(settings.authMethod) && !client.certificate) {
    return { field: 'oauth2.authMethod', message: `${settings.authMethod} proves the client with its TLS certificate: give the client its certificate and private key (--cert FILE --cert-key FILE, or Client certificate in its view); it needs no secret` };
  }
  if (isUserGrant(settings) && !settings.issuer) return { field: 'oauth2.issuer', message: 'a person signs in at the authorization server: give its issuer (https://login.example.com), where its endpoints are discovered' };
  if (!isUserGrant(settings) && settings.authMethod === 'none') return { field: 'oauth2.authMethod', message: 'a public client (none) has no secret to exchange: client credentials need client_secret_basic or client_secret_post' };
  return undefined;
}

/**
 * RFC 6749 §4.4 settings of an OAuth 2.0 client. `text` is how scope and audience are held: as
 * entered, plain text too (a right-to-left override there would hide an added scope in a
 * destination-change question); as stored, lenient, so an older vault still opens.
 */
export const oauth2SettingsSchema = ({ z, LifetimeSeconds, StoredHttpsUrl }: SchemaKit, text: () => ZodString) =>
  z.strictObject({
    /**
     * How tokens are had: the client's own (client credentials, RFC 6749 §4.4), or a person's
     * sign-in — in the browser (authorization code + PKCE, RFC 7636/8252) or on another device
     * (RFC 8628) — kept alive by its refresh token.
     */
    grant: z.enum(OAUTH2_GRANTS).optional(),
    /** The authorization server's issuer, for a person's sign-in: its endpoints are discovered from it (RFC 8414, OIDC Discovery). */
    issuer: StoredHttpsUrl.optional(),
    /** `none`: a public client (no secret), for a person's sign-in only (RFC 8252 §8.4); `tls_client_auth`, `self_signed_tls_client_auth`: the client's certificate (RFC 8705 §2). */
    authMethod: z.enum(CLIENT_AUTH_METHODS).default('client_secret_basic'),
    scope: text().optional(),
    audience: text().optional(),
    /**
     * How long a token lives when the server's answer does not say (RFC 6749 §5.1 makes
     * `expires_in` only RECOMMENDED) and the token is not a JWT with its own `exp`. 1 hour if unset.
     */
    assumedLifetimeSeconds: LifetimeSeconds.optional(),
  });
