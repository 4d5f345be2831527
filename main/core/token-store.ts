// The token cache: metadata records in the vault store, values in the encrypted token file, both
// written under the vault lock. One record per client and cache key; expired records stay an
// hour (so the UI can show them as expired) and are then pruned with their values.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { TokenRecord } from './model/entities.js';
import type { TokenValues } from './token-values.js';
import type { VaultStore } from './vault-store.js';

const KEEP_EXPIRED_MS = 60 * 60_000;

export type NewTokenRecord = Omit<TokenRecord, 'id'>;

export class TokenStore {
  constructor(
    private readonly store: VaultStore,
    private readonly values: TokenValues,
    private readonly now: () => number = Date.now,
  ) {}

  records(): TokenRecord[] {
    return this.store.read().tokens;
  }

  find(clientRef: string, cacheKey: string): TokenRecord | undefined {
    return this.records().find((t) => t.clientRef === clientRef && t.cacheKey === cacheKey);
  }

  value(id: string): Promise<string | undefined> {
    return this.values.get(id);
  }

  /** The cached token whose value this is, compared in constant time (digests), read once. */
  async idOfValue(value: string): Promise<string | undefined> {
    const digest = (text: string) => createHash('sha256').update(text).digest();
    const wanted = digest(value);
    const values = await this.values.read();
    return Object.keys(values).find((id) => timingSafeEqual(digest(values[id]!), wanted));
  }

  /** Replaces the client's token for the same cache key; returns the new record. */
  async save(fields: NewTokenRecord, value: string): Promise<TokenRecord> {
    return this.store.update(async (data) => {
      const record: TokenRecord = { id: randomUUID(), ...fields };
      const cutoff = this.now() - KEEP_EXPIRED_MS;
      data.tokens = data.tokens.filter(
        (t) => !(t.clientRef === fields.clientRef && t.cacheKey === fields.cacheKey) && Date.parse(t.expiresAt) > cutoff,
      );
      // Only clients still in the vault keep tokens (one may have been removed meanwhile).
      if (!data.clients.some((c) => c.id === fields.clientRef)) return record;
      data.tokens.push(record);
      await this.values.retain(new Set(data.tokens.map((t) => t.id)), { [record.id]: value });
      return record;
    });
  }

  async discard(id: string): Promise<TokenRecord | undefined> {
    return this.store.update(async (data) => {
      const record = data.tokens.find((t) => t.id === id);
      if (!record) return undefined;
      data.tokens = data.tokens.filter((t) => t.id !== id);
      await this.values.retain(new Set(data.tokens.map((t) => t.id)));
      return record;
    });
  }
}
