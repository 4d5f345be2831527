// One POST to a token endpoint (Musimap's or an OAuth 2.0 server's) and its JSON answer. Shared
// by the exchanging schemes: the timeout, the size cap, refusing redirects (a secret is never
// re-posted elsewhere) and turning the server's refusal into EXCHANGE_REJECTED with its message,
// scrubbed of what was sent. node:http(s) rather than fetch(): fetch refuses the Fetch standard's
// "bad ports" (1, 6000, 10080…) without connecting and says only "fetch failed", where `request`
// connects and names what happened; node:http also loads faster than fetch's bundled undici.
// GitHub refuses a request without a User-Agent, so every exchange names itself.
// Both are loaded on the first exchange: a cached token or a DevToken needs no HTTP module.
// A Transport (proxy, extra CA, client certificate) opens the connection itself (tunnel.ts): through
// a proxy the POST, secret included, travels inside TLS with the origin, never readable by the proxy.
import type { IncomingHttpHeaders } from 'node:http';
import { TokendeckError, type ErrorAction } from '../errors.js';
import { quoteServer, type SecretsToScrub } from '../scrub-secrets.js';
import { wireFailure } from './failures.js';
import { readCappedStream } from './read-body.js';
import { nodeConnection } from './node-connection.js';
import { refuseClearThroughProxy, transportFromEnv, type Transport } from './transport.js';

const MAX_ANSWER_BYTES = 1024 * 1024;

