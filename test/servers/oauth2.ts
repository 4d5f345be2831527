// An OAuth 2.0 token endpoint (RFC 6749 §4.4, client credentials) with client_secret_basic and
// client_secret_post, optional scope and audience, errors as §5.2 describes them. Like real
// servers it may leave out expires_in (§5.1: RECOMMENDED), issue JWT access tokens (RFC 9068) and
// grant another scope than the one asked for.
import { randomUUID } from 'node:crypto';
import { readBody, sendJson, startLoopback, type Loopback, type SeenRequest } from './loopback.js';

export interface OAuth2Server extends Loopback {
  tokenUrl: string;
  seen: SeenRequest[];
  expiresIn: number | string | undefined;
  exchanges: number;
  /** Issue JWT access tokens whose exp is this many seconds ahead (unsigned: only exp matters). */
  jwtLifetime: number | undefined;
  /** Grant this scope whatever was asked (answered in `scope`). */
  grantScope: string | undefined;
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'at+jwt' })}.${part(claims)}.`;
}

function clientFromRequest(authorization: string | undefined, form: URLSearchParams): { id?: string; secret?: string; method: string } {
  if (authorization?.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':').map((part) => decodeURIComponent(part!.replace(/\+/g, ' ')));
    return { id, secret, method: 'client_secret_basic' };
  }
  return { id: form.get('client_id') ?? undefined, secret: form.get('client_secret') ?? undefined, method: 'client_secret_post' };
}

export async function startOAuth2(clients: Array<{ clientId: string; secret: string }>): Promise<OAuth2Server> {
  const seen: SeenRequest[] = [];
  const state = { expiresIn: 3600 as number | string | undefined, exchanges: 0, jwtLifetime: undefined as number | undefined, grantScope: undefined as string | undefined };
  const issued = new Map<string, string>();
  const loopback = await startLoopback(async (request, response) => {
    const body = await readBody(request);
    seen.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body });
    // A protected API beside the token endpoint: GET /api/... with a Bearer token it issued.
    if (request.method === 'GET' && request.url?.startsWith('/api/')) {
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!issued.has(token)) return sendJson(response, 401, { error: 'invalid_token' });
      return sendJson(response, 200, { path: request.url, client: issued.get(token) });
    }
    if (request.method !== 'POST' || request.url !== '/oauth/token') return sendJson(response, 404, { error: 'not_found' });
    state.exchanges++;
    if (request.headers['content-type'] !== 'application/x-www-form-urlencoded') {
      return sendJson(response, 400, { error: 'invalid_request', error_description: 'form encoding required' });
    }
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials') return sendJson(response, 400, { error: 'unsupported_grant_type' });
    const { id, secret, method } = clientFromRequest(request.headers.authorization, form);
    if (!clients.some((c) => c.clientId === id && c.secret === secret)) {
      return sendJson(response, 401, { error: 'invalid_client', error_description: `Client authentication failed (${method})` });
    }
    const accessToken = state.jwtLifetime === undefined ? `oa.${randomUUID()}` : unsignedJwt({ sub: id, jti: randomUUID(), exp: Math.floor(Date.now() / 1000) + state.jwtLifetime });
    const answer: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', scope: state.grantScope ?? form.get('scope') ?? undefined };
    issued.set(answer.access_token as string, id ?? '');
    if (state.expiresIn !== undefined) answer.expires_in = state.expiresIn;
    sendJson(response, 200, answer);
  });
  const server = { ...loopback, tokenUrl: `${loopback.origin}/oauth/token`, seen } as OAuth2Server;
  for (const key of ['expiresIn', 'exchanges', 'jwtLifetime', 'grantScope'] as const) {
    Object.defineProperty(server, key, { get: () => state[key], set: (value) => ((state as Record<string, unknown>)[key] = value), enumerable: true });
  }
  return server;
}
