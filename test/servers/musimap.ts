// A Musimap stand-in as seed 002 describes it: POST {client_id, client_secret} as JSON to the
// token endpoint, answered by the envelope {status: 201, timestamp, data: {...}} with times in
// milliseconds and a 7,200 s token for `Authorization: Bearer`. `misbehave` switches the token
// endpoint into one of the ways real servers go wrong.
import { randomUUID } from 'node:crypto';
import { readBody, sendJson, startLoopback, type Loopback, type SeenRequest } from './loopback.js';

export type MusimapMisbehaviour =
  | 'html'
  | 'empty'
  | 'truncated-json'
  | 'giant'
  | 'no-envelope'
  | 'no-token'
  | 'no-expiry'
  | 'wrong-types'
  | 'seconds-not-ms'
  | 'microseconds'
  | 'server-error'
  | 'reset-mid-body'
  | 'never-answers'
  | 'redirect';

export interface MusimapServer extends Loopback {
  tokenUrl: string;
  /** How many token requests reached the endpoint. */
  exchanges: number;
  lifetimeMs: number;
  misbehave: MusimapMisbehaviour | undefined;
  /** The answer delay, to hold exchanges open (single-flight tests). */
  delayMs: number;
  issued: string[];
  /** Every request, as it came: which credentials reached this host. */
  seen: SeenRequest[];
  revokeAll(): void;
}

const ORGANIZATION_ID = 'e4587784-e0a4-43ff-8466-bf17afbb352c';

export async function startMusimap(clients: Array<{ clientId: string; secret: string }>): Promise<MusimapServer> {
  const valid = new Set<string>();
  const seen: SeenRequest[] = [];
  const state = { exchanges: 0, lifetimeMs: 7_200_000, misbehave: undefined as MusimapMisbehaviour | undefined, delayMs: 0, issued: [] as string[] };

  const loopback = await startLoopback(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const body = await readBody(request);
    seen.push({ method: request.method ?? '', path: url.pathname, headers: request.headers, body });
    if (request.method === 'POST' && url.pathname === '/auth/token') {
      state.exchanges++;
      if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
      let credentials: { client_id?: unknown; client_secret?: unknown } = {};
      try {
        credentials = JSON.parse(body);
      } catch {
        return sendJson(response, 400, { status: 400, message: 'Body must be JSON' });
      }
      if (request.headers['content-type'] !== 'application/json') return sendJson(response, 415, { status: 415, message: 'JSON expected' });
      const client = clients.find((c) => c.clientId === credentials.client_id && c.secret === credentials.client_secret);
      if (!client) return sendJson(response, 401, { status: 401, timestamp: Date.now(), error: { message: 'Invalid client credentials' } });

      const issuedAt = Date.now();
      const token = `mm.${randomUUID()}.${randomUUID()}`;
      const data: Record<string, unknown> = {
        id: randomUUID(),
        removed_at: null,
        refreshed_at: null,
        revoked_at: null,
        subject_type: 'Client',
        subject_id: randomUUID(),
        issued_at: issuedAt,
        expires_at: issuedAt + state.lifetimeMs,
        issuer_type: null,
        issuer_id: null,
        organization_id: ORGANIZATION_ID,
        token,
      };
      const envelope = { status: 201, timestamp: issuedAt, data };
      switch (state.misbehave) {
        case 'html':
          return response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Login</body></html>');
        case 'empty':
          return response.writeHead(201).end();
        case 'truncated-json':
          return response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(envelope).slice(0, 80));
        case 'giant':
          return response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ ...envelope, padding: 'x'.repeat(3 * 1024 * 1024) }));
        case 'no-envelope':
          return sendJson(response, 201, data);
        case 'no-token':
          delete data.token;
          break;
        case 'no-expiry':
          delete data.expires_at;
          break;
        case 'wrong-types':
          data.expires_at = String(data.expires_at);
          break;
        case 'seconds-not-ms':
          data.issued_at = Math.floor(issuedAt / 1000);
          data.expires_at = Math.floor((issuedAt + state.lifetimeMs) / 1000);
          break;
        case 'microseconds':
          data.expires_at = (issuedAt + state.lifetimeMs) * 1000;
          break;
        case 'server-error':
          return sendJson(response, 500, { status: 500, message: 'Internal error' });
        case 'reset-mid-body':
          response.writeHead(201, { 'content-type': 'application/json', 'content-length': '4096' });
          response.write(JSON.stringify(envelope).slice(0, 50));
          setTimeout(() => request.socket.destroy(), 20);
          return;
        case 'never-answers':
          return;
        case 'redirect':
          return response.writeHead(307, { location: 'http://127.0.0.1:9/elsewhere' }).end();
        case undefined:
          break;
      }
      valid.add(token);
      state.issued.push(token);
      return sendJson(response, 201, envelope);
    }
    // Any other path is "the API": seed 002 names no endpoint, only the Bearer header.
    if (url.pathname !== '/auth/token') {
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!valid.has(token)) return sendJson(response, 401, { status: 401, message: 'Invalid or expired token' });
      return sendJson(response, 200, { status: 200, data: { path: url.pathname, organization_id: ORGANIZATION_ID } });
    }
    sendJson(response, 405, { status: 405, message: 'POST the client credentials here' });
  });

  const server = {
    ...loopback,
    tokenUrl: `${loopback.origin}/auth/token`,
    seen,
    revokeAll: () => valid.clear(),
  } as MusimapServer;
  for (const key of ['exchanges', 'lifetimeMs', 'misbehave', 'delayMs', 'issued'] as const) {
    Object.defineProperty(server, key, { get: () => state[key], set: (value) => ((state as Record<string, unknown>)[key] = value), enumerable: true });
  }
  return server;
}
