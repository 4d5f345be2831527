// The console's history and saved requests, per organization, in `console.json` next to the
// vault (a separate file, so a long history never slows the vault's reads or the CLI). History
// is bounded (oldest dropped) and written behind the response: entries queue and are flushed
// together, one locked write at a time.
import { randomUUID } from 'node:crypto';
import { TokendeckError } from '../errors.js';
import { JsonFileStore } from '../json-file-store.js';
import {
  CONSOLE_SCHEMA_VERSION,
  ConsoleData,
  DEFAULT_HISTORY_LIMIT,
  emptyConsoleData,
  type ConsoleRequest,
  type HistoryEntry,
  type SavedRequest,
} from './console-model.js';

export const CONSOLE_FILE_NAME = 'console.json';

export class ConsoleStore extends JsonFileStore<ConsoleData> {
  private queue: Array<{ orgId: string; entry: HistoryEntry }> = [];
  /** The batch being written now: still shown by history() until it is on disk. */
  private writing: Array<{ orgId: string; entry: HistoryEntry }> = [];
  private flushing: Promise<void> | undefined;

  constructor(
    home: string,
    readonly historyLimit = DEFAULT_HISTORY_LIMIT,
  ) {
    super(home, {
      fileName: CONSOLE_FILE_NAME,
      label: 'console history file',
      schema: ConsoleData,
      schemaVersion: CONSOLE_SCHEMA_VERSION,
      empty: emptyConsoleData,
      afterCorruption: 'an empty history and no saved requests',
    });
  }

  /** Newest first, including entries still waiting to be written. */
  history(orgId: string): HistoryEntry[] {
    // Read the file first: a batch that lands meanwhile is then still in `writing` or on disk.
    const stored = this.read().history[orgId] ?? [];
    const onDisk = new Set(stored.map((e) => e.id));
    const pending = [...this.writing, ...this.queue].filter((q) => q.orgId === orgId && !onDisk.has(q.entry.id)).map((q) => q.entry);
    return [...stored, ...pending].reverse().slice(0, this.historyLimit);
  }

  /** Queues the entry and starts a flush; `flush()` resolves once it is on disk. */
  append(orgId: string, entry: HistoryEntry): void {
    this.queue.push({ orgId, entry });
    void this.flush().catch(() => undefined);
  }

  /** Writes every queued entry; a failed write keeps them queued for the next flush. */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      try {
        while (this.queue.length) {
          const batch = this.queue;
          this.queue = [];
          this.writing = batch;
          try {
            await this.update((data) => {
              for (const { orgId, entry } of batch) {
                const list = (data.history[orgId] ??= []);
                list.push(entry);
                if (list.length > this.historyLimit) list.splice(0, list.length - this.historyLimit);
              }
            });
          } catch (error) {
            this.queue = [...batch, ...this.queue];
            throw error;
          } finally {
            this.writing = [];
          }
        }
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  async clearHistory(orgId: string): Promise<void> {
    await this.flush();
    await this.update((data) => {
      delete data.history[orgId];
    });
  }

  saved(orgId: string): SavedRequest[] {
    return [...(this.read().saved[orgId] ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Saves under a name; saving again under the same name (any case) replaces it. */
  save(orgId: string, name: string, request: ConsoleRequest): Promise<SavedRequest> {
    return this.update((data) => {
      const list = (data.saved[orgId] ??= []);
      const existing = list.findIndex((s) => s.name.toLowerCase() === name.toLowerCase());
      const saved: SavedRequest = { id: existing >= 0 ? list[existing]!.id : randomUUID(), name, savedAt: new Date().toISOString(), request };
      if (existing >= 0) list[existing] = saved;
      else list.push(saved);
      return saved;
    });
  }

  async removeSaved(orgId: string, id: string): Promise<void> {
    await this.update((data) => {
      const list = data.saved[orgId] ?? [];
      const index = list.findIndex((s) => s.id === id);
      if (index < 0) throw new TokendeckError('NOT_FOUND', 'That saved request no longer exists. Reload the list.');
      list.splice(index, 1);
    });
  }

  /** Drops the history and saved requests of an organization that was removed. */
  async forgetOrganization(orgId: string): Promise<void> {
    await this.flush();
    await this.update((data) => {
      delete data.history[orgId];
      delete data.saved[orgId];
    });
  }
}
