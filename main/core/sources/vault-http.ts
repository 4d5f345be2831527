// One call to a HashiCorp Vault / OpenBao server's HTTP API (`/v1/…`) and its JSON answer, for the
// Vault secret source (vault-kv.ts): the address and path checks, the request over undici's shared
// pool, and what a failure says. Every answer is hostile: size-capped, never followed on a redirect
// (the token would go along), and the server's words are scrubbed of the token before we repeat them.
import { TokendeckError } from '../errors.js';
import { wireFailure } from '../http/failures.js';
import { readCappedStream } from '../http/read-body.js';
import { timedRequest } from '../http/timed-agent.js';
import { refuseClearThroughProxy, transportFromEnv, type Transport } from '../http/transport.js';
import { quoteServer, scrubSecrets } from '../scrub-secrets.js';

/** A KV secret is a few KB (a PEM at most); Vault's own request limit is far above what we read. */
export const MAX_VAULT_ANSWER_BYTES = 1024 * 1024;
export const DEFAULT_VAULT_TIMEOUT_MS = 15_000;

/** C0, DEL, C1 and the bidirectional overrides: nothing a path, a header or a quoted line may hold. */
const CONTROL = /[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');
const MAX_NAME_CHARS = 512;

/** The base URL of the API: `https://host[:port][/prefix]`, https everywhere but on loopback. */
export function vaultBaseUrl(address: string): URL {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new TokendeckError('VALIDATION', 'The Vault address is not a URL. Give it as https://vault.example.com:8200 (what VAULT_ADDR holds).', { field: 'address' });
  }
  if (url.username || url.password) {
    throw new TokendeckError('VALIDATION', 'The Vault address holds a user name or password (user:password@host). Remove it: Tokendeck authenticates with the Vault token only.', { field: 'address' });
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new TokendeckError('VALIDATION', `The Vault address ${url.origin === 'null' ? url.protocol : url.origin} is not https. Tokendeck sends a Vault token only over https (plain http on this machine's loopback alone).`, { field: 'address' });
  }
  if (url.search || url.hash) {
    throw new TokendeckError('VALIDATION', `The Vault address ${url.origin} has a query or fragment. Give the server's address alone, as in VAULT_ADDR.`, { field: 'address' });
  }
  return url;
}

/**
 * The segments of a mount, a secret path or a namespace (`team/kv`, `musimap/prod`): relative,
 * no empty, `.` or `..` segment, no control character. Each is percent-encoded when sent, so a
 * `?`, `#` or `%` in a name stays in its segment.
 */
export function vaultPathSegments(what: 'mount' | 'path' | 'namespace', value: string): string[] {
  const fail = (why: string) => new TokendeckError('VALIDATION', `The Vault ${what} ${why}. Give it as in the vault CLI, like ${what === 'path' ? 'musimap/prod' : what === 'mount' ? 'secret' : 'admin/team'}.`, { field: what });
  if (value.length === 0) throw fail('is empty');
  if (value.length > MAX_NAME_CHARS) throw fail(`is over ${MAX_NAME_CHARS} characters`);
  if (CONTROL.test(value)) throw fail('holds a control character');
  if (value.startsWith('/')) throw fail('starts with "/"; it is relative');
  // A namespace is written with or without its trailing slash (`admin/`): the same namespace.
  const segments = (what === 'namespace' ? value.replace(/\/$/, '') : value).split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) throw fail(`"${value}" has an empty, "." or ".." segment`);
  return segments;
}

/** A Vault token goes in a header: printable ASCII without spaces (hvs.…, hvb.…, s.…). Never quoted. */
export function isVaultToken(token: string): boolean {
  return /^[\x21-\x7e]+$/.test(token);
}

/** A name that goes in a message or a body (a field, a role_id): not empty, no control character. */
export function checkVaultName(what: string, value: string, field: string): void {
  if (value.length === 0 || value.length > MAX_NAME_CHARS || CONTROL.test(value)) {
    throw new TokendeckError('VALIDATION', `The ${what} is empty, over ${MAX_NAME_CHARS} characters or holds a control character. Give it as Vault shows it.`, { field });
  }
}

export interface VaultCall {
  base: URL;
  method: 'GET' | 'POST';
  /** The API path after /v1, as segments (encoded here). */
  segments: string[];
  query?: Record<string, string>;
  token?: string;
  namespace?: string[];
  body?: Record<string, string>;
  timeoutMs: number;
  /** What the call is, for messages: `reading the Vault secret secret/musimap#client_secret`. */
  what: string;
  /** Removed from any server words we repeat: the token, a secret_id. */
  secrets: string[];
  /** Proxy, extra CA, client certificate; the environment's proxy settings when not given. */
  transport?: Transport;
}

export interface VaultAnswer {
  status: number;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
  text: string;
}

