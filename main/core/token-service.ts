// Produces the credential a client needs: picks the scheme, reuses a cached token until a margin
// before its expiry, shares one exchange or signing among concurrent callers, and records what it
// makes. The path of "copy a fresh token": handler or CLI → credential() → scheme → keychain.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { isTokendeckError, TokendeckError } from './errors.js';
import { transportFor } from './http/transport-for.js';
import { withProxyPassword } from './model/network.js';
import type { Transport } from './http/transport.js';
import { isoTime } from './iso-time.js';
import type { Client, Organization, TokenRecord } from './model/entities.js';
import type { TokenRequest } from './model/inputs.js';
import { sameName, Uuid } from './model/primitives.js';
import { authorizationValue } from './providers/schemes.js';
import { signingKey } from './signing-key-choice.js';
import { DEVTOKEN_DEFAULT_TTL_SECONDS } from './providers/musicapi.js';
import { producerFor } from './schemes/registry.js';
import type { Credential, SchemeInput, SchemeProducer } from './schemes/types.js';
import { TokenEvents, type TokenEventType, type TokenView } from './token-events.js';
import type { SignInHow } from './oauth/session-flows.js';
import type { TokenStore } from './token-store.js';
import { refreshSession, signIn, signOut, type SignOut } from './token-sessions.js';
import type { OrganizationTree, Vault } from './vault.js';

export interface IssuedCredential extends Credential {
  /** Whether it came from the cache rather than being made now. */
  fromCache: boolean;
  /** The cache record, for credentials that are cached. */
  tokenId?: string;
}

export interface TokenServiceOptions {
  /** A cached token is reused until this long before it expires. */
  reuseMarginMs?: number;
  /** Token endpoint timeout. */
  timeoutMs?: number;
  now?: () => number;
}

export const DEFAULT_REUSE_MARGIN_MS = 60_000;
export const DEFAULT_EXCHANGE_TIMEOUT_MS = 15_000;

function resolveSub(client: Client, sub: string): string {
  const byLabel = client.integrationUsers.find((u) => sameName(u.label, sub));
  if (byLabel) return byLabel.uuid;
  if (Uuid.safeParse(sub).success) return sub.toLowerCase();
  const labels = client.integrationUsers.map((u) => u.label);
  throw new TokendeckError(
    'VALIDATION',
    `Invalid sub: "${sub}" is neither an integration user of ${client.name} (${labels.length ? labels.join(', ') : 'none defined'}) nor a UUID.`,
  );
}

export class TokenService {
  readonly events = new TokenEvents();
  private readonly inFlight = new Map<string, Promise<IssuedCredential>>();
  /** Parsed private keys, by key record id: main's memory is where secrets may live. */
  private readonly keyObjects = new Map<string, KeyObject>();
  private readonly reuseMarginMs: number;
  private readonly timeoutMs: number;
  readonly now: () => number;

  constructor(
    private readonly vault: Vault,
    private readonly store: TokenStore,
    options: TokenServiceOptions = {},
  ) {
    this.reuseMarginMs = options.reuseMarginMs ?? DEFAULT_REUSE_MARGIN_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_EXCHANGE_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
  }

  credential(request: TokenRequest): Promise<IssuedCredential> {
    return this.issue(request, 'minted');
  }

  private async issue(request: TokenRequest, event: 'minted' | 'refreshed'): Promise<IssuedCredential> {
    const { org, client } = this.vault.resolveClient(request.org, request.client);
    const scheme = request.scheme ?? client.defaultScheme;
    const producer = producerFor(org, scheme);
    if (scheme !== 'devtoken' && request.sub !== undefined) {
      throw new TokendeckError('VALIDATION', `Invalid options: --sub applies to DevTokens, not ${scheme}.`);
    }
    if (scheme !== 'devtoken' && scheme !== 'jwt' && request.ttlSeconds !== undefined) {
      throw new TokendeckError('VALIDATION', `Invalid options: --ttl applies to DevTokens and signed JWTs, not ${scheme}.`);
    }
    const input = this.schemeInput(org, client, request);
    const cached = typeof producer.cached === 'function' ? producer.cached(input) : producer.cached;
    if (!cached) return { ...(await this.produce(producer, input, client)), fromCache: false };

    const kid = scheme === 'devtoken' || scheme === 'jwt' ? this.vault.activeKey(org).kid : undefined;
    const cacheKey = producer.cacheKey(input, kid);
    const flightKey = `${client.id}|${cacheKey}`;
    const running = this.inFlight.get(flightKey);
    if (running) return running;
    const flight = (async () => {
      if (!request.fresh) {
        const reused = await this.cached(client.id, cacheKey, org.jwt?.word);
        if (reused) return reused;
      }
      const made = await this.produce(producer, input, client);
      return this.remember(client, cacheKey, made, event);
    })();
    this.inFlight.set(flightKey, flight);
    try {
      return await flight;
    } finally {
      this.inFlight.delete(flightKey);
    }
  }

