// The one shape every scheme shares: what it needs (the client, its organization, its secret or
// signing key, the caller's options) in, a credential with its expiry out.
import type { KeyObject } from 'node:crypto';
import type { CredentialPlacement } from '../http/credential-placement.js';
import type { Transport } from '../http/transport.js';
import type { Client, Organization } from '../model/entities.js';
import type { Scheme } from '../providers/schemes.js';

// Defined in a module the page may import too (the console lists what is added where).
export type { CredentialPlacement };

export interface Credential {
  scheme: Scheme;
  /** The part after the scheme word; for a placed credential, the whole value sent (an API key). */
  token: string;
  /** The whole Authorization header value; unused for sending when `placement` is set. */
  authorization: string;
  /**
   * Where the credential goes when not in Authorization: `token` alone, in the named header or
   * query parameter (send-request.ts). Absent: `Authorization: <authorization>`.
   */
  placement?: CredentialPlacement;
  issuedAt: number;
  /** Epoch ms; absent for credentials that do not expire (token, basic). */
  expiresAt?: number;
  sub?: string;
  kid?: string;
  vendor?: { tokenId?: string; organizationId?: string };
  /** The expiry is assumed (the answer had no expires_in and the token is not a JWT with exp). */
  assumedExpiry?: boolean;
  /** The scope granted, where the server says it differs from the one asked for. */
  grantedScope?: string;
}

export interface ActiveKey {
  /** Absent for a profile whose header names no key (GitHub Apps have one key per app). */
  kid: string | undefined;
  privateKey: KeyObject;
}

export interface SchemeInput {
  org: Organization;
  client: Client;
  /** The integration user's UUID for a DevToken's `sub`. */
  sub?: string;
  /** DevToken or signed-JWT lifetime. */
  ttlSeconds: number;
  timeoutMs: number;
  now: () => number;
  secret(): Promise<string>;
  activeKey(): Promise<ActiveKey>;
  /** A person's session (an OAuth 2.0 user grant): a new access token from its refresh token. */
  session(): Promise<Credential>;
  /** How its requests reach the servers: the organization's proxy and CA over the environment's (TokenService.transport). */
  transport(): Promise<Transport>;
}

export interface SchemeProducer {
  /**
   * Whether its credentials go to the token cache (only those minted or exchanged); a signed JWT
   * with a `jti` is not, since a server refuses it the second time.
   */
  cached: boolean | ((input: SchemeInput) => boolean);
  /** What distinguishes two cached credentials of one client and scheme. */
  cacheKey(input: SchemeInput, kid?: string): string;
  produce(input: SchemeInput): Promise<Credential>;
  /**
   * Where its credentials go, known without making one (a `tokendeck token` export of the
   * console's request); absent or undefined: the Authorization header.
   */
  placement?(org: Organization): CredentialPlacement | undefined;
}