export interface TokenEndpointCall {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Removed from any server words we repeat (a server may echo what it was sent). */
  secrets: SecretsToScrub;
  /**
   * Whose credentials these are: a refusal offers to check that client's secret (in the deck).
   * Absent (a user flow's module not yet wired to a vault client): no such offer.
   */
  client?: { org: string; client: string };
  /** The user's cancel (a sign-in abandoned), beside the timeout: aborting it ends the POST as CANCELLED. */
  signal?: AbortSignal | undefined;
  /** Which OAuth endpoint this is, for the messages (default `token`): its refusal names it and its URL. */
  endpoint?: 'token' | 'device authorization' | 'revocation';
  /** A 2xx whose body is not JSON is success, answered as undefined (RFC 7009 §2.2: revocation's 200 says nothing). */
  anyBodyOnSuccess?: boolean;
  /**
   * What to check when the server refuses (4xx), where it is not the client's secret: a signed
   * assertion is refused for its key, claims or installation. No secret check is offered then.
   */
  refusedHint?: string;
  /** Proxy, extra CA, client certificate (mTLS); the environment's proxy settings when not given. */
  transport?: Transport;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** The server's own words, from the places token endpoints put them, not yet fit to repeat. */
function serverWords(json: unknown, text: string): { words: string; markup: boolean } {
  const candidates: unknown[] = [];
  if (json && typeof json === 'object') {
    const body = json as Record<string, unknown>;
    const error = body.error;
    candidates.push(body.error_description, body.message, body.detail, body.title);
    if (error && typeof error === 'object') candidates.push((error as Record<string, unknown>).message);
    candidates.push(error);
  }
  const found = candidates.find((c): c is string => typeof c === 'string' && c.trim().length > 0);
  return found === undefined ? { words: text, markup: true } : { words: found, markup: false };
}

async function post(call: TokenEndpointCall, signal: AbortSignal): Promise<Answer> {
  const endpoint = call.endpoint ?? 'token';
  const url = new URL(call.url);
  // node:http would send a URL's user:password as a Basic header of its own (fetch refused it).
  if (url.username || url.password) {
    throw new TokendeckError('VALIDATION', `The ${call.endpoint ?? 'token'} URL holds a user name or password (user:password@host). Remove it: the client secret is sent only the way the scheme sends it.`);
  }
  const transport = call.transport ?? transportFromEnv();
  refuseClearThroughProxy(transport, url, 'the token request (with the client credentials)');
  const client = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  // One connection per POST, opened by the transport: node's agent would pool it with others.
  const connection = await nodeConnection(transport, url, signal);
  const body = Buffer.from(call.body, 'utf8');
  return new Promise<Answer>((resolve, reject) => {
    const request = client.request(
      url,
      { method: 'POST', headers: { accept: 'application/json', 'user-agent': 'Tokendeck', ...call.headers, 'content-length': String(body.length) }, signal, ...connection },
      (response) => {
        readCappedStream(response, MAX_ANSWER_BYTES).then(({ bytes, truncated }) => {
          if (truncated) {
            response.destroy();
            reject(new TokendeckError('EXCHANGE_PROTOCOL', `The ${endpoint} endpoint sent an answer over ${MAX_ANSWER_BYTES / 1024} KB; a token answer is a few KB at most. Check the ${endpoint} URL.`));
            return;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text: new TextDecoder().decode(bytes) });
        }, reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * The server's refusal, with its RFC 6749 §5.2 `error` code when it sent one that is a plain code
 * (a user flow tells `authorization_pending` or `invalid_grant` from the rest by it). The message
 * is the same as any refusal's; the code is never shown unchecked.
 */
export class TokenEndpointRefusal extends TokendeckError {
  constructor(
    readonly status: number,
    readonly oauthError: string | undefined,
    /** The server's words as the message quotes them: scrubbed, shortened. */
    readonly said: string,
    message: string,
    options: { action?: ErrorAction },
  ) {
    super('EXCHANGE_REJECTED', message, options);
  }
}

/** §5.2's `error`: ASCII %x20-21 / %x23-5B / %x5D-7E, taken without spaces: a short code, never prose. */
function oauthErrorCode(json: unknown): string | undefined {
  const error = json && typeof json === 'object' ? (json as Record<string, unknown>).error : undefined;
  return typeof error === 'string' && /^[\x21\x23-\x5B\x5D-\x7E]{1,64}$/.test(error) ? error : undefined;
}

export async function postToTokenEndpoint(call: TokenEndpointCall): Promise<unknown> {
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
  const endpoint = call.endpoint ?? 'token';
  let answer: Answer;
  try {
    answer = await post(call, signal);
  } catch (error) {
    // Once the timeout fired, whatever broke next (the socket mid-body) is the timeout's doing.
    throw wireFailure(signal.aborted ? signal.reason : error, call.url, call.timeoutMs, `the ${endpoint} request`);
  }
  const { status, headers, text } = answer;
  const quote = (words: string, markup = false) => quoteServer(words, call.secrets, { markup });

  if (status >= 300 && status < 400) {
    const location = headers.location ? quote(headers.location) : 'elsewhere';
    throw new TokendeckError('EXCHANGE_PROTOCOL', `The ${endpoint} endpoint redirected (HTTP ${status}) to ${location}. Tokendeck does not re-send a secret to another address: set the ${endpoint} URL to the final address.`);
  }
  let json: unknown;
  let isJson = true;
  try {
    json = JSON.parse(text);
  } catch {
    isJson = false;
  }
  if (status < 200 || status >= 300) {
    const { words, markup } = serverWords(json, text);
    const said = quote(words, markup) || 'no message';
    const hint = status >= 500 ? 'The server failed; try again later.' : (call.refusedHint ?? `Check the client id and secret (tokendeck client set-secret) and the ${endpoint} URL.`);
    // Named: with an environment per host, which host refused says whether the secret or the URL is wrong.
    const host = new URL(call.url).origin;
    // A 4xx refuses what was sent (the id and secret, usually); a 5xx is the server's own failure.
    const action = status < 500 && !call.refusedHint && call.client ? { action: { kind: 'check-secret' as const, ...call.client, host, said } } : {};
    throw new TokenEndpointRefusal(status, oauthErrorCode(json), said, `The ${endpoint} endpoint ${host} refused the exchange (HTTP ${status}): "${said}". ${hint}`, action);
  }
  if (!isJson) {
    if (call.anyBodyOnSuccess) return undefined;
    const type = headers['content-type'] ? quote(headers['content-type']) : 'no content type';
    const what = text.trim() === '' ? 'an empty body' : `${type} that is not valid JSON`;
    throw new TokendeckError('EXCHANGE_PROTOCOL', `The ${endpoint} endpoint answered HTTP ${status} with ${what}. Check the ${endpoint} URL points at the ${endpoint} endpoint itself.`);
  }
  return json;
}