  /**
   * The scheme's exchange or signing. A client secret main kept in memory (remembered-secrets.ts)
   * may have been changed in the keychain by hand since: when the server refuses it, it is read
   * again, and the exchange made once more only if it differs (a wrong secret is not posted twice).
   */
  private async produce(producer: SchemeProducer, input: SchemeInput, client: Client): Promise<Credential> {
    try {
      return await producer.produce(input);
    } catch (error) {
      const remembered = this.vault.forgetClientSecret(client);
      if (remembered === undefined || !isTokendeckError(error) || error.code !== 'EXCHANGE_REJECTED') throw error;
      const now = await this.vault.clientSecret(client).catch(() => remembered);
      if (now === remembered) throw error;
      return producer.produce(input);
    }
  }

  /** Makes a cached token again with the same parameters (scheduler, or a 401 on use). */
  async refresh(record: TokenRecord): Promise<IssuedCredential> {
    const view = this.describe(record);
    if (!view) throw new TokendeckError('NOT_FOUND', 'That token belongs to a client that no longer exists.');
    const lifetime = Math.round((Date.parse(record.expiresAt) - Date.parse(record.issuedAt)) / 1000);
    return this.issue(
      {
        org: view.org,
        client: view.client,
        scheme: record.scheme,
        ...(record.scheme === 'devtoken' ? { ttlSeconds: lifetime, ...(record.sub ? { sub: record.sub } : {}) } : {}),
        ...(record.scheme === 'jwt' ? { ttlSeconds: lifetime } : {}),
        fresh: true,
      },
      'refreshed',
    );
  }

  /** A person signs in on an OAuth 2.0 user-grant client (token-sessions.ts); the first token is cached and answered. */
  async signIn(request: Pick<TokenRequest, 'org' | 'client'>, how: SignInHow): Promise<IssuedCredential & { account?: string }> {
    const { org, client } = this.vault.resolveClient(request.org, request.client);
    const { credential, client: recorded } = await signIn(this.vault, org, client, how, this.now, await this.transport(org, client));
    await this.discardAllOf(client.id);
    const issued = await this.remember(recorded, producerFor(org, 'bearer').cacheKey(this.schemeInput(org, recorded, { org: org.name, client: client.name })), credential, 'minted');
    return { ...issued, ...(recorded.session?.account ? { account: recorded.session.account } : {}) };
  }

  /** Signs the person out: the refresh token revoked where the server can, the session and its cached tokens forgotten here. */
  async signOut(request: Pick<TokenRequest, 'org' | 'client'>): Promise<SignOut> {
    const { org, client } = this.vault.resolveClient(request.org, request.client);
    const outcome = await signOut(this.vault, org, client, await this.transport(org, client));
    await this.discardAllOf(client.id);
    return outcome;
  }

  private async discardAllOf(clientRef: string): Promise<void> {
    for (const record of this.store.records().filter((r) => r.clientRef === clientRef)) await this.discard(record.id);
  }

  /** Drops a cached token; one already gone is no error (it expired and was pruned meanwhile). */
  async discard(tokenId: string): Promise<void> {
    const discarded = await this.store.discard(tokenId);
    const view = discarded && this.describe(discarded);
    if (view) this.events.emit({ type: 'discarded', token: view });
  }

  /** The token value, for an explicit reveal or copy. */
  async reveal(tokenId: string): Promise<string> {
    const value = await this.store.value(tokenId);
    if (value === undefined) throw tokenGone();
    return value;
  }

