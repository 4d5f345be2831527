// Sends one request with a credential attached, following redirects by hand: the Authorization
// header goes only to the origin the request was scoped to, and is dropped for good on a
// redirect to any other origin (several HTTP clients leaked it there). At most 5 redirects.
// A placed credential (an API key) follows the same rule in its own header or query parameter;
// in the query, a redirect to another origin must not carry it in the URL (placed-credential.ts).
// undici's request() over a shared keep-alive pool, timed per request (timed-agent.ts).
import { STATUS_CODES } from 'node:http';
import { TokendeckError } from '../errors.js';
import { quoteServer, scrubSecrets, secretsOfAuthorization, secretsOfCredential, type SecretsToScrub } from '../scrub-secrets.js';
import { wireFailure } from './failures.js';
import { checkPlacedCredential, keyIn, withoutQueryCredential, withQueryCredential, type PlacedCredential } from './placed-credential.js';
import { readCappedStream } from './read-body.js';
import { checkTypedHeaders } from './typed-headers.js';
import type { RequestTiming } from './request-timing.js';
import { timedRequest, timingOf, type Probe } from './timed-agent.js';
import { refuseClearThroughProxy, transportFromEnv, type Transport } from './transport.js';

export const MAX_REDIRECTS = 5;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Headers that carry credentials: never forwarded to another origin. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body?: string;
  /** The whole Authorization value, attached only on the request's own origin. */
  authorization?: string;
  /** Or a credential in its own header or query parameter (an API key): the same rule, not both. */
  placed?: PlacedCredential;
  timeoutMs?: number;
  maxBodyBytes?: number;
  signal?: AbortSignal;
  /** Proxy, extra CA, client certificate; the environment's proxy settings when not given. */
  transport?: Transport;
}

export interface ReceivedResponse {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: Uint8Array;
  truncated: boolean;
  /** The URL that answered, after redirects; a query-placed key in it (and in `redirects`) is ‹redacted›. */
  url: string;
  redirects: string[];
  /**
   * The request that got this answer carried the Authorization value (or the placed credential).
   * A 401 says something about the credential only then: after a cross-origin redirect the
   * answering host never saw it.
   */
  credentialSentToFinalOrigin: boolean;
  durationMs: number;
  timing: RequestTiming;
}

function nextMethod(status: number, method: string): string {
  if (status === 303 && method !== 'HEAD') return 'GET';
  if ((status === 301 || status === 302) && method === 'POST') return 'GET';
  return method;
}

