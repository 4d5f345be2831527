// One JSON file in the Tokendeck home, validated by a zod schema on every read (so the app and the
// CLI always see each other's changes), written atomically (atomic-write.ts) under a cross-process lock.
// A damaged file is moved aside, never silently emptied; a file from a newer Tokendeck is left
// untouched. The vault (vault-store.ts) and the console's history (console-store.ts) are two.
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { writeFileAtomically } from './atomic-write.js';
import { isTokendeckError, TokendeckError } from './errors.js';
import { assertLockHeld, tryFileLockSync, withFileLock } from './file-lock.js';
import { checkHomeIsPrivate } from './private-home.js';

export interface JsonFileKind<T extends { schemaVersion: number }> {
  /** File name in the home, e.g. `vault.json`; the lock is the same name with `.lock`. */
  fileName: string;
  /** How messages name it: "vault file". */
  label: string;
  schema: z.ZodType<T>;
  schemaVersion: number;
  empty(): T;
  /** What the user keeps when the file is moved aside, for the STORE_CORRUPT message. */
  afterCorruption: string;
  /** Brings the raw JSON of an older schema version to this one (vault-migrate.ts); none: older versions are invalid. */
  migrate?: (raw: unknown, from: number) => unknown;
}

/** What was read from the file, and the older schema version it was migrated from, if it was. */
interface FileRead<T> {
  data: T;
  migratedFrom?: number;
}

function timestampForFileName(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

function writeFailure(error: unknown, file: string, label: string): TokendeckError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  return new TokendeckError(
    'STORE_UNWRITABLE',
    `Could not write the ${label} ${file} (${code}). Nothing was changed; check that the folder is writable and the disk not full.`,
  );
}

export class JsonFileStore<T extends { schemaVersion: number }> {
  readonly file: string;
  private readonly lockFile: string;
  /** The last parse, reused while the file is unchanged (same inode, size and mtime). */
  private cache: { stamp: string; data: T; migratedFrom?: number | undefined } | undefined;
  /**
   * The cache was checked against the file in the code running now (until its next await). A
   * console send reads the vault three times in one synchronous run (request, scope, credential):
   * one stat serves them, as nothing else can run in between. Writes stat under the lock anyway.
   */
  private checkedInThisRun = false;
  /** Once found private, the home stays so: only its owner (or root) can change its mode. */
  private homeIsPrivate = false;
  /** The file as this process last saw or wrote it, and how often it was since found otherwise. */
  private seenStamp: string | undefined;
  private outsideChanges = 0;

  constructor(
    readonly home: string,
    private readonly kind: JsonFileKind<T>,
  ) {
    this.file = path.join(home, kind.fileName);
    this.lockFile = path.join(home, `${path.basename(kind.fileName, '.json')}.lock`);
  }

  private checkHome(): void {
    if (this.homeIsPrivate) return;
    checkHomeIsPrivate(this.home);
    this.homeIsPrivate = fs.existsSync(this.home);
  }

