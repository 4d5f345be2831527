// A MusicAPI stand-in that checks credentials as seed 000 describes them: `Token <client id>`
// for public endpoints, HTTP Basic or an ES256 `DevToken` (verified with the registered public
// key by `kid`, times in seconds) for private ones, and the required JSON Content-Type.
import { createPublicKey } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { readBody, sendJson, startLoopback, type Loopback, type SeenRequest } from './loopback.js';

/** A 1×1 PNG, for the console's image preview. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export interface MusicApiClient {
  clientId: string;
  secret: string;
}

export interface MusicApiServer extends Loopback {
  seen: SeenRequest[];
  registerKey(kid: string, publicKeyPem: string): void;
  /** Rejects this DevToken from now on, as after a revocation. */
  revoke(token: string): void;
}

type Verdict = { ok: true; auth: 'token' | 'basic' | 'devtoken'; clientId: string; sub?: string } | { ok: false; status: number; message: string };

export async function startMusicApi(clients: MusicApiClient[]): Promise<MusicApiServer> {
  const keys = new Map<string, string>();
  const revoked = new Set<string>();
  const seen: SeenRequest[] = [];

  async function verify(authorization: string | undefined, privateEndpoint: boolean): Promise<Verdict> {
    const [word, value = ''] = (authorization ?? '').split(' ', 2);
    if (word === 'Token' && !privateEndpoint) {
      return clients.some((c) => c.clientId === value) ? { ok: true, auth: 'token', clientId: value } : { ok: false, status: 401, message: 'Unknown client id' };
    }
    if (word === 'Basic') {
      const [id, ...rest] = Buffer.from(value, 'base64').toString('utf8').split(':');
      const client = clients.find((c) => c.clientId === id && c.secret === rest.join(':'));
      return client ? { ok: true, auth: 'basic', clientId: client.clientId } : { ok: false, status: 401, message: 'Invalid client credentials' };
    }
    if (word === 'DevToken') {
      if (revoked.has(value)) return { ok: false, status: 401, message: 'Token revoked' };
      try {
        const header = decodeProtectedHeader(value);
        if (header.typ !== 'JWT' || header.alg !== 'ES256' || !header.kid) return { ok: false, status: 401, message: 'Header must be {typ: JWT, alg: ES256, kid}' };
        const pem = keys.get(header.kid);
        if (!pem) return { ok: false, status: 401, message: `Unknown key id ${header.kid}` };
        const { payload } = await jwtVerify(value, createPublicKey(pem), { algorithms: ['ES256'] });
        if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number' || payload.iat > 1e10 || payload.exp > 1e10) {
          return { ok: false, status: 401, message: 'iat and exp must be NumericDates in seconds' };
        }
        if (payload.iat > Date.now() / 1000) return { ok: false, status: 401, message: 'iat is in the future' };
        const client = clients.find((c) => c.clientId === payload.iss);
        if (!client) return { ok: false, status: 401, message: 'Unknown issuer' };
        return { ok: true, auth: 'devtoken', clientId: client.clientId, ...(payload.sub ? { sub: payload.sub } : {}) };
      } catch (error) {
        return { ok: false, status: 401, message: `Invalid DevToken: ${(error as Error).message}` };
      }
    }
    return { ok: false, status: 401, message: privateEndpoint ? 'Private endpoints need Basic or DevToken' : 'Missing Authorization' };
  }

  const loopback = await startLoopback(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const body = await readBody(request);
    seen.push({ method: request.method ?? 'GET', path: url.pathname, headers: request.headers, body });
    if (url.pathname.startsWith('/redirect/')) {
      // /redirect/same, /redirect/cross?to=URL, /redirect/loop?hops=N (N redirects in all)
      const hops = Number(url.searchParams.get('hops') ?? 0);
      const location = hops > 1 ? `/redirect/loop?hops=${hops - 1}` : (url.searchParams.get('to') ?? '/search/introspection');
      response.writeHead(Number(url.searchParams.get('status') ?? 302), { location }).end();
      return;
    }
    // Test-only endpoints for the console: a slow answer, an image, a large body, an echo.
    if (url.pathname === '/test/slow') {
      const timer = setTimeout(() => sendJson(response, 200, { slept: true }), Number(url.searchParams.get('ms') ?? 60_000));
      response.on('close', () => clearTimeout(timer));
      return;
    }
    if (url.pathname === '/test/image.png') return void response.writeHead(200, { 'content-type': 'image/png' }).end(TINY_PNG);
    if (url.pathname === '/test/big') {
      return void response.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(Number(url.searchParams.get('bytes') ?? 1024)));
    }
    if (url.pathname === '/test/echo') {
      return sendJson(response, 200, { method: request.method, query: Object.fromEntries(url.searchParams), contentType: request.headers['content-type'] ?? null, body });
    }
    if (request.headers['content-type'] !== 'application/json; charset=utf-8') {
      return sendJson(response, 415, { message: 'Content-Type must be application/json; charset=utf-8' });
    }
    const privateEndpoint = url.pathname.startsWith('/users/');
    if (!privateEndpoint && url.pathname !== '/search/introspection') return sendJson(response, 404, { message: 'Not found' });
    const verdict = await verify(request.headers.authorization, privateEndpoint);
    if (!verdict.ok) return sendJson(response, verdict.status, { message: verdict.message });
    const { ok: _ok, ...who } = verdict;
    sendJson(response, 200, { endpoint: url.pathname, method: request.method, ...who });
  });

  return {
    ...loopback,
    seen,
    registerKey: (kid, pem) => keys.set(kid, pem),
    revoke: (token) => revoked.add(token),
  };
}