  records(): TokenRecord[] {
    return this.store.records();
  }

  /** The cached token a pasted value is, if any (the inspector); the value goes no further. */
  async findByValue(value: string): Promise<TokenView | undefined> {
    const id = await this.store.idOfValue(value);
    const record = id && this.store.records().find((t) => t.id === id);
    return record ? this.describe(record) : undefined;
  }

  /** Whether a cached token may still be handed out: not expired, nor inside the reuse margin. */
  reusable(record: TokenRecord): boolean {
    return Date.parse(record.expiresAt) - this.now() > this.reuseMarginMs;
  }

  /** The cached token's record; NOT_FOUND once it is gone. */
  record(tokenId: string): TokenRecord {
    const record = this.store.records().find((t) => t.id === tokenId);
    if (!record) throw tokenGone();
    return record;
  }

  /** The cached token as the deck lists it; NOT_FOUND once it (or its client) is gone. */
  view(tokenId: string): TokenView {
    const view = this.describe(this.record(tokenId));
    if (!view) throw tokenGone();
    return view;
  }

  /** Every cached token with its client's names; never a value. */
  list(): TokenView[] {
    const owners = this.ownersByClient();
    return this.store.records().flatMap((record) => this.describe(record, owners) ?? []);
  }

  /** The record with its owner's names; undefined when its client is gone. */
  private describe(record: TokenRecord, owners = this.ownersByClient()): TokenView | undefined {
    const owner = owners.get(record.clientRef);
    if (!owner) return undefined;
    return {
      id: record.id,
      org: owner.org.name,
      client: owner.client.name,
      environment: owner.client.environment,
      scheme: record.scheme,
      ...(record.sub ? { sub: record.sub } : {}),
      ...(record.kid ? { kid: record.kid } : {}),
      ...((record.scheme === 'devtoken' || record.scheme === 'jwt') && record.kid ? staleKey(owner.org, record.kid) : {}),
      issuedAt: record.issuedAt,
      expiresAt: record.expiresAt,
      ...(record.assumedExpiry ? { assumedExpiry: true } : {}),
      ...(record.grantedScope !== undefined ? { grantedScope: record.grantedScope } : {}),
      ...(owner.client.session?.account ? { account: owner.client.session.account } : {}),
    };
  }

  /**
   * Key rotation: mints again every cached DevToken of the organization that was signed with a
   * retired or superseded key (same client, sub and lifetime, the current key), and drops the
   * old ones. Resolves to how many were replaced.
   */
  async remintStale(orgName: string): Promise<number> {
    const owners = this.ownersByClient();
    const stale = this.store.records().filter((record) => {
      const view = this.describe(record, owners);
      return view && sameName(view.org, orgName) && view.staleKey;
    });
    for (const record of stale) {
      await this.refresh(record);
      await this.discard(record.id);
    }
    return stale.length;
  }

  private ownersByClient(): Map<string, { org: OrganizationTree; client: Client }> {
    const owners = new Map<string, { org: OrganizationTree; client: Client }>();
    for (const org of this.vault.tree().organizations) for (const client of org.clients) owners.set(client.id, { org, client });
    return owners;
  }

  /** Tells the listeners (the window) what happened to a cached token. */
  emit(type: TokenEventType, record: TokenRecord, error?: { code: string; message: string }): void {
    const view = this.describe(record);
    if (view) this.events.emit({ type, token: view, ...(error ? { error } : {}) });
  }

  /**
   * How every request made for this client reaches its server: token POSTs, API calls, sign-in.
   * The one place a transport is made (the organization's network settings over the environment's),
   * with the client's TLS certificate when it has one (mutual TLS, RFC 8705): its key is read from
   * the keychain for this request, never kept.
   */
  async transport(org: Organization, client: Client): Promise<Transport> {
    const clientCertificate = await this.vault.clientCertificate(client);
    const network = org.network;
    // The proxy's password lives in the keychain; only this transport, in main's memory, holds it.
    const withPassword = network?.proxy && network.proxyPassword ? { network: { ...network, proxy: withProxyPassword(network.proxy, await this.vault.proxyPassword(org)) } } : org;
    return transportFor(withPassword, { clientCertificate });
  }

