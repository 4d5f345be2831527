// Watches the cached tokens on a steady tick: announces each one entering its expiring phase
// and expiring, and for clients with auto-refresh on makes it again once it is expiring. A tick
// rather than a timer per token: it survives sleep and clock changes and stays one loop.
import { toErrorPayload } from './errors.js';
import type { TokenRecord } from './model/entities.js';
import { tokenPhase, type TokenPhase } from './token-timing.js';
import type { TokenService } from './token-service.js';
import type { Vault } from './vault.js';

export const DEFAULT_TICK_MS = 5_000;

export class RefreshScheduler {
  private readonly phases = new Map<string, TokenPhase>();
  private readonly refreshing = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly vault: Vault,
    private readonly tokens: TokenService,
    private readonly tickMs = DEFAULT_TICK_MS,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.tickMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One pass over the cache; resolves when any refreshes it started have finished. */
  async tick(): Promise<void> {
    const now = this.tokens.now();
    const autoRefresh = new Set(this.vault.tree().organizations.flatMap((o) => o.clients.filter((c) => c.autoRefresh).map((c) => c.id)));
    const records = this.tokens.records();
    const work: Promise<void>[] = [];
    for (const record of records) {
      const phase = tokenPhase(Date.parse(record.issuedAt), Date.parse(record.expiresAt), now);
      const before = this.phases.get(record.id);
      this.phases.set(record.id, phase);
      if (phase !== 'fresh' && phase !== before) this.tokens.emit(phase, record);
      if (phase !== 'fresh' && autoRefresh.has(record.clientRef)) work.push(this.refresh(record));
    }
    for (const id of this.phases.keys()) if (!records.some((r) => r.id === id)) this.phases.delete(id);
    await Promise.all(work);
  }

  private async refresh(record: TokenRecord): Promise<void> {
    if (this.refreshing.has(record.id)) return;
    this.refreshing.add(record.id);
    try {
      await this.tokens.refresh(record);
    } catch (error) {
      this.tokens.emit('failed', record, toErrorPayload(error));
    } finally {
      this.refreshing.delete(record.id);
    }
  }
}
