// Mutual TLS for the tests (RFC 8705): panva's oidc-provider over https with a server certificate
// from the test's CA, asking every client for its certificate (requestCert, not refusing a
// connection without one: the provider refuses the client itself), with `tls_client_auth`,
// `self_signed_tls_client_auth` and certificate-bound JWT access tokens; and an API stand-in that
// takes such a token only over a connection presenting the certificate it is bound to.
import { createHash, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { jwtVerify } from 'jose';
import type { OidcClientConfig } from './oidc.js';
import type { Issued, TestCa } from './test-ca.js';

/** The resource the provider issues JWT access tokens for (RFC 8707), and the API stand-in's audience. */
export const MTLS_API = 'https://api.mtls.tokendeck.test';

export interface MtlsOidc {
  issuer: string;
  tokenUrl: string;
  /** The provider's token-signing public key, for the API stand-in. */
  publicKey: KeyObject;
  /** Per token request: the client certificate's subject the connection presented (undefined: none). */
  presented: Array<string | undefined>;
  /** Every request: its path and the certificate's subject presented. */
  requests: Array<{ path: string; presented: string | undefined }>;
  close(): Promise<void>;
}

/** The peer's certificate as PEM, or undefined when the client presented none. */
function peerCertificate(socket: TLSSocket): string | undefined {
  const peer = socket.getPeerCertificate(false);
  if (!peer || !peer.raw) return undefined;
  return new X509Certificate(peer.raw).toString();
}

/** The common name of the peer's certificate, or undefined when it presented none. */
function peerName(socket: TLSSocket): string | undefined {
  const cn = socket.getPeerCertificate(false)?.subject?.CN;
  return Array.isArray(cn) ? cn.join(',') : cn;
}

const listen = async (server: https.Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

const closer = (server: https.Server) => () =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/**
 * oidc-provider on https://127.0.0.1:<port>, trusting client certificates of `ca` (tls_client_auth) or
 * registered ones (self-signed). `more`: configuration merged over it (its `features` merged too): a
 * person's sign-in (devInteractions, deviceFlow, revocation, findAccount) for the user grants.
 */
export async function startMtlsOidc(ca: TestCa, clients: OidcClientConfig[], more: { features?: Record<string, unknown>; [key: string]: unknown } = {}): Promise<MtlsOidc> {
  const { default: Provider } = await import('oidc-provider');
  const serverCertificate: Issued = ca.server(['127.0.0.1']);
  // `ca` lets node say whether the client's certificate is the CA's (socket.authorized); a
  // self-signed one still connects, and the provider matches it by thumbprint.
  const server = https.createServer({ cert: serverCertificate.certPem, key: serverCertificate.keyPem, ca: ca.pem, requestCert: true, rejectUnauthorized: false });
  const port = await listen(server);
  const issuer = `https://127.0.0.1:${port}`;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'mtls-key', use: 'sig', alg: 'RS256' };
  type Ctx = { socket: TLSSocket };
  const configuration = {
    clients,
    jwks: { keys: [jwk] },
    clientAuthMethods: ['tls_client_auth', 'self_signed_tls_client_auth', 'client_secret_basic'],
    features: {
      clientCredentials: { enabled: true },
      mTLS: {
        enabled: true,
        certificateBoundAccessTokens: true,
        tlsClientAuth: true,
        selfSignedTlsClientAuth: true,
        getCertificate: (ctx: Ctx) => peerCertificate(ctx.socket),
        certificateAuthorized: (ctx: Ctx) => ctx.socket.authorized,
        // tls_client_auth_subject_dn as node writes a subject: CN=alice
        certificateSubjectMatches: (ctx: Ctx, property: string, expected: string) => property === 'tls_client_auth_subject_dn' && peerName(ctx.socket) !== undefined && `CN=${peerName(ctx.socket)}` === expected,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => MTLS_API,
        getResourceServerInfo: () => ({ scope: 'api:read', audience: MTLS_API, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
      },
    },
  };
  const { features: moreFeatures, ...moreConfiguration } = more;
  const provider = new Provider(issuer, { ...configuration, ...moreConfiguration, features: { ...configuration.features, ...moreFeatures } } as never);
  const callback = provider.callback();
  const presented: MtlsOidc['presented'] = [];
  const requests: MtlsOidc['requests'] = [];
  server.on('request', (request, response) => {
    const name = peerName(request.socket as TLSSocket);
    requests.push({ path: new URL(request.url ?? '/', issuer).pathname, presented: name });
    if (request.url?.startsWith('/token')) presented.push(name);
    callback(request, response);
  });
  return { issuer, tokenUrl: `${issuer}/token`, publicKey, presented, requests, close: closer(server) };
}

/** RFC 8705 §2.2: a self-signed certificate registered as the client's JWKS (its key, x5c). */
export function selfSignedJwks(certificate: Issued): { keys: object[] } {
  const x509 = new X509Certificate(certificate.certPem);
  return { keys: [{ ...x509.publicKey.export({ format: 'jwk' }), x5c: [x509.raw.toString('base64')] }] };
}

export interface MtlsApi {
  url: string;
  /** Per request: the status answered and the certificate's subject CN presented (undefined: none). */
  seen: Array<{ status: number; presented: string | undefined }>;
  close(): Promise<void>;
}

/**
 * An API that takes a Bearer JWT signed by `publicKey` for MTLS_API only over a connection whose
 * client certificate is the one the token's cnf.x5t#S256 names (RFC 8705 §3): 401 otherwise.
 */
export async function startMtlsApi(ca: TestCa, publicKey: KeyObject): Promise<MtlsApi> {
  const serverCertificate = ca.server(['127.0.0.1']);
  const server = https.createServer({ cert: serverCertificate.certPem, key: serverCertificate.keyPem, requestCert: true, rejectUnauthorized: false });
  const port = await listen(server);
  const seen: MtlsApi['seen'] = [];
  server.on('request', (request, response) => {
    const socket = request.socket as TLSSocket;
    const peer = peerCertificate(socket);
    const answer = (status: number, body: object) => {
      seen.push({ status, presented: peerName(socket) });
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!token) return answer(401, { error: 'no token' });
    jwtVerify(token, publicKey, { audience: MTLS_API })
      .then(({ payload }) => {
        const bound = (payload.cnf as Record<string, string> | undefined)?.['x5t#S256'];
        const thumbprint = peer && createHash('sha256').update(new X509Certificate(peer).raw).digest('base64url');
        if (!bound || bound !== thumbprint) return answer(401, { error: 'invalid_token', error_description: 'the token is bound to another certificate' });
        answer(200, { ok: true, client: payload.client_id });
      })
      .catch(() => answer(401, { error: 'invalid_token' }));
  });
  return { url: `https://127.0.0.1:${port}`, seen, close: closer(server) };
}
