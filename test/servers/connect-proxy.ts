// An HTTP CONNECT proxy of the tests' own (node:net), on 127.0.0.1, that keeps every byte a client
// sent it: a test greps them for what must never reach a proxy (an Authorization value, a client
// secret). It resolves names under .tokendeck.test to 127.0.0.1, as a corporate proxy resolves
// names the client cannot. Hostile modes: demand credentials (407), or answer the CONNECT and then
// play the origin itself with a certificate of its own (a man in the middle).
import net from 'node:net';
import tls from 'node:tls';
import type { Issued } from './test-ca.js';

export interface ConnectProxy {
  url: string;
  /** Every CONNECT received: its target and the Proxy-Authorization it carried. */
  connects: Array<{ target: string; proxyAuthorization?: string }>;
  /** All bytes clients sent to the proxy, connections one after the other. */
  raw(): Buffer;
  /** In MITM mode: what the fake origin decrypted (nothing, when the client refused its certificate). */
  intercepted(): Buffer;
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  /** The only Proxy-Authorization accepted; anything else gets 407. */
  requireAuthorization?: string;
  /** Answer the CONNECT with 200, then do TLS with this certificate instead of tunnelling. */
  mitm?: Issued;
}

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const connects: ConnectProxy['connects'] = [];
  const raw: Buffer[] = [];
  const intercepted: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const server = net.createServer((client) => {
    track(client);
    let head = Buffer.alloc(0);
    let upstream: net.Socket | undefined;
    client.on('data', (chunk: Buffer) => {
      raw.push(chunk);
      if (upstream) {
        upstream.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      const [requestLine, ...lines] = head.subarray(0, end).toString('latin1').split('\r\n');
      const rest = head.subarray(end + 4);
      const [method = '', target = ''] = (requestLine ?? '').split(' ');
      const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      const proxyAuthorization = headers.get('proxy-authorization');
      connects.push({ target, ...(proxyAuthorization ? { proxyAuthorization } : {}) });
      if (method !== 'CONNECT') {
        client.end('HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      if (options.requireAuthorization && proxyAuthorization !== options.requireAuthorization) {
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\nproxy-authenticate: Basic realm="test"\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      const colon = target.lastIndexOf(':');
      const host = target.slice(0, colon).replace(/^\[|\]$/g, '');
      const port = Number(target.slice(colon + 1));
      if (options.mitm) {
        client.removeAllListeners('data');
        client.on('data', (more: Buffer) => raw.push(more));
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        const fake = new tls.TLSSocket(client, { isServer: true, cert: options.mitm.certPem, key: options.mitm.keyPem });
        fake.on('data', (plain: Buffer) => intercepted.push(plain));
        fake.on('error', () => client.destroy());
        return;
      }
      upstream = net.connect({ host: host.endsWith('.tokendeck.test') ? '127.0.0.1' : host, port });
      track(upstream);
      upstream.once('connect', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (rest.length > 0) upstream!.write(rest);
        upstream!.pipe(client);
      });
      upstream.once('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n'));
      upstream.on('close', () => client.destroy());
      client.on('close', () => upstream!.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    raw: () => Buffer.concat(raw),
    intercepted: () => Buffer.concat(intercepted),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
