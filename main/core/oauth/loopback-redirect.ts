// The one-shot redirect listener of a native app (RFC 8252 §7.3): http://127.0.0.1:<random
// port>/callback, answering exactly one authorization response whose `state` matches. Anything
// else that reaches the port (another method, path or Host, a second callback) gets an error
// page and changes nothing: a browser asks for /favicon.ico, and a web page may try to post to
// the port. A Host other than 127.0.0.1:<port> is a DNS-rebinding page, not the browser's redirect.
//
// A wrong `state` ends the flow with an error rather than waiting on: the one redirect the server
// sends carries the right state (256 random bits, never guessed), so a wrong one is another
// flow's answer (a stale tab, or an attacker's code pushed at us: login CSRF, RFC 6749 §10.12).
// Saying so at once beats a silent wait until the timeout, and trying again is one click.
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { TokendeckError } from '../errors.js';
import { quoteServer } from '../scrub-secrets.js';

export const CALLBACK_PATH = '/callback';
export const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60_000;
const MAX_CODE_CHARS = 4096;

export interface AuthorizationResponse {
  code: string;
  /** RFC 9207: the issuer that sent the response, when the server says. */
  iss?: string;
}

export type BrowserOutcome = { ok: true } | { ok: false; message: string };

export interface LoopbackRedirect {
  redirectUri: string;
  /** The one accepted authorization response, or a typed error; the listener is closed on an error. */
  response: Promise<AuthorizationResponse>;
  /** Answers the browser's accepted callback (it waits for the token exchange), then closes. */
  finish(outcome: BrowserOutcome): Promise<void>;
}

export interface LoopbackOptions {
  state: string;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A page with no script, no style, nothing loaded: CSP `default-src 'none'`. */
function sendPage(response: http.ServerResponse, status: number, title: string, text: string, extra: Record<string, string> = {}): void {
  const body = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    connection: 'close',
    ...extra,
  });
  response.end(body);
}

function sameSecret(a: string, b: string): boolean {
  // Digests first: timingSafeEqual needs equal lengths, and the length must not leak either.
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** The one value of a parameter; RFC 6749 §3.1: a parameter sent twice is an error. */
function single(params: URLSearchParams, name: string): string | undefined | null {
  const values = params.getAll(name);
  return values.length > 1 ? null : values[0];
}

/** RFC 6749 §4.1.2.1: the server's `error` and `error_description`, as a refusal. */
function serverRefusal(params: URLSearchParams): TokendeckError {
  const quote = (value: string | null, max: number) => quoteServer(value ?? '', { values: [] }, { maxChars: max });
  const error = quote(params.get('error'), 60);
  const description = params.get('error_description') ? `: "${quote(params.get('error_description'), 300)}"` : '';
  const hint = error === 'access_denied' ? 'The sign-in was declined; sign in again and accept to continue.' : "Check the client's settings at the server (its redirect URI, scopes, grant types), then sign in again.";
  return new TokendeckError('EXCHANGE_REJECTED', `The authorization server refused the sign-in (${error}${description}). ${hint}`);
}

/** What the callback's query says: the response, or why the flow ends. */
function readCallback(params: URLSearchParams, state: string): AuthorizationResponse | TokendeckError {
  const sentState = single(params, 'state');
  if (typeof sentState !== 'string' || !sameSecret(sentState, state)) {
    return new TokendeckError('EXCHANGE_PROTOCOL', "The sign-in callback carried another sign-in's state (or none), so it was refused: it may be an old tab or a forged redirect (RFC 6749 §10.12). Sign in again.");
  }
  if (params.has('error')) return serverRefusal(params);
  const code = single(params, 'code');
  const iss = single(params, 'iss');
  if (typeof code !== 'string' || code.length === 0 || iss === null) {
    return new TokendeckError('EXCHANGE_PROTOCOL', 'The sign-in callback had no authorization code, or a parameter twice (RFC 6749 §3.1). Sign in again; if it repeats, check the authorization endpoint.');
  }
  if (code.length > MAX_CODE_CHARS || /[^\x20-\x7e]/.test(code)) {
    return new TokendeckError('EXCHANGE_PROTOCOL', `The authorization code is over ${MAX_CODE_CHARS} characters or holds characters a code may not (RFC 6749 Appendix A.11). Sign in again; if it repeats, check the authorization endpoint.`);
  }
  return { code, ...(iss === undefined ? {} : { iss }) };
}

export async function startLoopbackRedirect({ state, timeoutMs = DEFAULT_SIGN_IN_TIMEOUT_MS, signal }: LoopbackOptions): Promise<LoopbackRedirect> {
  signal?.throwIfAborted();
  const server = http.createServer();
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;

  let answered = false;
  let accepted: http.ServerResponse | undefined;
  let resolveResponse!: (value: AuthorizationResponse) => void;
  let rejectResponse!: (error: TokendeckError) => void;
  const response = new Promise<AuthorizationResponse>((resolve, reject) => {
    resolveResponse = resolve;
    rejectResponse = reject;
  });
  // A caller that awaits finish() only still sees no unhandled rejection.
  response.catch(() => undefined);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      server.close(() => resolve());
      for (const socket of sockets) socket.destroySoon();
      server.closeIdleConnections();
    }));

  const end = (error: TokendeckError) => {
    if (answered) return;
    answered = true;
    rejectResponse(error);
    void close();
  };
  const timer = setTimeout(() => end(new TokendeckError('TIMEOUT', `No sign-in came back within ${Math.round(timeoutMs / 1000)} s. Sign in again, and finish in the browser before the time is up.`)), timeoutMs);
  const onAbort = () => end(new TokendeckError('CANCELLED', 'You cancelled the sign-in. Sign in again when ready.'));
  signal?.addEventListener('abort', onAbort, { once: true });

  server.on('request', (request: http.IncomingMessage, reply: http.ServerResponse) => {
    if (request.method !== 'GET') return sendPage(reply, 405, 'Not accepted', 'This address takes only the sign-in redirect.', { allow: 'GET' });
    if (request.headers.host !== host) return sendPage(reply, 400, 'Not accepted', 'This address answers only the sign-in redirect to itself.');
    const url = new URL(request.url ?? '/', `http://${host}`);
    if (url.pathname !== CALLBACK_PATH) return sendPage(reply, 404, 'Not found', 'This address takes only the sign-in redirect.');
    if (answered) return sendPage(reply, 409, 'Sign-in already answered', 'This sign-in has already received its answer; this one was ignored. Return to Tokendeck.');
    const result = readCallback(url.searchParams, state);
    if (result instanceof TokendeckError) {
      sendPage(reply, 400, 'Sign-in failed', `${result.message} You can close this tab.`);
      return end(result);
    }
    answered = true;
    accepted = reply;
    resolveResponse(result);
  });

  return {
    redirectUri: `http://${host}${CALLBACK_PATH}`,
    response,
    async finish(outcome) {
      if (accepted && !accepted.headersSent) {
        if (outcome.ok) sendPage(accepted, 200, 'Signed in — you can close this tab', 'Tokendeck has the session. Return to Tokendeck.');
        else sendPage(accepted, 400, 'Sign-in failed', `${outcome.message} You can close this tab.`);
      }
      answered = true;
      await close();
    },
  };
}
