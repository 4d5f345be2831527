// A real, certified OpenID Connect server for the tests: panva's oidc-provider (npm), on loopback,
// with its development login and consent pages (any user name and password sign in). Configured as
// issue 25's tests need it: PKCE (S256) required for the authorization code flow, refresh tokens
// rotated on every use (a reused one is refused and ends the grant), the device authorization
// grant, revocation (RFC 7009), introspection, client credentials. Nothing here is ours but the
// configuration; the tests stop it themselves.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Issued } from './test-ca.js';

export interface OidcClientConfig {
  client_id: string;
  /** Absent: a public client (token_endpoint_auth_method none). */
  client_secret?: string;
  redirect_uris?: string[];
  grant_types?: string[];
  response_types?: string[];
  token_endpoint_auth_method?: string;
  [more: string]: unknown;
}

export interface OidcServer {
  /** The issuer: http://127.0.0.1:<port> */
  issuer: string;
  port: number;
  /** The oidc-provider instance (its events, its adapter), for assertions. */
  provider: { on(event: string, listener: (...args: unknown[]) => void): unknown };
  /** Every request it received: method, path and query, headers, form body. */
  seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

export interface OidcOptions {
  clients: OidcClientConfig[];
  /** Access token lifetime in seconds (default 3600): short ones make refresh testable. */
  accessTokenTtl?: number;
  /** Extra oidc-provider configuration, merged over the defaults. */
  configuration?: Record<string, unknown>;
  /** Serve https with this certificate, the issuer named `https://<host>:<port>` (a name only the test proxy resolves). */
  tls?: { certificate: Issued; host: string };
}

/** Starts oidc-provider on 127.0.0.1 at a free port; the issuer is known before the provider is built. */
export async function startOidc(options: OidcOptions): Promise<OidcServer> {
  const { default: Provider } = await import('oidc-provider');
  const server = options.tls ? https.createServer({ cert: options.tls.certificate.certPem, key: options.tls.certificate.keyPem }) : http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = options.tls ? `https://${options.tls.host}:${port}` : `http://127.0.0.1:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };
  const configuration = {
    clients: options.clients,
    jwks: { keys: [jwk] },
    features: {
      devInteractions: { enabled: true },
      deviceFlow: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      clientCredentials: { enabled: true },
    },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    ttl: { AccessToken: options.accessTokenTtl ?? 3600, IdToken: 3600, RefreshToken: 86_400, DeviceCode: 600, Grant: 86_400, Interaction: 600, Session: 86_400 },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@example.test`, email_verified: true, name: `Test user ${id}` }),
    }),
    ...options.configuration,
  };
  const provider = new Provider(issuer, configuration as never);
  const seen: OidcServer['seen'] = [];
  const callback = provider.callback();
  server.on('request', (request, response) => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    callback(request, response);
  });
  return {
    issuer,
    port,
    provider: provider as unknown as OidcServer['provider'],
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A native app's registration (RFC 8252 §7.3: any loopback port), for the authorization code flow. */
export const NATIVE = { application_type: 'native', redirect_uris: ['http://127.0.0.1/callback'], response_types: ['code'] };
export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const TERMINAL_SECRET = 'terminal secret of the team 8Hq2';

/** The two clients a person's session is tested with: `deck` (public, browser) and `terminal` (confidential, device flow). */
export const SESSION_CLIENTS: OidcClientConfig[] = [
  { ...NATIVE, client_id: 'deck', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] },
  { client_id: 'terminal', client_secret: TERMINAL_SECRET, token_endpoint_auth_method: 'client_secret_basic', grant_types: [DEVICE_GRANT, 'refresh_token'], response_types: [], redirect_uris: [] },
];

/** Presents a refresh token at the server as `deck` or `terminal` would (RFC 6749 §6), outside Tokendeck: the HTTP status. */
export async function refreshAt(oidc: Pick<OidcServer, 'issuer'>, refreshToken: string, client: 'deck' | 'terminal'): Promise<number> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (client === 'deck') form.set('client_id', 'deck');
  else headers.authorization = `Basic ${Buffer.from(`terminal:${encodeURIComponent(TERMINAL_SECRET).replace(/%20/g, '+')}`).toString('base64')}`;
  return (await fetch(`${oidc.issuer}/token`, { method: 'POST', headers, body: form.toString() })).status;
}
