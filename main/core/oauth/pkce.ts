// PKCE (RFC 7636): a verifier of 43 base64url characters from 32 random bytes (§4.1, §7.1) and
// its S256 challenge (§4.2). `plain` is never used: it sends the verifier itself through the
// browser, which is what PKCE is there to keep out of an intercepted redirect.
import { createHash, randomBytes } from 'node:crypto';
import { TokendeckError } from '../errors.js';

export interface Pkce {
  verifier: string;
  challenge: string;
  method: 'S256';
}

export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier), method: 'S256' };
}

/** §4.2: BASE64URL(SHA256(ASCII(code_verifier))). */
export function s256Challenge(verifier: string): string {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) throw new TokendeckError('INTERNAL', 'A PKCE verifier must be 43 to 128 unreserved characters (RFC 7636 §4.1).');
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/**
 * Refuses a server whose metadata lists code challenge methods without S256. A server that lists
 * none may still support it (many do without saying): S256 is sent and the server decides.
 */
export function checkS256Offered(methods: readonly string[] | undefined, issuer: string): void {
  if (methods === undefined || methods.includes('S256')) return;
  const offered = methods.length ? methods.map((m) => `"${m.slice(0, 20)}"`).join(', ') : 'none';
  throw new TokendeckError(
    'EXCHANGE_PROTOCOL',
    `The issuer ${issuer} offers PKCE methods ${offered} but not S256. Tokendeck uses S256 only (RFC 7636): "plain" would send the verifier through the browser. Ask the server's administrator to enable S256.`,
  );
}
