// Client secrets kept in main's memory after their first keychain read (SECURITY.md: secrets live
// "in the OS keychain and in main's memory"), so an exchange does not wait for a Secret Service
// round trip (a D-Bus call to gnome-keyring: 5–15 ms) each time. Never written anywhere.
//
// A remembered secret is dropped, so the next exchange reads the keychain again, when:
// - this process writes or deletes it, or any keychain account (a trash restore, a repair);
// - the vault file was changed by another process (every change of a client's secret by the CLI
//   or another window is a vault change: the keychain write happens under the vault's lock, then
//   the file is written), seen by the store's `externalChanges` count;
// - it is older than REMEMBER_MS (a secret changed in the keychain by hand is seen by then);
// - an exchange with it failed (TokenService asks `forgetClientSecret`), or main forgets (a
//   locked screen, quitting).
// Only client secrets are kept here: private keys have their own memory (TokenService's parsed
// keys), proxy passwords and TLS keys are read per transport as before.
import type { SecretSource } from './secret-source.js';

/** As long as SecretSources keeps a secret read from pass or Vault. */
export const REMEMBER_MS = 5 * 60_000;

interface Remembered {
  secret: string;
  at: number;
  /** The store's count of outside changes when it was read. */
  changes: number;
}

export class RememberedSecrets implements SecretSource {
  private readonly kept = new Map<string, Remembered>();
  /** Bumped by every write, delete and forget: a read that started before one is not kept. */
  private epoch = 0;

  constructor(
    private readonly source: SecretSource,
    /** How many times the vault file was seen changed by someone else (JsonFileStore.externalChanges). */
    private readonly outsideChanges: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  async readClientSecret(clientUuid: string): Promise<string | null> {
    const changes = this.outsideChanges();
    const kept = this.kept.get(clientUuid);
    if (kept && kept.changes === changes && this.now() - kept.at < REMEMBER_MS) return kept.secret;
    this.kept.delete(clientUuid);
    const epoch = this.epoch;
    const secret = await this.source.readClientSecret(clientUuid);
    if (secret !== null && epoch === this.epoch) this.kept.set(clientUuid, { secret, at: this.now(), changes });
    return secret;
  }

  /** Drops the client's remembered secret; answers it (undefined when none was kept). */
  forgetClientSecret(clientUuid: string): string | undefined {
    const kept = this.kept.get(clientUuid);
    this.kept.delete(clientUuid);
    this.epoch++;
    return kept?.secret;
  }

  /** Drops every remembered secret. */
  forget(): void {
    this.kept.clear();
    this.epoch++;
  }

  /** Runs a keychain change with nothing remembered before or after it (a read racing it is not kept). */
  private async changing<T>(change: () => Promise<T>): Promise<T> {
    this.forget();
    try {
      return await change();
    } finally {
      this.forget();
    }
  }

  writeClientSecret(clientUuid: string, secret: string): Promise<void> {
    return this.changing(() => this.source.writeClientSecret(clientUuid, secret));
  }

  deleteClientSecret(clientUuid: string): Promise<boolean> {
    return this.changing(() => this.source.deleteClientSecret(clientUuid));
  }

  readPrivateKey(keyUuid: string): Promise<string | null> {
    return this.source.readPrivateKey(keyUuid);
  }

  writePrivateKey(keyUuid: string, stored: string): Promise<void> {
    return this.source.writePrivateKey(keyUuid, stored);
  }

  deletePrivateKey(keyUuid: string): Promise<boolean> {
    return this.source.deletePrivateKey(keyUuid);
  }

  listAccounts(): Promise<string[]> {
    return this.source.listAccounts();
  }

  readAccount(account: string): Promise<string | null> {
    return this.source.readAccount(account);
  }

  writeAccount(account: string, value: string): Promise<void> {
    return this.changing(() => this.source.writeAccount(account, value));
  }

  deleteAccount(account: string): Promise<boolean> {
    return this.changing(() => this.source.deleteAccount(account));
  }
}
