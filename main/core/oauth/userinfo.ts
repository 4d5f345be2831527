// Who signed in, when the token answer brought no ID token (a scope without `openid`, a device
// flow some servers answer without one): the UserInfo endpoint (OIDC Core §5.3), asked with the
// new access token. It receives a token, so it must be on the token URL's or the issuer's origin
// (session-flows.ts checks); it is asked only when there is no ID token, so there is no `sub` to
// disagree with (§5.3.2). A failure here never fails the sign-in: the session has no account name.
import type { Transport } from '../http/transport.js';
import { fetchJson } from './fetch-json.js';

/** A userinfo answer is a few hundred bytes. */
const MAX_USERINFO_BYTES = 32 * 1024;
const USERINFO_TIMEOUT_MS = 10_000;

export interface UserinfoIdentity {
  sub: string;
  email?: string;
  name?: string;
  preferredUsername?: string;
}

/** A display claim, if it is a short printable string; anything else is dropped, not trusted. */
export function shownClaim(value: unknown, max = 320): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max && !/[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(value) ? value : undefined;
}

/**
 * The person's claims from the UserInfo endpoint, or undefined when it cannot be had or cannot be
 * believed (no JSON object, no printable `sub`).
 */
export async function fetchUserinfo(endpoint: string, accessToken: string, options: { signal?: AbortSignal | undefined; transport?: Transport | undefined } = {}): Promise<UserinfoIdentity | undefined> {
  let json: unknown;
  try {
    ({ json } = await fetchJson({
      url: endpoint,
      what: "the issuer's userinfo endpoint",
      maxBytes: MAX_USERINFO_BYTES,
      timeoutMs: USERINFO_TIMEOUT_MS,
      signal: options.signal,
      headers: { authorization: `Bearer ${accessToken}` },
      transport: options.transport,
    }));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const claims = json as Record<string, unknown>;
  const sub = shownClaim(claims.sub, 255);
  if (!sub) return undefined;
  const email = shownClaim(claims.email);
  const name = shownClaim(claims.name);
  const preferredUsername = shownClaim(claims.preferred_username);
  return { sub, ...(email ? { email } : {}), ...(name ? { name } : {}), ...(preferredUsername ? { preferredUsername } : {}) };
}
