// An https origin on 127.0.0.1 for transport tests: a certificate from the test CA, optionally
// requiring a client certificate (mutual TLS). It notes, per request, the headers and body it got,
// which connection carried it and the subject of the client certificate on that connection.
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Issued } from './test-ca.js';

export interface SeenTlsRequest {
  method: string;
  path: string;
  authorization?: string;
  body: string;
  /** Numbered in the order connections were accepted. */
  connection: number;
  /** The client certificate's CN on that connection, if one was presented. */
  clientCn?: string;
}

export interface TlsOrigin {
  port: number;
  seen: SeenTlsRequest[];
  close(): Promise<void>;
}

export async function startTlsOrigin(certificate: Issued, options: { clientCa?: string; answer?: (request: SeenTlsRequest) => unknown } = {}): Promise<TlsOrigin> {
  const seen: SeenTlsRequest[] = [];
  const numbers = new WeakMap<Socket, number>();
  const sockets = new Set<Socket>();
  let count = 0;
  const mutual = options.clientCa ? { requestCert: true, rejectUnauthorized: true, ca: options.clientCa } : {};
  const server = https.createServer({ cert: certificate.certPem, key: certificate.keyPem, ...mutual }, async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const socket = request.socket as TLSSocket;
    const cn = options.clientCa ? socket.getPeerCertificate().subject?.CN : undefined;
    const entry: SeenTlsRequest = { method: request.method ?? '', path: request.url ?? '', body, connection: numbers.get(socket) ?? -1, ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}), ...(cn ? { clientCn: String(cn) } : {}) };
    seen.push(entry);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(options.answer?.(entry) ?? { ok: true }));
  });
  server.on('secureConnection', (socket) => {
    numbers.set(socket, ++count);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A refused handshake is the point of some tests: not an unhandled error.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
