// Opens one connection the way a Transport says: straight to the origin, or through an HTTP proxy
// with a CONNECT tunnel, and then TLS end to end with the origin (the proxy relays bytes it cannot
// read: the Authorization header and a token POST's secret never reach it), trusting the extra CA
// and presenting the client certificate. Shared by the undici pools (timed-agent.ts) and the token
// endpoint's node:https request, so both go through a proxy the same way.
import http, { STATUS_CODES } from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { TokendeckError } from '../errors.js';
import { proxyFor, type ProxyRoute, type Transport } from './transport.js';

/** A proxy that does not open the tunnel in this time is not going to. */
const TUNNEL_TIMEOUT_MS = 10_000;

export interface ConnectTarget {
  protocol: string;
  hostname: string;
  port: number;
}

export interface ConnectHooks {
  /** The TCP connection (or the proxy's tunnel) is open; TLS comes next. */
  onTcp?: () => void;
  signal?: AbortSignal;
}

// The first error of each TLS connection we opened: see tlsOver.
const tlsFailures = new WeakMap<net.Socket, Error>();

/** The TLS alert that ended this connection, where the HTTP client only saw it close. */
export function tlsFailureOf(socket: net.Socket): Error | undefined {
  return tlsFailures.get(socket);
}

const bracketed = (host: string) => (net.isIP(host) === 6 ? `[${host}]` : host);

export async function openConnection(transport: Transport, target: ConnectTarget, hooks: ConnectHooks = {}): Promise<net.Socket> {
  const hostname = target.hostname.replace(/^\[|\]$/g, '');
  const url = new URL(`${target.protocol}//${bracketed(hostname)}:${target.port}`);
  const route = proxyFor(transport, url);
  const socket = route ? await tunnel(route, hostname, target.port, hooks.signal) : await direct(hostname, target.port, hooks.signal);
  hooks.onTcp?.();
  if (target.protocol !== 'https:') return socket;
  return tlsOver(socket, transport, hostname, hooks.signal);
}

function whenAborted(signal: AbortSignal | undefined, destroy: (reason: unknown) => void): () => void {
  if (!signal) return () => undefined;
  const abort = () => destroy(signal.reason);
  if (signal.aborted) abort();
  signal.addEventListener('abort', abort, { once: true });
  return () => signal.removeEventListener('abort', abort);
}

function direct(hostname: string, port: number, signal: AbortSignal | undefined): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port });
    const done = whenAborted(signal, (reason) => socket.destroy(reason as Error));
    const failed = (error: Error) => {
      done();
      reject(error);
    };
    socket.once('connect', () => {
      done();
      socket.removeListener('error', failed);
      resolve(socket);
    });
    socket.once('error', failed);
  });
}

function tunnel(route: ProxyRoute, hostname: string, port: number, signal: AbortSignal | undefined): Promise<net.Socket> {
  const authority = `${bracketed(hostname)}:${port}`;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: authority };
    if (route.authorization) headers['proxy-authorization'] = route.authorization;
    const request = http.request({ host: route.host, port: route.port, method: 'CONNECT', path: authority, headers, agent: false, setHost: false });
    const done = whenAborted(signal, (reason) => request.destroy(reason as Error));
    request.setTimeout(TUNNEL_TIMEOUT_MS, () => {
      request.destroy(new TokendeckError('TIMEOUT', `The proxy ${route.shown} did not open a tunnel to ${authority} within ${TUNNEL_TIMEOUT_MS / 1000} s. Check the proxy setting (HTTPS_PROXY) or add the host to NO_PROXY.`));
    });
    request.once('connect', (response, socket, head) => {
      done();
      request.setTimeout(0);
      const status = response.statusCode ?? 0;
      if (status !== 200) {
        socket.destroy();
        const asks = status === 407 ? 'It asks for credentials: give them in the proxy URL (http://user:password@host:port).' : 'Check that the proxy lets Tokendeck reach this host, or add the host to NO_PROXY if it is reachable directly.';
        reject(new TokendeckError('NETWORK', `The proxy ${route.shown} refused to open a tunnel to ${authority} (HTTP ${status} ${STATUS_CODES[status] ?? ''}). ${asks}`.replace(' )', ')')));
        return;
      }
      // The origin speaks only after our TLS hello: anything already here is the proxy's, and wrong.
      if (head.length > 0) {
        socket.destroy();
        reject(new TokendeckError('NETWORK', `The proxy ${route.shown} sent data into the tunnel to ${authority} before the origin could speak. It is not a CONNECT proxy Tokendeck can use.`));
        return;
      }
      resolve(socket);
    });
    request.once('error', (error) => {
      done();
      if (error instanceof TokendeckError || error.name === 'AbortError' || error.name === 'TimeoutError') {
        reject(error);
        return;
      }
      const code = (error as { code?: string }).code ?? 'unknown error';
      reject(new TokendeckError('NETWORK', `Could not reach the proxy ${route.shown} (${code}). Check the proxy setting (HTTPS_PROXY) and that the proxy is running, or add the host to NO_PROXY.`));
    });
    request.end();
  });
}

function tlsOver(socket: net.Socket, transport: Transport, hostname: string, signal: AbortSignal | undefined): Promise<net.Socket> {
  const certificate = transport.clientCertificate;
  let secure: tls.TLSSocket;
  try {
    secure = tls.connect({
      socket,
      // SNI is for names only (RFC 6066 §3); the certificate is still checked against an IP.
      servername: net.isIP(hostname) ? undefined : hostname,
      host: hostname,
      ALPNProtocols: ['http/1.1'],
      // Node's `ca` replaces its roots: the extra bundle is added to them, not put in their place.
      ...(transport.ca ? { ca: [...tls.rootCertificates, transport.ca] } : {}),
      ...(certificate ? { cert: certificate.certPem, key: certificate.keyPem } : {}),
    });
  } catch (error) {
    socket.destroy();
    const code = (error as { code?: string }).code ?? 'unknown error';
    throw new TokendeckError('VALIDATION', `The client certificate, its key or the CA bundle could not be loaded (${code}). Check they are PEM and that the key is the certificate's own.`);
  }
  return new Promise((resolve, reject) => {
    const done = whenAborted(signal, (reason) => secure.destroy(reason as Error));
    // TLS 1.3: a server that wants a client certificate says so with an alert just after the
    // handshake, often in the same read, before the HTTP client has a listener on the socket:
    // kept here and reported instead of the bare "other side closed" it would see next. Later, the
    // alert comes with the answer to the first request, and undici reports the close instead of it.
    let failure: Error | undefined;
    secure.on('error', (error) => {
      failure ??= error;
      if (!tlsFailures.has(secure)) tlsFailures.set(secure, error);
    });
    secure.once('secureConnect', () => {
      done();
      setImmediate(() => {
        if (!failure) return resolve(secure);
        secure.destroy();
        reject(failure);
      });
    });
    secure.once('error', (error) => {
      done();
      reject(error);
    });
  });
}
