// The inspector's answer for any pasted token (issue 26): a JWT decoded and judged (jwt-inspect.ts),
// and, JWT or not, what Tokendeck knows of it when it is one of its own cached tokens: matched by
// value here in main (token-store.ts), answered with names and times only, never the value.
import { expiryLine } from './duration.js';
import { NotFoundError, TokendeckError } from './errors.js';
import { decodeJwt, inspectAgainst, tokenFromPaste, type JwtInspection } from './jwt-inspect.js';
import { inEnvironment } from './model/environments.js';
import { sameName } from './model/primitives.js';
import type { TokenView } from './token-events.js';
import type { TokenService } from './token-service.js';
import type { OrganizationTree } from './vault.js';

/** One of Tokendeck's cached tokens, as the inspector shows it. */
export interface KnownToken {
  org: string;
  client: string;
  environment: string;
  scheme: TokenView['scheme'];
  issuedAt: string;
  expiresAt: string;
  /** "expires in 12 min (2026-12-07 05:30 UTC)": the deck's and the CLI's words. */
  expires: string;
  /** Who made it: "signed here with key KID-1", "issued by https://auth.example.com". */
  issuer: string;
  grantedScope?: string;
  /** The person signed in on its client (its session's account). */
  account?: string;
  sub?: string;
  assumedExpiry?: boolean;
}

export interface OpaqueInspection {
  kind: 'opaque';
  /** Its length in characters: something to compare without showing it. */
  length: number;
  known: KnownToken | null;
}

export type TokenInspection = (JwtInspection & { kind: 'jwt'; known: KnownToken | null }) | OpaqueInspection;

/** RFC 6750's b64token: what a bearer token may be made of. Anything else is not a token at all. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const MAX_TOKEN_CHARS = 64 * 1024;

export function knownToken(view: TokenView, organizations: OrganizationTree[], nowMs = Date.now()): KnownToken {
  const org = organizations.find((o) => sameName(o.name, view.org));
  const tokenUrl = org ? inEnvironment(org, view.environment).tokenUrl : undefined;
  const signedHere = view.scheme === 'devtoken' || (view.scheme === 'jwt' && !tokenUrl);
  const issuer = signedHere ? `signed here${view.kid ? ` with key ${view.kid}` : ''}` : tokenUrl ? `issued by ${new URL(tokenUrl).origin}` : `issued for ${view.org}`;
  return {
    org: view.org,
    client: view.client,
    environment: view.environment,
    scheme: view.scheme,
    issuedAt: view.issuedAt,
    expiresAt: view.expiresAt,
    expires: expiryLine(view.expiresAt, nowMs),
    issuer,
    ...(view.grantedScope !== undefined ? { grantedScope: view.grantedScope } : {}),
    ...(view.account ? { account: view.account } : {}),
    ...(view.sub ? { sub: view.sub } : {}),
    ...(view.assumedExpiry ? { assumedExpiry: true } : {}),
  };
}

/**
 * Inspects a pasted token. A JWT is decoded and judged; one that is not a JWT is answered with
 * what is known of it (a cached token of ours), not refused. One that looks like a JWT (three
 * dot-separated parts, the first `eyJ`: base64url of `{"`) but does not decode stays a VALIDATION
 * error saying what is wrong with it; Musimap's `mm.<uuid>.<uuid>` has dots too and is opaque.
 */
export function inspectToken(organizations: OrganizationTree[], input: string, options: { org?: string; known?: TokenView; nowMs?: number } = {}): TokenInspection {
  const nowMs = options.nowMs ?? Date.now();
  if (options.org && !organizations.some((o) => sameName(o.name, options.org!))) {
    throw new NotFoundError({ org: options.org }, `No organization named "${options.org}". See \`tokendeck org list\`.`);
  }
  const token = tokenFromPaste(input);
  const known = options.known ? knownToken(options.known, organizations, nowMs) : null;
  if (!token) throw new TokendeckError('VALIDATION', 'Nothing to inspect: paste a token or an `Authorization: Bearer …` line.');
  try {
    decodeJwt(token);
  } catch (error) {
    if (known) return { kind: 'opaque', length: token.length, known };
    if (token.startsWith('eyJ') && token.split('.').length === 3) throw error;
    if (token.length > MAX_TOKEN_CHARS) throw new TokendeckError('VALIDATION', 'Not a token: it is far too long.');
    if (!B64TOKEN.test(token)) throw new TokendeckError('VALIDATION', 'Not a token: a token is one word of letters, digits and - . _ ~ + / (RFC 6750), with no spaces inside. Paste the token, or its whole `Authorization: Bearer …` line.');
    return { kind: 'opaque', length: token.length, known: null };
  }
  return { kind: 'jwt', ...inspectAgainst(organizations, token, options.org, nowMs), known };
}

/** A pasted token, looked up among the cached ones first (by value, in main). */
export async function inspectPasted(organizations: OrganizationTree[], tokens: Pick<TokenService, 'findByValue'>, input: string, org?: string): Promise<TokenInspection> {
  const value = tokenFromPaste(input);
  const known = value ? await tokens.findByValue(value) : undefined;
  return inspectToken(organizations, input, { ...(org ? { org } : {}), ...(known ? { known } : {}) });
}
