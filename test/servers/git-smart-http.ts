// A GitHub Enterprise Server stand-in on one loopback HTTPS origin (a certificate from the test
// CA): `/api/v3/…` is passed to the GitHub App stand-in (github-app.ts), everything else is git's
// smart HTTP served by the real `git http-backend` (CGI) over bare repositories in `root`. Like
// GitHub it takes an installation token as the password of Basic `x-access-token:<token>`; any
// other request gets 401 and a Basic challenge, which is when git asks its credential helper.
import { spawn } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Issued } from './test-ca.js';

export interface GitRequest {
  method: string;
  path: string;
  /** `x-access-token:<token>` when accepted; the user name alone otherwise (never a password). */
  user?: string;
  accepted: boolean;
}

export interface GitSmartHttp {
  port: number;
  seen: GitRequest[];
  close(): Promise<void>;
}

export interface GitSmartHttpOptions {
  certificate: Issued;
  /** Bare repositories, as <root>/<org>/<repo>.git. */
  root: string;
  /** The GitHub App stand-in's origin (http://127.0.0.1:port), for /api/v3. */
  apiOrigin: string;
  /** Whether the installation token is one the GitHub stand-in issued and is still valid. */
  acceptsToken(token: string): boolean;
}

async function body(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function forwardToApi(request: http.IncomingMessage, response: http.ServerResponse, apiOrigin: string, payload: Buffer): void {
  const target = new URL(request.url!.slice('/api/v3'.length) || '/', apiOrigin);
  const upstream = http.request(target, { method: request.method, headers: { ...request.headers, host: target.host } }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(response);
  });
  upstream.on('error', () => response.writeHead(502).end());
  upstream.end(payload);
}

/** Runs `git http-backend` for one request and relays its CGI answer (a `Status:` line, headers, body). */
function httpBackend(request: http.IncomingMessage, response: http.ServerResponse, root: string, payload: Buffer): void {
  const url = new URL(request.url!, 'https://stand-in');
  const cgi = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: root,
      REQUEST_METHOD: request.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: request.headers['content-type'] ?? '',
      CONTENT_LENGTH: String(payload.length),
      REMOTE_USER: 'x-access-token',
      REMOTE_ADDR: '127.0.0.1',
      ...(request.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(request.headers['content-encoding']) } : {}),
      ...(request.headers['git-protocol'] ? { GIT_PROTOCOL: String(request.headers['git-protocol']) } : {}),
    },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const out: Buffer[] = [];
  cgi.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  cgi.on('close', () => {
    const all = Buffer.concat(out);
    const end = all.indexOf('\r\n\r\n');
    if (end === -1) return void response.writeHead(500).end();
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of all.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      const [name, value] = [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else headers[name] = value;
    }
    response.writeHead(status, headers).end(all.subarray(end + 4));
  });
  cgi.stdin.on('error', () => undefined);
  cgi.stdin.end(payload);
}

export async function startGitSmartHttp(options: GitSmartHttpOptions): Promise<GitSmartHttp> {
  const seen: GitRequest[] = [];
  const sockets = new Set<Socket>();
  const server = https.createServer({ cert: options.certificate.certPem, key: options.certificate.keyPem }, async (request, response) => {
    const payload = await body(request);
    if (request.url?.startsWith('/api/v3/')) return forwardToApi(request, response, options.apiOrigin, payload);
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(request.headers.authorization ?? '');
    const [user, ...rest] = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') : [];
    const password = rest.join(':');
    const accepted = user === 'x-access-token' && options.acceptsToken(password);
    seen.push({ method: request.method ?? '', path: request.url ?? '', ...(user !== undefined ? { user: accepted ? `${user}:${password}` : user } : {}), accepted });
    if (!accepted) return void response.writeHead(401, { 'www-authenticate': 'Basic realm="GitHub"', 'content-type': 'text/plain' }).end('Invalid username or token.\n');
    httpBackend(request, response, options.root, payload);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
