// The options `client add` and `client update` share: integration users (`--user label=uuid`) and
// an OAuth 2.0 client's token request (grant, issuer, scope, audience, how the client authenticates,
// assumed lifetime).
import { parseDuration } from '../core/duration.js';
import { TokendeckError } from '../core/errors.js';
import type { IntegrationUser, OAuth2Settings } from '../core/model/entities.js';
import { setOrRemove, stringOption, type Options, type Parsed } from './command.js';

const AUTH_METHODS: Record<string, OAuth2Settings['authMethod']> = {
  basic: 'client_secret_basic',
  client_secret_basic: 'client_secret_basic',
  post: 'client_secret_post',
  client_secret_post: 'client_secret_post',
  // A public client (a person's sign-in only): no secret is sent.
  none: 'none',
  // Mutual TLS (RFC 8705 §2): the client's certificate proves it; no secret is sent.
  tls_client_auth: 'tls_client_auth',
  tls: 'tls_client_auth',
  self_signed_tls_client_auth: 'self_signed_tls_client_auth',
  'self-signed-tls': 'self_signed_tls_client_auth',
};

const GRANTS: Record<string, NonNullable<OAuth2Settings['grant']>> = {
  'client-credentials': 'client_credentials',
  client_credentials: 'client_credentials',
  'authorization-code': 'authorization_code',
  authorization_code: 'authorization_code',
  'device-code': 'device_code',
  device_code: 'device_code',
};

/** The words `--grant` and `--auth-method` take, for the completion. */
export const GRANT_WORDS = ['client-credentials', 'authorization-code', 'device-code'] as const;
export const AUTH_METHOD_WORDS = ['basic', 'post', 'none', 'tls_client_auth', 'self_signed_tls_client_auth'] as const;

export function parseUser(value: string): IntegrationUser {
  const at = value.indexOf('=');
  if (at <= 0) throw new TokendeckError('USAGE', `--user "${value}" is not <label>=<uuid>.`);
  return { label: value.slice(0, at), uuid: value.slice(at + 1) };
}

/** The OAuth 2.0 options `client add` and `client update` share. */
export const oauth2Options = {
  grant: { type: 'string', value: 'GRANT', description: `OAuth 2.0: how tokens are obtained (${GRANT_WORDS.join(', ')})` },
  issuer: { type: 'string', value: 'URL', description: 'OAuth 2.0: the issuer a person signs in at (user grants)' },
  scope: { type: 'string', value: 'SCOPE', description: 'the scope asked for; \'\' asks for the server\'s default' },
  audience: { type: 'string', value: 'AUDIENCE', description: 'OAuth 2.0: the audience asked for' },
  'auth-method': { type: 'string', value: 'METHOD', description: `OAuth 2.0: how the client proves itself (${AUTH_METHOD_WORDS.join(', ')})` },
  'assumed-lifetime': { type: 'string', value: 'DURATION', description: 'OAuth 2.0: the token lifetime to assume when the server names none' },
} satisfies Options;

/** The OAuth 2.0 settings the options ask for, merged over the client's current ones. */
export function oauth2Settings(args: Parsed, current: OAuth2Settings | undefined): OAuth2Settings | undefined {
  const scope = stringOption(args, 'scope');
  const audience = stringOption(args, 'audience');
  const method = stringOption(args, 'auth-method');
  const lifetime = stringOption(args, 'assumed-lifetime');
  const grantWord = stringOption(args, 'grant');
  const issuer = stringOption(args, 'issuer');
  if ([scope, audience, method, lifetime, grantWord, issuer].every((value) => value === undefined)) return undefined;
  const authMethod = method === undefined ? undefined : AUTH_METHODS[method];
  if (method !== undefined && !authMethod) throw new TokendeckError('USAGE', `--auth-method takes basic, post, none, tls_client_auth or self_signed_tls_client_auth (client_secret_basic, client_secret_post, a public client, the client's TLS certificate), not "${method}".`);
  const grant = grantWord === undefined ? undefined : GRANTS[grantWord];
  if (grantWord !== undefined && !grant) throw new TokendeckError('USAGE', `--grant takes ${GRANT_WORDS.join(', ')}, not "${grantWord}".`);
  const next: Record<string, unknown> = { authMethod: 'client_secret_basic', ...current };
  // An empty value removes the setting: --scope '' asks for the server's default scope.
  setOrRemove(next, 'scope', scope);
  setOrRemove(next, 'audience', audience);
  setOrRemove(next, 'authMethod', authMethod);
  // The core checks the combination (a user grant needs an issuer; `none` only for a user grant) and names the field.
  setOrRemove(next, 'grant', grant);
  setOrRemove(next, 'issuer', issuer);
  setOrRemove(next, 'assumedLifetimeSeconds', lifetime === undefined || lifetime === '' ? lifetime : parseDuration(lifetime, '--assumed-lifetime'));
  return next as OAuth2Settings;
}

/** A client's TLS certificate for mutual TLS (RFC 8705): `client add` and `client update` read them. */
export const certificateOptions = {
  cert: { type: 'string', value: 'FILE', description: 'mutual TLS: the client\'s certificate (PEM); with --cert-key' },
  'cert-key': { type: 'string', value: 'FILE', description: 'mutual TLS: its private key (PEM), read into the keychain; the file is not kept' },
} satisfies Options;

/** The certificate and key the options name (both or neither), read once; undefined without them. */
export async function certificateFiles(args: Parsed): Promise<{ certPem: string; keyPem: string; keyFile: string } | undefined> {
  const cert = stringOption(args, 'cert');
  const key = stringOption(args, 'cert-key');
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined) throw new TokendeckError('USAGE', 'Give --cert FILE and --cert-key FILE together: the certificate and its private key (PEM).');
  const [{ MAX_CERTIFICATE_BYTES, MAX_TLS_KEY_BYTES }, { readCappedFile }] = await Promise.all([import('../core/client-certificate.js'), import('../core/read-capped-file.js')]);
  return { certPem: await readCappedFile(cert, MAX_CERTIFICATE_BYTES, '--cert'), keyPem: await readCappedFile(key, MAX_TLS_KEY_BYTES, '--cert-key'), keyFile: key };
}

/** What the CLI says once a certificate is set: what it is, and that the key file is not kept. */
export function certificateSetWords(path: string, certificate: { subject: string; thumbprint: string; notAfter: string }, keyFile: string): string {
  return `${path} presents the TLS certificate ${certificate.subject} (x5t#S256 ${certificate.thumbprint}, expires ${certificate.notAfter}). Its private key was read from ${keyFile} into the keychain; Tokendeck does not keep or read that file again (delete it if it has no other use).`;
}
