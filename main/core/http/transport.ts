// How a request reaches its server: through which proxy (or none), trusting which extra CA, and
// presenting which client certificate (mTLS, RFC 8705). A description only: the connection itself
// is opened by tunnel.ts. The proxy rules follow curl's where they are sound (NO_PROXY names,
// domains, `*`) and Go's where curl's is risky: loopback is never sent to a proxy.
import { createHash, X509Certificate } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { TokendeckError } from '../errors.js';

export interface ClientCertificate {
  certPem: string;
  keyPem: string;
}

export interface Transport {
  /** `http://[user:password@]host:port`: the password goes to the proxy alone, in CONNECT's Proxy-Authorization. */
  proxy?: string;
  /** Hosts reached directly: `example.com` (and its subdomains), `.example.com`, `10.1.2.3`, `10.0.0.0/8`, `host:8443`, `*`. */
  noProxy?: string[];
  /** Extra trusted CA certificates (PEM), added to Node's roots, not replacing them. */
  ca?: string;
  /** Presented on the TLS handshake of every request made with this transport. */
  clientCertificate?: ClientCertificate;
}

export interface ProxyRoute {
  host: string;
  port: number;
  /** `Basic …` from the proxy URL's user:password; sent in the CONNECT only. */
  authorization?: string;
  /** For messages: the proxy without its credentials. */
  shown: string;
}

/** The proxy settings of the environment, as curl reads them (lowercase first; empty is unset). */
export function transportFromEnv(env: NodeJS.ProcessEnv = process.env): Transport {
  const pick = (...names: string[]) => names.map((name) => env[name]?.trim()).find((value) => value);
  const proxy = pick('https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY');
  const noProxy = pick('no_proxy', 'NO_PROXY');
  return {
    ...(proxy ? { proxy } : {}),
    ...(noProxy ? { noProxy: noProxy.split(/[\s,]+/).filter(Boolean) } : {}),
  };
}

/** True when the transport changes nothing: the shared default pool and node's own agent serve it. */
export function isDirect(transport: Transport): boolean {
  return !transport.proxy && !transport.ca && !transport.clientCertificate;
}

function parseProxy(proxy: string): ProxyRoute {
  // curl takes a bare host:port as http://host:port.
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TokendeckError('VALIDATION', 'The proxy setting is not a URL. Write it as http://host:port (HTTPS_PROXY).');
  }
  const shown = `${url.protocol}//${url.host}`;
  if (url.protocol !== 'http:') {
    throw new TokendeckError('VALIDATION', `The proxy ${shown} is not an http:// proxy. Tokendeck talks to its proxy in plain HTTP and opens a TLS tunnel through it (CONNECT): write the proxy as http://host:port.`);
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new TokendeckError('VALIDATION', `The proxy ${shown} has a path or query; a proxy is http://host:port only.`);
  }
  const route: ProxyRoute = { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80), shown };
  if (url.username || url.password) {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    route.authorization = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
  }
  return route;
}

export const defaultPort = (url: URL): number => Number(url.port || (url.protocol === 'https:' ? 443 : 80));

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/** A CIDR range (curl >= 7.86: `10.0.0.0/8`, `::1/128`, `[fd00::]/8`) against an IP literal host. */
function inRange(hostname: string, range: string, bits: number): boolean {
  const family = isIP(range);
  if (!family || isIP(hostname) !== family || bits > (family === 4 ? 32 : 128)) return false;
  const block = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  block.addSubnet(range, bits, type);
  return block.check(hostname, type);
}

/** One NO_PROXY entry against a URL: curl's matching, plus an optional `:port`. */
function bypassedBy(entry: string, url: URL): boolean {
  const rule = entry.trim().toLowerCase();
  if (rule === '*') return true;
  const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  const cidr = /^\[?([0-9a-f:.]+)\]?\/(\d{1,3})$/.exec(rule);
  if (cidr) return inRange(hostname, cidr[1]!, Number(cidr[2]));
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rule);
  const hostPort = bracketed ? [bracketed[1], bracketed[2]] : isIP(rule) === 6 ? [rule, undefined] : rule.split(/:(?=\d+$)/);
  const [ruleHost, port] = hostPort as [string, string | undefined];
  if (port !== undefined && Number(port) !== defaultPort(url)) return false;
  const name = ruleHost.replace(/^\*?\./, '').replace(/\.$/, '');
  if (!name) return false;
  if (isIP(name)) return name === hostname;
  return hostname === name || hostname.endsWith(`.${name}`);
}

/** The proxy a request to `url` goes through, or undefined when it goes direct. */
export function proxyFor(transport: Transport, url: URL): ProxyRoute | undefined {
  if (!transport.proxy || isLoopback(url.hostname)) return undefined;
  if (transport.noProxy?.some((entry) => bypassedBy(entry, url))) return undefined;
  return parseProxy(transport.proxy);
}

/**
 * A credential in clear (plain http) through a proxy is readable by the proxy: refused. Plain http
 * is only ever allowed on loopback, which is never proxied, so this holds for a hand-typed URL.
 */
export function refuseClearThroughProxy(transport: Transport, url: URL, what: string): void {
  if (url.protocol !== 'http:') return;
  const route = proxyFor(transport, url);
  if (route) {
    throw new TokendeckError('VALIDATION', `Tokendeck did not send ${what}: it would go in clear (http://) to ${url.origin} through the proxy ${route.shown}, which could read the credential. Use the https:// address, or add the host to NO_PROXY if it is reachable directly.`);
  }
}

/** RFC 8705 §3.1: the certificate's SHA-256 thumbprint (x5t#S256), base64url of its DER. */
export function certificateThumbprint(certPem: string): string {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certPem);
  } catch {
    throw new TokendeckError('VALIDATION', 'The client certificate is not a PEM certificate (-----BEGIN CERTIFICATE-----). Export it as PEM.');
  }
  return createHash('sha256').update(certificate.raw).digest('base64url');
}

/**
 * Names the connection pool a transport may use: two transports share connections only when
 * every part that shapes a connection is the same. A certificate-bound token must only ever go
 * over a connection made with its certificate (RFC 8705 §3), so the certificate's thumbprint is
 * part of the key; the CA bundle and proxy (credentials included) are hashed in.
 */
export function transportKey(transport: Transport): string {
  if (isDirect(transport)) return '';
  const hash = (text: string | undefined) => (text === undefined ? '-' : createHash('sha256').update(text).digest('base64url'));
  const certificate = transport.clientCertificate ? certificateThumbprint(transport.clientCertificate.certPem) : '-';
  return [hash(transport.proxy), hash(transport.noProxy?.join(',')), hash(transport.ca), certificate, hash(transport.clientCertificate?.keyPem)].join('|');
}