  private stamp(): string | undefined {
    const stat = fs.statSync(this.file, { throwIfNoEntry: false, bigint: true });
    const stamp = stat && `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
    if (stamp === undefined || stamp !== this.seenStamp) this.outsideChanges++;
    this.seenStamp = stamp;
    return stamp;
  }

  /**
   * How many times the file was found changed by someone else (another process, another store on
   * the same file): what main keeps in memory from a change it did not make is stale after one.
   * Every write replaces the file (a new inode), so none is missed.
   */
  changesFromOutside(): number {
    if (!this.checkedInThisRun) this.stamp();
    return this.outsideChanges;
  }

  /**
   * The vault as stored now. Callers treat the result as read-only: it is shared while the file
   * is unchanged, since a big vault costs tens of milliseconds to parse and validate.
   */
  read(): T {
    if (this.checkedInThisRun && this.cache) return this.cache.data;
    this.checkHome();
    const stamp = this.stamp();
    if (!stamp || this.cache?.stamp !== stamp) {
      const { data, migratedFrom } = this.readFile();
      if (!stamp) return data;
      // An older file is migrated in memory for every reader, and on disk once, here, when its
      // lock is free at once (otherwise by the next change: `update` writes what it read).
      if (migratedFrom !== undefined && this.upgradeOnDisk(stamp, data, migratedFrom)) return this.read();
      this.cache = { stamp, data, migratedFrom };
    }
    this.checkedInThisRun = true;
    queueMicrotask(() => (this.checkedInThisRun = false));
    return this.cache.data;
  }

  private readFile(): FileRead<T> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { data: this.kind.empty() };
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new TokendeckError('STORE_UNWRITABLE', `Could not read the ${this.kind.label} ${this.file} (${code}). Check its permissions.`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw this.moveAside('it is not valid JSON');
    }
    const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
    if (typeof version === 'number' && version > this.kind.schemaVersion) {
      throw new TokendeckError(
        'STORE_CORRUPT',
        `The ${this.kind.label} ${this.file} was written by a newer Tokendeck (schema ${version}; this one reads ${this.kind.schemaVersion}). Update Tokendeck; the file was left untouched.`,
      );
    }
    const older = typeof version === 'number' && Number.isInteger(version) && version >= 1 && version < this.kind.schemaVersion && this.kind.migrate ? version : undefined;
    const parsed = this.kind.schema.safeParse(older === undefined ? raw : this.kind.migrate!(raw, older));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw this.moveAside(`${issue?.path.join('.') || 'its top level'} is invalid${older === undefined ? '' : ` (after migrating it from schema ${older})`}`);
    }
    return older === undefined ? { data: parsed.data } : { data: parsed.data, migratedFrom: older };
  }

  /** Where the file of schema `version` is kept when it is migrated: `vault.json.v1.bak`. */
  backupFile(version: number): string {
    return `${this.file}.v${version}.bak`;
  }

  /**
   * Keeps the file as it was (`<file>.v<N>.bak`, 0600; an earlier backup of that version is left
   * as it is) before the migrated data replaces it. Throws if it cannot: the old file is never
   * replaced without its copy.
   */
  private keepBeforeMigration(version: number): void {
    const backup = this.backupFile(version);
    try {
      fs.copyFileSync(this.file, backup, fs.constants.COPYFILE_EXCL);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw writeFailure(error, backup, `backup of the ${this.kind.label}`);
    }
    fs.chmodSync(backup, 0o600);
  }

  /**
   * Writes the migrated `data` in place of the older file read at `stamp`, with its backup beside
   * it, if the lock can be had without waiting and the file is still that one. True if written.
   * A failure leaves the old file (and the in-memory migration) as they were: the next change
   * tries again under the lock.
   */
  private upgradeOnDisk(stamp: string, data: T, from: number): boolean {
    const held = tryFileLockSync(this.lockFile);
    if (!held) return false;
    try {
      if (this.stamp() !== stamp) return false;
      this.keepBeforeMigration(from);
      this.writeNow(data);
      return true;
    } catch {
      return false;
    } finally {
      held.release();
    }
  }

  private moveAside(reason: string): TokendeckError {
    const backup = `${this.file}.corrupt-${timestampForFileName()}`;
    fs.renameSync(this.file, backup);
    return new TokendeckError(
      'STORE_CORRUPT',
      `The ${this.kind.label} was damaged (${reason}). It was moved to ${backup} and Tokendeck starts with ${this.kind.afterCorruption}. Repair the backup and move it back to ${this.file} to restore it.`,
    );
  }

  /**
   * Throws STORE_LOCKED unless this process still holds the store's lock: for what a change writes
   * beside the store file (the token cache), which must not land either once the lock was taken.
   */
  assertLockHeld(): void {
    assertLockHeld(this.lockFile);
  }

  /** Called under the lock; writes nothing if the lock was taken from it meanwhile (see file-lock.ts). */
  protected async write(data: T): Promise<void> {
    this.writeNow(data);
  }

  private writeNow(data: T): void {
    try {
      writeFileAtomically(this.file, `${JSON.stringify(data, null, 2)}\n`, () => assertLockHeld(this.lockFile));
    } catch (error) {
      if (isTokendeckError(error)) throw error;
      throw writeFailure(error, this.file, this.kind.label);
    }
  }

  /**
   * Read-modify-write under the lock. `change` may do keychain work; if it throws, nothing is
   * written. Its result is returned after the new data is on disk.
   */
  async update<R>(change: (data: T) => Promise<R> | R): Promise<R> {
    fs.mkdirSync(this.home, { recursive: true, mode: 0o700 });
    this.checkHome();
    return withFileLock(this.lockFile, async () => {
      // A private copy to change, never the shared cached parse: a clone of it while the file is
      // unchanged (validated already), else a fresh read.
      const stamp = this.stamp();
      const read = stamp && this.cache?.stamp === stamp ? { data: structuredClone(this.cache.data), migratedFrom: this.cache.migratedFrom } : this.readFile();
      const data = read.data;
      const result = await change(data);
      const next = this.kind.schema.parse(data);
      if (read.migratedFrom !== undefined) this.keepBeforeMigration(read.migratedFrom);
      await this.write(next);
      const outside = this.outsideChanges;
      const written = this.stamp();
      // Our own write: not a change from outside.
      this.outsideChanges = outside;
      this.cache = written ? { stamp: written, data: next } : undefined;
      return result;
    });
  }
}
