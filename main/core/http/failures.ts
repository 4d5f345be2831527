// What went wrong on the wire, as typed errors: a refused connection, an unknown host or a TLS
// failure is NETWORK, an untrusted server certificate TLS_UNTRUSTED; a server that does not answer
// in time is TIMEOUT.
import { TokendeckError } from '../errors.js';

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;
// Alerts the server sends when it turns down our side of the handshake: mutual TLS (RFC 8705).
const CLIENT_CERTIFICATE_REFUSED = /ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|ACCESS_DENIED|UNSUPPORTED_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED)/;

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || (error.cause as Error | undefined)?.name === 'TimeoutError');
}

export function wireFailure(error: unknown, url: string, timeoutMs: number, what = 'the request'): TokendeckError {
  if (error instanceof TokendeckError) return error;
  const origin = safeOrigin(url);
  if (isTimeout(error)) {
    return new TokendeckError('TIMEOUT', `${origin} did not answer ${what} within ${timeoutMs / 1000} s. Check the URL and that the server is up, or raise the timeout.`);
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new TokendeckError('CANCELLED', `You cancelled ${what} to ${origin}. Send it again when ready.`);
  }
  const code = causeCode(error) ?? 'unknown error';
  if (code === 'ECONNREFUSED') return new TokendeckError('NETWORK', `${origin} refused the connection (ECONNREFUSED). Is the server running and the port right?`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new TokendeckError('NETWORK', `The host of ${origin} could not be found (${code}). Check the URL and your network or VPN.`);
  if (CLIENT_CERTIFICATE_REFUSED.test(code)) {
    return new TokendeckError('NETWORK', `The TLS connection to ${origin} failed (${code}): the server asked for a client certificate and did not accept the one sent, or none was set. If it requires mutual TLS, set the client certificate and key it trusts.`);
  }
  if (TLS_CODES.test(code)) {
    return new TokendeckError('TLS_UNTRUSTED', `The TLS connection to ${origin} failed (${code}). The server's certificate is not trusted: check the URL, or, if your organization signs its own certificates, add its CA bundle to the organization (its Network settings, or tokendeck org update <org> --cacert ca.pem).`);
  }
  const sentence = what.charAt(0).toUpperCase() + what.slice(1);
  return new TokendeckError('NETWORK', `${sentence} to ${origin} failed (${code}). Check your network and try again.`);
}

export function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the server';
  }
}
