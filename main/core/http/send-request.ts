// Sends one request with a credential attached, following redirects by hand: the Authorization
// header goes only to the origin the request was scoped to, and is dropped for good on a
// redirect to any other origin (several HTTP clients leaked it there). At most 5 redirects.
import { TokendeckError } from '../errors.js';
import { wireFailure } from './failures.js';
import { readCappedBody } from './read-body.js';

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
  timeoutMs?: number;
  maxBodyBytes?: number;
  signal?: AbortSignal;
}

export interface ReceivedResponse {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: Uint8Array;
  truncated: boolean;
  /** The URL that answered, after redirects. */
  url: string;
  redirects: string[];
  durationMs: number;
}

function validateHeaders(headers: Array<[string, string]>): void {
  for (const [name, value] of headers) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new TokendeckError('VALIDATION', `Invalid header name "${name.slice(0, 60)}".`);
    if (/[\r\n\0]/.test(value)) throw new TokendeckError('VALIDATION', `Invalid header "${name}": its value contains a line break or NUL.`);
  }
}

function nextMethod(status: number, method: string): string {
  if (status === 303 && method !== 'HEAD') return 'GET';
  if ((status === 301 || status === 302) && method === 'POST') return 'GET';
  return method;
}

export async function sendRequest(request: OutgoingRequest): Promise<ReceivedResponse> {
  validateHeaders(request.headers);
  if (request.authorization && request.headers.some(([name]) => name.toLowerCase() === 'authorization')) {
    throw new TokendeckError('VALIDATION', 'Invalid headers: Authorization is added by Tokendeck from the chosen scheme; remove it from the headers.');
  }
  const timeoutMs = request.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const signal = request.signal ? AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  const scopedOrigin = new URL(request.url).origin;
  const started = performance.now();

  let url = new URL(request.url);
  let method = request.method.toUpperCase();
  let body = request.body;
  let headers = request.headers;
  let crossedOrigin = false;
  const redirects: string[] = [];

  try {
    for (;;) {
      const sent = new Headers(headers);
      if (request.authorization && !crossedOrigin && url.origin === scopedOrigin) sent.set('authorization', request.authorization);
      const response = await fetch(url, { method, headers: sent, body: method === 'GET' || method === 'HEAD' ? undefined : body, redirect: 'manual', signal });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location && response.status !== 304) {
        await response.body?.cancel();
        if (redirects.length >= MAX_REDIRECTS) {
          throw new TokendeckError('NETWORK', `More than ${MAX_REDIRECTS} redirects, last to ${location}. The server is probably redirecting in a loop.`);
        }
        const target = new URL(location, url);
        if (target.protocol !== 'https:' && target.protocol !== 'http:') {
          throw new TokendeckError('NETWORK', `The server redirected to a ${target.protocol} URL, which Tokendeck does not follow.`);
        }
        if (target.origin !== url.origin) {
          crossedOrigin = true;
          headers = headers.filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase()));
        }
        const newMethod = nextMethod(response.status, method);
        if (newMethod !== method) {
          body = undefined;
          headers = headers.filter(([name]) => !BODY_HEADERS.has(name.toLowerCase()));
        }
        method = newMethod;
        redirects.push(target.toString());
        url = target;
        continue;
      }
      const { bytes, truncated } = await readCappedBody(response, request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
      return {
        status: response.status,
        statusText: response.statusText,
        headers: [...response.headers.entries()],
        body: bytes,
        truncated,
        url: url.toString(),
        redirects,
        durationMs: performance.now() - started,
      };
    }
  } catch (error) {
    throw wireFailure(error, url.toString(), timeoutMs);
  }
}
