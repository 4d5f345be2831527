// Certificate-bound access tokens (RFC 8705 §3): a JWT access token whose `cnf` names the SHA-256
// thumbprint of the client certificate it was issued over (`x5t#S256`). Such a token is good only
// over a connection that presents that certificate; Tokendeck checks before it sends one, so a
// bound token never leaves over another connection (where it would fail, and be seen for nothing).
import { TokendeckError } from '../errors.js';
import type { ClientCertificateRecord } from '../model/entities.js';

/** The thumbprint a JWT access token is bound to, or undefined (not a JWT, or not bound). Unverified: only what it claims. */
export function boundThumbprint(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1]!.length > 64 * 1024) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    const cnf = (claims as { cnf?: unknown } | null)?.cnf;
    const thumbprint = typeof cnf === 'object' && cnf !== null ? (cnf as Record<string, unknown>)['x5t#S256'] : undefined;
    return typeof thumbprint === 'string' ? thumbprint : undefined;
  } catch {
    return undefined;
  }
}

/** A thumbprint as people see it: its first 12 characters, enough to tell two certificates apart. */
export const thumbprintStart = (thumbprint: string): string => `${thumbprint.slice(0, 12)}…`;

/**
 * Refuses (CERTIFICATE_BINDING, nothing sent) a token bound to a certificate the client does not
 * present: it has none, its key is not here, or it is another one. `who`: `org/client`.
 */
export function checkCertificateBinding(token: string, certificate: ClientCertificateRecord | undefined, who: string): void {
  const bound = boundThumbprint(token);
  if (bound === undefined) return;
  if (certificate?.hasKey && certificate.thumbprint === bound) return;
  const presents = !certificate ? 'has no client certificate' : !certificate.hasKey ? 'has the certificate but not its private key here' : `presents another certificate (${thumbprintStart(certificate.thumbprint)}, ${certificate.subject})`;
  throw new TokendeckError(
    'CERTIFICATE_BINDING',
    `The token of ${who} is bound to the TLS certificate ${thumbprintStart(bound)} (RFC 8705), but ${who} ${presents}. Tokendeck did not send it: it is good only over a connection made with that certificate. Give ${who} the certificate it was issued for, or make a fresh token (--fresh).`,
  );
}