  private schemeInput(org: Organization, client: Client, request: TokenRequest): SchemeInput {
    return {
      org,
      client,
      ...(request.sub !== undefined ? { sub: resolveSub(client, request.sub) } : {}),
      ttlSeconds: request.ttlSeconds ?? client.devtokenTtlSeconds ?? org.jwt?.ttlSeconds ?? DEVTOKEN_DEFAULT_TTL_SECONDS,
      timeoutMs: this.timeoutMs,
      now: this.now,
      secret: () => this.vault.clientSecret(client),
      session: async () => refreshSession(this.vault, org, client, this.timeoutMs, this.now, await this.transport(org, client)),
      transport: () => this.transport(org, client),
      activeKey: async () => {
        const key = this.vault.activeKey(org);
        let privateKey = this.keyObjects.get(key.id);
        if (!privateKey) {
          privateKey = createPrivateKey(await this.vault.privateKeyPem(key));
          // A key read from a source is not kept here: SecretSources keeps it 5 minutes and forget()
          // drops it, so a key rotated in the team's store, or a teammate removed, stops signing.
          if (key.privateKeySource === undefined) this.keyObjects.set(key.id, privateKey);
        }
        return { kid: key.kid, privateKey };
      },
    };
  }

  private async cached(clientRef: string, cacheKey: string, word: string | undefined): Promise<IssuedCredential | undefined> {
    const record = this.store.find(clientRef, cacheKey);
    if (!record || !this.reusable(record)) return undefined;
    const token = await this.store.value(record.id);
    if (token === undefined) return undefined;
    return {
      scheme: record.scheme,
      token,
      authorization: authorizationValue(record.scheme, token, record.scheme === 'jwt' ? word : undefined),
      issuedAt: Date.parse(record.issuedAt),
      expiresAt: Date.parse(record.expiresAt),
      ...(record.sub ? { sub: record.sub } : {}),
      ...(record.kid ? { kid: record.kid } : {}),
      ...(record.vendor ? { vendor: record.vendor } : {}),
      ...(record.assumedExpiry ? { assumedExpiry: true } : {}),
      ...(record.grantedScope !== undefined ? { grantedScope: record.grantedScope } : {}),
      fromCache: true,
      tokenId: record.id,
    };
  }

  private async remember(client: Client, cacheKey: string, made: Credential, event: TokenEventType): Promise<IssuedCredential> {
    // A cache record has no placement: a placed credential read back would go out as Authorization.
    if (made.placement) throw new TokendeckError('INTERNAL', `A ${made.scheme} credential sent in ${made.placement.in === 'header' ? 'a header' : 'the query'} cannot be cached.`);
    const record = await this.store.save(
      {
        clientRef: client.id,
        scheme: made.scheme as TokenRecord['scheme'],
        cacheKey,
        issuedAt: isoTime(made.issuedAt),
        expiresAt: isoTime(made.expiresAt!),
        ...(made.sub ? { sub: made.sub } : {}),
        ...(made.kid ? { kid: made.kid } : {}),
        ...(made.vendor && Object.keys(made.vendor).length ? { vendor: made.vendor } : {}),
        ...(made.assumedExpiry ? { assumedExpiry: true } : {}),
        ...(made.grantedScope !== undefined ? { grantedScope: made.grantedScope } : {}),
      },
      made.token,
    );
    this.emit(event, record);
    return { ...made, fromCache: false, tokenId: record.id };
  }
}

/** One wording wherever a cached token is asked for by id and is gone. */
function tokenGone(): TokendeckError {
  return new TokendeckError('NOT_FOUND', 'That token is no longer cached. Copy a fresh one.');
}

/** Whether a DevToken's kid still signs for its organization (newest active key with a private half). */
function staleKey(org: OrganizationTree, kid: string): { staleKey?: 'retired' | 'superseded' } {
  const key = org.keys.find((k) => k.kid === kid);
  if (!key || key.status === 'retired') return { staleKey: 'retired' };
  const signing = signingKey(org.keys);
  return signing && signing.kid !== kid ? { staleKey: 'superseded' } : {};
}
