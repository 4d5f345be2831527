// The one shape every scheme shares: what it needs (the client, its organization, its secret or
// signing key, the caller's options) in, a credential with its expiry out.
import type { KeyObject } from 'node:crypto';
import type { Client, Organization } from '../model/entities.js';
import type { Scheme } from '../providers/schemes.js';

export interface Credential {
  scheme: Scheme;
  /** The part after the scheme word. */
  token: string;
  /** The whole Authorization header value. */
  authorization: string;
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
}
