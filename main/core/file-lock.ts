// A cross-process lock around the vault's read-modify-write, so the app and the CLI writing at
// once never lose each other's update. An exclusive-create lock file that names its owner; a lock
// whose owner died on this host is taken over at once, one left by another host (or an older
// Tokendeck) once it is older than any write takes. Held locks are removed on SIGINT/SIGTERM.
//
// The lock file is lines of JSON. The first names the owner ({id, pid, host, at}); a waiter that
// finds the owner dead appends a claim ({id, pid, host, at, over: <the dead owner's id>}) with
// O_APPEND and reads the file back: the first claim over an owner wins, and the owner of the file
// is found by following "first claim over" from the first line. Appends are ordered, so every
// reader agrees on the winner, and two waiters can never both take the lock. Only the owner ever
// removes the file (release), so a claim on the file at the lock's path is a claim on the lock;
// a claim appended to a file that was released meanwhile is seen (no link left, or another file
// at the path) and retried. Removing a stale lock and creating a new one instead would race:
// between one waiter's judgement and its removal, another could have removed it and created its
// own, live lock, which the first would then remove.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp, { type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import { TokendeckError } from './errors.js';

const RETRY_MS = 15;
const WAIT_LIMIT_MS = 10_000;
/** No vault mutation holds the lock this long; an older lock whose owner we cannot check was left by a crash. */
const STALE_MS = 30_000;

interface Owner {
  id: string;
  pid: number;
  host: string;
  at: string;
  /** On a claim: the id of the owner it takes over from. */
  over?: string;
}

/** Lock files this process holds, removed if it is interrupted. */
const held = new Set<string>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const ownerLine = (owner: Owner) => `${JSON.stringify(owner)}\n`;

function parseLine(line: string): Owner | undefined {
  try {
    const value = JSON.parse(line) as Partial<Owner> | null;
    if (typeof value?.id === 'string' && Number.isInteger(value.pid) && typeof value.host === 'string') return value as Owner;
  } catch {
    // A lock file of an older Tokendeck (a bare pid), or one caught mid-write.
  }
  return undefined;
}

/** Who holds the lock by this file's content; undefined when the content is not ours to read. */
function currentOwner(text: string): Owner | undefined {
  const lines = text.split('\n').filter(Boolean);
  let owner = lines.length ? parseLine(lines[0]!) : undefined;
  if (!owner) return undefined;
  const claims = lines.slice(1).map(parseLine).filter((line) => line?.over !== undefined) as Owner[];
  for (let step = 0; step < claims.length; step++) {
    const next = claims.find((claim) => claim.over === owner!.id);
    if (!next) break;
    owner = next;
  }
  return owner;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A dead owner on this host frees the lock now; any other (another host, a reused pid) after STALE_MS. */
function mayTakeOver(owner: Owner, lockAgeMs: number): boolean {
  if (lockAgeMs > STALE_MS) return true;
  return owner.host === os.hostname() && !isAlive(owner.pid);
}

function unwritable(lockPath: string, error: unknown): TokendeckError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  return new TokendeckError('STORE_UNWRITABLE', `Could not create the lock file ${lockPath} (${code}). Nothing was changed; check that the folder is writable and the disk not full.`);
}

async function create(lockPath: string, me: Owner): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await fsp.open(lockPath, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw unwritable(lockPath, error);
  }
  held.add(lockPath);
  try {
    await handle.write(ownerLine(me));
    return true;
  } catch (error) {
    held.delete(lockPath);
    await fsp.rm(lockPath, { force: true });
    throw unwritable(lockPath, error);
  } finally {
    await handle.close();
  }
}

async function readWhole(handle: FileHandle): Promise<string> {
  const { size } = await handle.stat();
  const buffer = Buffer.alloc(size);
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
  return buffer.subarray(0, bytesRead).toString('utf8');
}

type TakeOver = 'taken' | 'gone' | 'wait';

/** Claims the lock if its owner is gone; see the top of this file for why a claim and not a removal. */
async function takeOver(lockPath: string, me: Owner): Promise<TakeOver> {
  let handle: FileHandle;
  try {
    // Append without create: the lock may have been released since the exclusive create failed.
    handle = await fsp.open(lockPath, fs.constants.O_RDWR | fs.constants.O_APPEND);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw unwritable(lockPath, error);
  }
  try {
    const owner = currentOwner(await readWhole(handle));
    const { mtimeMs } = await handle.stat();
    if (!owner) {
      // Not our format: the age rule of older Tokendecks, removal included.
      if (Date.now() - mtimeMs <= STALE_MS) return 'wait';
      await fsp.rm(lockPath, { force: true });
      return 'gone';
    }
    if (!mayTakeOver(owner, Date.now() - mtimeMs)) return 'wait';
    await handle.write(ownerLine({ ...me, over: owner.id }));
    if (currentOwner(await readWhole(handle))?.id !== me.id) return 'wait';
    const [file, atPath] = [await handle.stat({ bigint: true }), await fsp.stat(lockPath, { bigint: true }).catch(() => undefined)];
    if (file.nlink === 0n || atPath?.ino !== file.ino || atPath.dev !== file.dev) return 'gone';
    held.add(lockPath);
    return 'taken';
  } finally {
    await handle.close();
  }
}

async function acquire(lockPath: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    // A new id per attempt: a claim left in a released file must not count in the next one.
    const me: Owner = { id: randomUUID(), pid: process.pid, host: os.hostname(), at: new Date().toISOString() };
    if (await create(lockPath, me)) return;
    const outcome = await takeOver(lockPath, me);
    if (outcome === 'taken') return;
    if (outcome === 'gone') continue;
    if (Date.now() - started > WAIT_LIMIT_MS) {
      throw new TokendeckError(
        'STORE_UNWRITABLE',
        `Another Tokendeck process has held the vault lock for over ${WAIT_LIMIT_MS / 1000} s (${lockPath}). Close other Tokendeck windows or commands and try again.`,
      );
    }
    await sleep(RETRY_MS);
  }
}

export async function withFileLock<T>(lockPath: string, run: () => Promise<T>): Promise<T> {
  await acquire(lockPath);
  try {
    return await run();
  } finally {
    held.delete(lockPath);
    await fsp.rm(lockPath, { force: true });
  }
}

/** Removes every lock this process holds: for a process about to end in the middle of a write. */
export function releaseHeldLocks(): void {
  for (const lockPath of held) fs.rmSync(lockPath, { force: true });
  held.clear();
}

let releasing = false;

/**
 * On SIGINT or SIGTERM (Ctrl-C during a long import), removes the held locks and then dies of the
 * same signal, so the shell still sees 130 or 143; on any other exit, removes them too. Installed
 * by the CLI's entry point and the app's main process, not by the core itself.
 */
export function releaseLocksOnSignals(): void {
  if (releasing) return;
  releasing = true;
  process.on('exit', releaseHeldLocks);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      releaseHeldLocks();
      // With its only listener gone, the signal's default action (termination) applies again.
      process.kill(process.pid, signal);
    });
  }
}
