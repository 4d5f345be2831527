// Discovery: an issuer's endpoints and supported methods from its metadata, OpenID Connect's
// `/.well-known/openid-configuration` (OIDC Discovery §4) or else RFC 8414's
// `/.well-known/oauth-authorization-server`, inserted before the issuer's path (§3.1). The answer
// names its issuer, which must be the one asked, character for character (RFC 8414 §3.3, OIDC
// Discovery §4.3): else a document served elsewhere could name an attacker's endpoints.
import { TokendeckError } from '../errors.js';
import { quoteServer } from '../scrub-secrets.js';
import { checkEndpointUrl } from './endpoint-url.js';
import type { Transport } from '../http/transport.js';
import { fetchJson } from './fetch-json.js';

/** Metadata is a few KB; a hostile server could send gigabytes. */
export const MAX_METADATA_BYTES = 64 * 1024;
export const DEFAULT_DISCOVERY_TIMEOUT_MS = 10_000;

export interface IssuerMetadata {
  issuer: string;
  /** Which document answered. */
  foundAt: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  deviceAuthorizationEndpoint?: string;
  revocationEndpoint?: string;
  userinfoEndpoint?: string;
  jwksUri?: string;
  /** Absent: the server does not say (RFC 8414 §2: then it may not support PKCE at all). */
  codeChallengeMethodsSupported?: string[];
  /** Absent: client_secret_basic alone (RFC 8414 §2). */
  tokenEndpointAuthMethodsSupported?: string[];
  /** RFC 9207: the server sends `iss` with every authorization response. */
  authorizationResponseIssParameterSupported: boolean;
  grantTypesSupported?: string[];
  scopesSupported?: string[];
}

const ENDPOINTS = {
  authorizationEndpoint: 'authorization_endpoint',
  tokenEndpoint: 'token_endpoint',
  deviceAuthorizationEndpoint: 'device_authorization_endpoint',
  revocationEndpoint: 'revocation_endpoint',
  userinfoEndpoint: 'userinfo_endpoint',
  jwksUri: 'jwks_uri',
} as const;

const LISTS = {
  codeChallengeMethodsSupported: 'code_challenge_methods_supported',
  tokenEndpointAuthMethodsSupported: 'token_endpoint_auth_methods_supported',
  grantTypesSupported: 'grant_types_supported',
  scopesSupported: 'scopes_supported',
} as const;

/** OIDC Discovery §4: the issuer, its trailing slash dropped, then the well-known path. */
export function openidConfigurationUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

/** RFC 8414 §3.1: the well-known path goes between the host and the issuer's own path. */
export function authorizationServerMetadataUrl(issuer: string): string {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}/.well-known/oauth-authorization-server${path}`;
}

function protocol(from: string, why: string): TokendeckError {
  return new TokendeckError('EXCHANGE_PROTOCOL', `The metadata at ${from} ${why}. Check the issuer URL, or enter the endpoints by hand.`);
}

function stringList(value: unknown, name: string, from: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > 200 || !value.every((item) => typeof item === 'string' && item.length <= 500)) {
    throw protocol(from, `has a ${name} that is not a list of names`);
  }
  return value as string[];
}

/** The metadata document as typed values, every endpoint held to the URL rules. */
export function readMetadata(json: unknown, issuer: string, from: string): IssuerMetadata {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw protocol(from, 'is not a JSON object');
  const body = json as Record<string, unknown>;
  if (body.issuer !== issuer) {
    const said = typeof body.issuer === 'string' ? `"${quoteServer(body.issuer, { values: [] }, { maxChars: 200 })}"` : 'no issuer';
    throw new TokendeckError(
      'EXCHANGE_PROTOCOL',
      `The metadata at ${from} names ${said}, not the issuer asked, "${issuer}". The issuer must match exactly (RFC 8414 §3.3): if the server is yours and right, enter its issuer exactly as it names itself; otherwise this document is not the issuer's.`,
    );
  }
  const metadata: IssuerMetadata = {
    issuer,
    foundAt: from,
    authorizationResponseIssParameterSupported: body.authorization_response_iss_parameter_supported === true,
  };
  const who = `The metadata at ${from}`;
  const issuerHttps = new URL(issuer).protocol === 'https:';
  for (const [key, name] of Object.entries(ENDPOINTS) as Array<[keyof typeof ENDPOINTS, string]>) {
    if (body[name] === undefined) continue;
    const url = checkEndpointUrl(body[name], name, who);
    // Loopback http is for a server on this machine: a remote issuer naming one would have the
    // code and client secret posted to whatever listens on that local port.
    if (issuerHttps && url.startsWith('http:')) throw protocol(from, `names a plain http ${name} (${url}) for an https issuer`);
    metadata[key] = url;
  }
  for (const [key, name] of Object.entries(LISTS) as Array<[keyof typeof LISTS, string]>) {
    const list = stringList(body[name], name, from);
    if (list) metadata[key] = list;
  }
  return metadata;
}

export interface DiscoveryOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number;
  /** The organization's proxy and CA; the environment's when not given. */
  transport?: Transport | undefined;
}

/** The issuer's metadata, from the first well-known document that exists. */
export async function discoverIssuer(issuer: string, options: DiscoveryOptions = {}): Promise<IssuerMetadata> {
  checkEndpointUrl(issuer, 'issuer', 'You');
  if (new URL(issuer).search) throw new TokendeckError('VALIDATION', `The issuer "${issuer}" has a query (?…); an issuer is scheme, host and path only (RFC 8414 §2).`, { field: 'issuer' });
  const timeoutMs = options.timeoutMs ?? DEFAULT_DISCOVERY_TIMEOUT_MS;
  const tried: string[] = [];
  for (const url of [openidConfigurationUrl(issuer), authorizationServerMetadataUrl(issuer)]) {
    const answer = await fetchJson({ url, what: "the issuer's metadata", maxBytes: MAX_METADATA_BYTES, timeoutMs, signal: options.signal, transport: options.transport });
    if (answer.json !== undefined) return readMetadata(answer.json, issuer, url);
    if (answer.status >= 500) throw new TokendeckError('EXCHANGE_REJECTED', `${url} failed (HTTP ${answer.status}). The server failed; try again later.`);
    tried.push(`${url} (HTTP ${answer.status})`);
  }
  throw new TokendeckError('EXCHANGE_PROTOCOL', `The issuer publishes no metadata: tried ${tried.join(' and ')}. Check the issuer URL, or enter the endpoints by hand.`);
}
