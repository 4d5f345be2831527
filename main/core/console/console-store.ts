// The console's history and saved requests, per organization, in `console.json` next to the
// vault (a separate file, so a long history never slows the vault's reads or the CLI). History
// is bounded (oldest dropped) and written behind the response: entries queue for half a second
// and are flushed together, one locked write at a time (a whole-file rewrite per request would
// cost more than the request). history() shows queued entries at once; quit flushes.
import { randomUUID } from 'node:crypto';
import { TokendeckError } from '../errors.js';
import { JsonFileStore } from '../json-file-store.js';
import { sameName } from '../model/primitives.js';
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
export const HISTORY_WRITE_DELAY_MS = 500;

export class ConsoleStore extends JsonFileStore<ConsoleData> {
  private queue: Array<{ orgId: string; entry: HistoryEntry }> = [];
  /** The batch being written now: still shown by history() until it is on disk. */
  private writing: Array<{ orgId: string; entry: HistoryEntry }> = [];
  /** The chain of writes: one at a time, in order. */
  private writes: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

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

  /** Queues the entry; it is written within HISTORY_WRITE_DELAY_MS, or by `flush()`. */
  append(orgId: string, entry: HistoryEntry): void {
    this.queue.push({ orgId, entry });
    this.scheduleWrite();
  }

  private scheduleWrite(): void {
    if (this.timer || !this.queue.length) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A failed write keeps its entries queued: the next schedule tries again.
      void this.writeQueued().then(
        () => this.scheduleWrite(),
        () => this.scheduleWrite(),
      );
    }, HISTORY_WRITE_DELAY_MS);
    this.timer.unref?.();
  }

  /** Writes every queued entry now (quit, tests). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    do await this.writeQueued();
    while (this.queue.length);
  }

  /** One locked write of what is queued, after any write already under way. */
  private writeQueued(): Promise<void> {
    const write = async () => {
      const batch = this.queue;
      if (!batch.length) return;
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
    };
    const next = this.writes.then(write, write);
    this.writes = next.catch(() => undefined);
    return next;
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
      const existing = list.findIndex((s) => sameName(s.name, name));
      const saved: SavedRequest = { id: existing >= 0 ? list[existing]!.id : randomUUID(), name, savedAt: new Date().toISOString(), request };
      if (existing >= 0) list[existing] = saved;
      else list.push(saved);
      return saved;
    });
  }

  /**
   * Saves many at once, each as save() would, in one write (a setup import). Resolves to the undo:
   * it puts back the lists of the organizations it touched, should the import fail after it.
   */
  async saveMany(entries: ReadonlyArray<{ orgId: string; name: string; request: ConsoleRequest }>): Promise<() => Promise<void>> {
    const before = new Map<string, SavedRequest[] | undefined>();
    await this.update((data) => {
      const savedAt = new Date().toISOString();
      const indexes = new Map<string, Map<string, number>>();
      for (const { orgId, name, request } of entries) {
        if (!before.has(orgId)) before.set(orgId, data.saved[orgId] && [...data.saved[orgId]]);
        const list = (data.saved[orgId] ??= []);
        let index = indexes.get(orgId);
        if (!index) indexes.set(orgId, (index = new Map(list.map((s, i) => [s.name.toLowerCase(), i]))));
        const at = index.get(name.toLowerCase());
        const saved: SavedRequest = { id: at === undefined ? randomUUID() : list[at]!.id, name, savedAt, request };
        if (at === undefined) index.set(name.toLowerCase(), list.push(saved) - 1);
        else list[at] = saved;
      }
    });
    return async () => {
      await this.update((data) => {
        for (const [orgId, list] of before) {
          if (list) data.saved[orgId] = list;
          else delete data.saved[orgId];
        }
      });
    };
  }

  async removeSaved(orgId: string, id: string): Promise<void> {
    await this.update((data) => {
      const list = data.saved[orgId] ?? [];
      const index = list.findIndex((s) => s.id === id);
      if (index < 0) throw new TokendeckError('NOT_FOUND', 'That saved request no longer exists. Reload the list.');
      list.splice(index, 1);
    });
  }

  /**
   * The organization's history and saved requests name the client `to` where they named `from`
   * (renames.ts). Entries still queued are written first, so none keeps the old name.
   */
  async renameClient(orgId: string, from: string, to: string): Promise<void> {
    await this.flush();
    const requests = (data: ConsoleData) => [...(data.history[orgId] ?? []), ...(data.saved[orgId] ?? [])].map((e) => e.request);
    if (!requests(this.read()).some((r) => sameName(r.client, from))) return;
    await this.update((data) => {
      for (const request of requests(data)) if (sameName(request.client, from)) request.client = to;
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