export function vaultUrl(call: Pick<VaultCall, 'base' | 'segments' | 'query'>): URL {
  const url = new URL(call.base.toString());
  // Behind a proxy Vault may live under a path: the API is under <prefix>/v1 there, as the vault CLI builds it.
  url.pathname = `${call.base.pathname.replace(/\/+$/, '')}/v1/${call.segments.map(encodeURIComponent).join('/')}`;
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
  return url;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Sends the call and reads its answer. Throws for a redirect (never followed: the token would go to
 * wherever the server says), an answer over the cap, and the wire's own failures (NETWORK, TIMEOUT).
 * Any other status comes back for the caller to word.
 */
export async function callVault(call: VaultCall): Promise<VaultAnswer> {
  const url = vaultUrl(call);
  const origin = call.base.origin;
  const headers: string[] = ['accept', 'application/json', 'user-agent', 'Tokendeck'];
  if (call.token !== undefined) headers.push('x-vault-token', call.token);
  if (call.namespace) headers.push('x-vault-namespace', call.namespace.join('/'));
  const body = call.body === undefined ? null : JSON.stringify(call.body);
  if (body !== null) headers.push('content-type', 'application/json');
  const transport = call.transport ?? transportFromEnv();
  if (call.token !== undefined || call.body !== undefined) refuseClearThroughProxy(transport, url, `${call.what} (with the Vault token)`);
  const signal = AbortSignal.timeout(call.timeoutMs);
  try {
    const response = await timedRequest({ url, transport, method: call.method, headers, body, signal, headersTimeout: 0, bodyTimeout: 0 }, {});
    const status = response.statusCode;
    if (status >= 300 && status < 400) {
      await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      const location = headerValue(response.headers.location);
      throw new TokendeckError('SOURCE_UNAVAILABLE', `Vault at ${origin} redirected ${call.what} (HTTP ${status}) to ${locationOrigin(location, url, call.secrets)}. Tokendeck does not send the Vault token to another address: set the Vault address to the one that answers itself (the active node, or the load balancer in front of the cluster).`);
    }
    const { bytes, truncated } = await readCappedStream(response.body, MAX_VAULT_ANSWER_BYTES);
    if (truncated) {
      throw new TokendeckError('SOURCE_UNAVAILABLE', `Vault at ${origin} sent an answer over ${MAX_VAULT_ANSWER_BYTES / 1024} KB to ${call.what}; a Vault answer is a few KB. Check the Vault address points at Vault's API.`);
    }
    const text = new TextDecoder().decode(bytes);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status, json, text };
  } catch (error) {
    // Once the timeout fired, whatever broke next (the socket mid-body) is the timeout's doing.
    const failure = wireFailure(signal.aborted ? signal.reason : error, origin, call.timeoutMs);
    if (failure === error) throw failure;
    throw new TokendeckError(failure.code, `${capitalized(call.what)}: ${failure.message}`);
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Where a redirect pointed, as an origin: the server's words, scrubbed (a Location may echo the token). */
function locationOrigin(location: string | undefined, from: URL, secrets: string[]): string {
  if (!location) return 'no address (no Location)';
  let origin: string;
  try {
    origin = new URL(location, from).origin;
  } catch {
    origin = location;
  }
  return quoteServer(origin.replace(CONTROLS, ' '), { values: secrets }, { maxChars: 200 });
}

/**
 * The first line of the server's first error, fit to repeat: Vault answers `{"errors":[…]}`, often
 * in Go's multierror form ("1 error occurred:\n\t* permission denied\n\n"), whose header and bullets
 * are dropped. A proxy's HTML page gives its first line of text. Secrets are scrubbed from the
 * whole text first, then control characters go and the line is cut.
 */
export function firstErrorLine(answer: VaultAnswer, secrets: string[]): string {
  const errors = (answer.json as { errors?: unknown } | undefined)?.errors;
  const first = Array.isArray(errors) ? errors.find((e): e is string => typeof e === 'string' && e.trim() !== '') : undefined;
  const raw = first ?? (answer.json === undefined ? answer.text.replace(/<[^>]*>/g, '\n') : '');
  const scrubbed = scrubSecrets(raw, { values: secrets });
  const line = scrubbed
    .split(/\r?\n|\r/)
    .map((text) => text.replace(CONTROLS, ' ').replace(/^[\s*]+/, '').trim())
    .find((text) => text !== '' && !/^\d+ errors? occurred:?$/i.test(text));
  return line === undefined ? '' : quoteServer(line, { values: secrets }, { maxChars: 200 });
}

export interface RefusalWords {
  /** Who was refused what, starting a sentence: `Vault at https://… refused reading secret/x#y`. */
  subject: string;
  /** What to do about a 403 (permission denied). */
  forbidden: string;
  /** What a 404 means here and what to do. */
  notFound: string;
  /** What to check on a 400 (a bad request: for a login, the role_id and secret_id). */
  badRequest: string;
}

/** SOURCE_UNAVAILABLE for any answer that is not a success, in the words of the status. */
export function vaultRefusal(answer: VaultAnswer, words: RefusalWords, secrets: string[]): TokendeckError {
  const { status } = answer;
  const said = firstErrorLine(answer, secrets);
  const quoted = said ? `: "${said}"` : '';
  let advice: string;
  if (status === 503) {
    const sealed = /sealed/i.test(said) ? 'is sealed' : 'is sealed or down for maintenance';
    return new TokendeckError('SOURCE_UNAVAILABLE', `${words.subject}: the Vault ${sealed} (HTTP 503${quoted}). Its operators must unseal it; try again once they have.`);
  } else if (status === 403) advice = words.forbidden;
  else if (status === 404) advice = words.notFound;
  else if (status === 400) advice = words.badRequest;
  else if (status === 429) advice = 'Vault is rate-limiting requests; try again in a moment.';
  else if (status >= 500) advice = 'The Vault server failed; try again later, or ask its operators.';
  else advice = 'Check the Vault address, mount and path.';
  return new TokendeckError('SOURCE_UNAVAILABLE', `${words.subject} (HTTP ${status}${quoted}). ${advice}`);
}

/** A name the server gave (a field of a secret), fit to list: control characters out, cut short. */
export function shownName(name: string): string {
  const clean = name.replace(CONTROLS, '?');
  return JSON.stringify(clean.length > 64 ? `${clean.slice(0, 64)}…` : clean);
}
