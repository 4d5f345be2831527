// The OS keychain behind a small interface of ours: one service, one secret per account.
// On Linux the Secret Service is required: @napi-rs/keyring would otherwise fall back to the
// kernel keyutils store, which "succeeds" into RAM and loses everything at reboot.
import { createRequire } from 'node:module';
import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring';
import { TokendeckError } from './errors.js';

type KeyringModule = typeof import('@napi-rs/keyring');
let keyringModule: KeyringModule | undefined;

/**
 * Loaded on first use with require(): commands that never touch the keychain skip the native
 * binding, and the ESM loader's CommonJS lexer pass over it (~5 ms per CLI start) is avoided.
 */
function keyring(): KeyringModule {
  return (keyringModule ??= createRequire(import.meta.url)('@napi-rs/keyring') as KeyringModule);
}

export interface Keychain {
  readonly service: string;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Resolves false when there was nothing to delete. */
  delete(account: string): Promise<boolean>;
  /** The accounts stored under this service (never their secrets). */
  accounts(): Promise<string[]>;
}

/**
 * Windows Credential Manager caps a blob at 2,560 bytes and keyring libraries store UTF-16 there:
 * about 1,280 characters. Refusing longer secrets everywhere keeps a vault portable.
 */
export const MAX_SECRET_CHARS = 1_280;

export const DEFAULT_KEYCHAIN_SERVICE = 'tokendeck';

const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

function remedy(): string {
  switch (process.platform) {
    case 'linux':
      return 'Tokendeck needs a Secret Service (GNOME Keyring or KWallet) on the session D-Bus; start or unlock your keyring and try again.';
    case 'darwin':
      return 'Unlock your login keychain (Keychain Access) and allow Tokendeck access, then try again.';
    default:
      return 'Make sure Windows Credential Manager is available for your account, then try again.';
  }
}

/** Keyring failures carry D-Bus or OS messages, never the secret; we keep a short excerpt. */
export function keychainError(error: unknown, action: string): TokendeckError {
  const detail = error instanceof Error ? error.message : String(error);
  if (/locked|unlock/i.test(detail)) {
    return new TokendeckError(
      'KEYCHAIN_UNAVAILABLE',
      `Could not ${action}: the keyring is locked. Unlock it (on Linux: log in again or open "Passwords and Keys" and unlock "Login"), then try again.`,
      { action: { kind: 'unlock-keychain' } },
    );
  }
  const excerpt = detail.replace(/\s+/g, ' ').slice(0, 160);
  return new TokendeckError('KEYCHAIN_UNAVAILABLE', `Could not ${action}: the OS keychain did not answer (${excerpt}). ${remedy()}`);
}

export function checkSecretSize(secret: string, what: string): void {
  if (secret.length > MAX_SECRET_CHARS) {
    throw new TokendeckError(
      'VALIDATION',
      `The ${what} is ${secret.length} characters long; the OS keychain holds at most ${MAX_SECRET_CHARS}. Nothing was saved.`,
    );
  }
}

/**
 * One keychain call at a time in this process. On Linux each call opens its own D-Bus
 * connection and Secret Service session, and gnome-keyring (42 to 50 at least, upstream issues
 * 190/196/199) aborts on a burst of concurrent first requests from new clients ("assertion
 * 'client' failed"); the daemon D-Bus starts in its place has the login keyring locked, so the
 * user would see KEYCHAIN_UNAVAILABLE until they unlock it. A call takes a few milliseconds, so
 * the queue costs little where Tokendeck makes several at once (a refresh round, a rollback).
 */
let keychainQueue: Promise<unknown> = Promise.resolve();

function oneAtATime<T>(call: () => Promise<T>): Promise<T> {
  const result = keychainQueue.then(call, call);
  keychainQueue = result.catch(() => undefined);
  return result;
}

/**
 * The Secret Service daemon ended while it held our call (gnome-keyring has been seen to die on a
 * GLib trap under load): the call never happened or its answer was lost. Every call here is
 * idempotent (a read, a set of the same value, a delete), so it is made once more.
 */
export function daemonWentAway(error: unknown): boolean {
  const detail = error instanceof Error ? error.message : String(error);
  // NoSession: our session was opened with a daemon that has since ended; its successor never
  // heard of it.
  return /disconnected from message bus without replying|NoReply|ServiceUnknown|NoSession/i.test(detail);
}

export class OsKeychain implements Keychain {
  constructor(readonly service: string) {}

  /**
   * Creating a pinned entry is what reaches the Secret Service on Linux (it throws when none
   * answers), so it happens inside the same guard as the operation.
   */
  private withEntry<T>(account: string, action: string, run: (entry: AsyncEntry) => Promise<T>): Promise<T> {
    const attempt = () => run(new (keyring().AsyncEntry)(this.service, account, ENTRY_OPTIONS));
    return oneAtATime(async () => {
      try {
        return await attempt();
      } catch (error) {
        if (!daemonWentAway(error)) throw keychainError(error, action);
      }
      // Once more: D-Bus starts the daemon again for this call (and a locked keyring then says so).
      try {
        return await attempt();
      } catch (error) {
        throw keychainError(error, action);
      }
    });
  }

  get(account: string): Promise<string | null> {
    return this.withEntry(account, 'read from the keychain', (entry) => entry.getPassword());
  }

  async set(account: string, secret: string): Promise<void> {
    checkSecretSize(secret, 'secret');
    await this.withEntry(account, 'save to the keychain', (entry) => entry.setPassword(secret));
  }

  delete(account: string): Promise<boolean> {
    return this.withEntry(account, 'delete from the keychain', (entry) => entry.deleteCredential());
  }

  /** The search uses the default store, so the pinned probe entry first proves it is the Secret Service. */
  accounts(): Promise<string[]> {
    return this.withEntry('vault/probe', 'list the keychain', async () => {
      const found = await keyring().findCredentialsAsync(this.service);
      return found.map((credential) => credential.account).sort();
    });
  }
}
