// A token endpoint that answers whatever the test sets: Musimap's envelope or an OAuth 2.0
// answer holding a hostile token or hostile times, or an error that echoes the whole request it
// was sent (headers with Authorization, and the JSON or form body) in one of the shapes real
// servers use. One origin serves /musimap/token, /oauth/token and, for `request`, /api/*.
import { readBody, startLoopback, type Loopback, type SeenRequest } from './loopback.js';

export type EndpointKind = 'musimap' | 'oauth2';

export interface RawAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Sent as is: hostile JSON (`1e400`) cannot be built with JSON.stringify. */
  body: string;
}

export type Answerer = (kind: EndpointKind, request: SeenRequest) => RawAnswer;

export interface HostileTokenEndpoint extends Loopback {
  musimapUrl: string;
  oauthUrl: string;
  seen: SeenRequest[];
  /** How the next token request is answered. */
  answer: Answerer;
}

/** The request as a server's debug page shows it: request line, Authorization, body, other headers. */
export function requestEcho(request: SeenRequest): string {
  const { authorization, ...others } = request.headers;
  const headers = Object.entries(others).map(([name, value]) => `${name}: ${String(value)}`);
  return [`${request.method} ${request.path} HTTP/1.1`, ...(authorization ? [`authorization: ${authorization}`] : []), '', request.body, '', ...headers].join('\r\n');
}

/** A good answer: what a working server sends, with a fresh token. */
export function goodAnswer(kind: EndpointKind, token: string, now = Date.now()): RawAnswer {
  const body =
    kind === 'musimap'
      ? { status: 201, timestamp: now, data: { id: 'tok-1', token, issued_at: now, expires_at: now + 7_200_000, organization_id: 'org-1' } }
      : { access_token: token, token_type: 'Bearer', expires_in: 3600 };
  return { status: kind === 'musimap' ? 201 : 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export async function startHostileTokenEndpoint(): Promise<HostileTokenEndpoint> {
  const seen: SeenRequest[] = [];
  const state: { answer: Answerer } = { answer: (kind) => goodAnswer(kind, `${kind}.good`) };
  const loopback = await startLoopback(async (request, response) => {
    const body = await readBody(request);
    const url = request.url ?? '/';
    const record: SeenRequest = { method: request.method ?? '', path: url, headers: request.headers, body };
    seen.push(record);
    const kind: EndpointKind | undefined = url === '/musimap/token' ? 'musimap' : url === '/oauth/token' ? 'oauth2' : undefined;
    if (!kind) {
      // An API that echoes the credential it got into a redirect loop's Location.
      const hop = Number(new URL(url, 'http://x').searchParams.get('hop') ?? 0);
      response.writeHead(302, { location: `/api/loop?hop=${hop + 1}&auth=${encodeURIComponent(request.headers.authorization ?? '')}` }).end();
      return;
    }
    const { status, headers, body: text } = state.answer(kind, record);
    response.writeHead(status, headers).end(text);
  });
  const server = { ...loopback, musimapUrl: `${loopback.origin}/musimap/token`, oauthUrl: `${loopback.origin}/oauth/token`, seen } as HostileTokenEndpoint;
  Object.defineProperty(server, 'answer', { get: () => state.answer, set: (value: Answerer) => (state.answer = value), enumerable: true });
  return server;
}