export async function sendRequest(request: OutgoingRequest): Promise<ReceivedResponse> {
  checkTypedHeaders(request.headers);
  const { placed } = request;
  if (placed && request.authorization !== undefined) throw new TokendeckError('INTERNAL', 'A request carries one credential: an Authorization value or a placed one, not both.');
  if (placed) checkPlacedCredential(placed.placement, request.headers, new URL(request.url));
  const secrets = placed ? secretsOfCredential({ token: placed.value, authorization: placed.value, placement: placed.placement }) : secretsOfAuthorization(request.authorization);
  const inQuery = placed?.placement.in === 'query' && placed.value ? { name: placed.placement.name, value: placed.value } : undefined;
  const credentialHeader: [string, string] | undefined =
    placed?.placement.in === 'header' ? [placed.placement.name, placed.value] : request.authorization ? ['authorization', request.authorization] : undefined;
  const hasCredential = Boolean(credentialHeader?.[1]) || inQuery !== undefined;
  const credentialHeaders = placed?.placement.in === 'header' ? new Set([...CREDENTIAL_HEADERS, placed.placement.name.toLowerCase()]) : CREDENTIAL_HEADERS;
  // The caller is shown a URL without the key main put in its query (the CLI prints it, the console scrubs again).
  const shown = (target: URL) => (inQuery ? scrubSecrets(target.toString(), secrets) : target.toString());
  const timeoutMs = request.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // One controller for the whole chain of redirects: the caller's cancel or the timeout.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`No answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  const cancel = () => controller.abort(request.signal!.reason);
  if (request.signal?.aborted) cancel();
  request.signal?.addEventListener('abort', cancel, { once: true });
  const { signal } = controller;
  const scopedOrigin = new URL(request.url).origin;
  const transport = request.transport ?? transportFromEnv();
  const started = performance.now();

  let url = new URL(request.url);
  if (inQuery) url = withQueryCredential(url, inQuery.name, inQuery.value);
  let method = request.method.toUpperCase();
  let body = request.body;
  // Like curl and browsers, the request names its client unless the user named one: GitHub's API
  // refuses a request without a User-Agent (403). A transport default like Host, not listed as added.
  let headers = request.headers.some(([name]) => name.toLowerCase() === 'user-agent') ? request.headers : [...request.headers, ['user-agent', 'Tokendeck'] as [string, string]];
  let crossedOrigin = false;
  const redirects: string[] = [];

  try {
    for (;;) {
      const sent = headers.flat();
      // In the query, the key is in `url` exactly when this holds (the redirect step below sees to it).
      const withCredential = hasCredential && !crossedOrigin && url.origin === scopedOrigin;
      if (withCredential) refuseClearThroughProxy(transport, url, 'the request with its credential');
      if (withCredential && credentialHeader) sent.push(...credentialHeader);
      const probe: Probe = {};
      const hopStarted = performance.now();
      const response = await timedRequest(
        { url, transport, method: method as 'GET', headers: sent, body: method === 'GET' || method === 'HEAD' ? null : (body ?? null), signal, headersTimeout: 0, bodyTimeout: 0 },
        probe,
      );
      const headersAt = performance.now();
      const location = header(response.headers, 'location');
      if (response.statusCode >= 300 && response.statusCode < 400 && location && response.statusCode !== 304) {
        // Drain (a little) rather than destroy, so the connection can be reused and nothing throws later.
        await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        // A Location is the server's words: it may echo the credential it was sent.
        const quoted = (text: string) => quoteServer(text, secrets, { maxChars: 300 });
        if (redirects.length >= MAX_REDIRECTS) {
          throw new TokendeckError('NETWORK', `More than ${MAX_REDIRECTS} redirects, last to ${quoted(location)}. The server is probably redirecting in a loop.`);
        }
        let target = new URL(location, url);
        if (target.protocol !== 'https:' && target.protocol !== 'http:') {
          throw new TokendeckError('NETWORK', `The server redirected to a ${quoted(target.protocol)} URL, which Tokendeck does not follow.`);
        }
        if (target.origin !== url.origin) {
          crossedOrigin = true;
          headers = headers.filter(([name]) => !credentialHeaders.has(name.toLowerCase()));
        }
        if (inQuery) target = queryForNextHop(target, !crossedOrigin, inQuery, secrets, quoted);
        const newMethod = nextMethod(response.statusCode, method);
        if (newMethod !== method) {
          body = undefined;
          headers = headers.filter(([name]) => !BODY_HEADERS.has(name.toLowerCase()));
        }
        method = newMethod;
        redirects.push(shown(target));
        url = target;
        continue;
      }
      const maxBodyBytes = request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      // A declared length within the cap is read in one go (undici holds the server to it).
      const declared = Number(header(response.headers, 'content-length') ?? NaN);
      const { bytes, truncated } =
        declared <= maxBodyBytes ? { bytes: new Uint8Array(await response.body.arrayBuffer()), truncated: false } : await readCappedStream(response.body, maxBodyBytes);
      const ended = performance.now();
      return {
        status: response.statusCode,
        statusText: STATUS_CODES[response.statusCode] ?? '',
        headers: headerPairs(response.headers),
        body: bytes,
        truncated,
        url: shown(url),
        redirects,
        credentialSentToFinalOrigin: withCredential,
        durationMs: ended - started,
        timing: timingOf(probe, hopStarted, headersAt, ended, started),
      };
    }
  } catch (error) {
    throw wireFailure(error, url.toString(), timeoutMs);
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', cancel);
  }
}

/**
 * The next hop's URL for a query-placed key. On the scoped origin (the chain has not left it) the
 * key goes along like the Authorization header would, put back if the Location dropped it. Anywhere
 * else every `name=<key>` parameter is taken out, and if the key is still in the URL in any form
 * (another parameter, the path, the host, userinfo, the fragment; raw, percent- or form-encoded),
 * the redirect is not followed: the Location is the server's, and removing a parameter cannot
 * undo a key it wrote elsewhere.
 */
function queryForNextHop(target: URL, onScopedOrigin: boolean, { name, value }: { name: string; value: string }, secrets: SecretsToScrub, quoted: (text: string) => string): URL {
  if (onScopedOrigin) return withQueryCredential(target, name, value);
  const without = withoutQueryCredential(target, name, value);
  if (keyIn(without, secrets)) {
    throw new TokendeckError(
      'NETWORK',
      `The server redirected to another origin with the credential of the ${name} query parameter still in the URL (${quoted(without.toString())}). Tokendeck does not carry it to another origin, so it did not follow the redirect.`,
    );
  }
  return without;
}

type RawHeaders = Record<string, string | string[] | undefined>;

function header(headers: RawHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function headerPairs(headers: RawHeaders): Array<[string, string]> {
  return Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : Array.isArray(value) ? value.map((v): [string, string] => [name, v]) : [[name, value] as [string, string]]));
}
