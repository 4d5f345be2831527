// A loopback HTTP server for tests: 127.0.0.1 (or another 127.x.y.z: a host of its own, for one
// environment's API) on a free port, with its sockets tracked so that close() ends everything,
// including requests a test left hanging.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Loopback {
  origin: string;
  server: http.Server;
  close(): Promise<void>;
}

export async function startLoopback(handler: http.RequestListener, host = '127.0.0.1'): Promise<Loopback> {
  const server = http.createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    server,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function readBody(request: http.IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body;
}

export function sendJson(response: http.ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

/** Records the headers of every request, for assertions about what was sent where. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
