// A cross-process lock around the vault's read-modify-write, so the app and the CLI writing at
// once never lose each other's update. An exclusive-create lock file that names its owner. On this
// host the owner is judged by liveness only: a lock whose owner died is taken over at once, and a
// live owner is never robbed, however old its lock (a `tokendeck import` stopped with Ctrl-Z still
// means to write: taking its lock after a while let it write its stale copy over the next
// command's change when resumed). A waiter gives up after WAIT_LIMIT_MS with STORE_LOCKED, naming
// the holder and how to end it. A lock of another host (a home shared over the network), whose
// process we cannot see, or of an older Tokendeck (no owner line), is still taken over once older
// than any write takes (STALE_MS). So a holder can still lose its lock (that rule, or a lock file
// removed by hand): before it renames its new file into place it checks that the lock still names
// it (assertLockHeld), and aborts without writing if not. Held locks are removed on SIGINT/SIGTERM.
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
// fs.promises, not node:fs/promises: loaded on the first lock, not by every command that reads the vault (~2% of `node -e 0`).
import type { FileHandle } from 'node:fs/promises';
import os from 'node:os';
import { TokendeckError } from './errors.js';
import { isSameProcessAlive, isStopped, processName, processStartTime } from './lock-owner-process.js';

const RETRY_MS = 15;
/** How long a waiter waits for a live holder before it says who holds the lock (STORE_LOCKED). */
const WAIT_LIMIT_MS = 10_000;
/** No vault mutation holds the lock this long; an older lock whose owner we cannot check was left by a crash. */
const STALE_MS = 30_000;

interface Owner {
  id: string;
  pid: number;
  host: string;
  at: string;
  /** The process's start time where the host tells it (Linux), so a reused pid is not the owner. */
  started?: string;
  /** On a claim: the id of the owner it takes over from. */
  over?: string;
}

/** Lock files this process holds, with the owner id it holds each under; removed if it is interrupted. */
const held = new Map<string, string>();

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

/** The owner named by the file at the lock's path now; undefined when there is none or it is not ours to read. */
function ownerAtPath(lockPath: string): Owner | undefined {
  try {
    return currentOwner(fs.readFileSync(lockPath, 'utf8'));
  } catch {
    return undefined;
  }
}

const onThisHost = (owner: Owner) => owner.host === os.hostname();

/**
 * On this host, liveness alone: a dead owner frees the lock now, a live one (running or stopped)
 * never. Another host's owner, whose process we cannot see, after STALE_MS.
 */
function mayTakeOver(owner: Owner, lockAgeMs: number): boolean {
  if (onThisHost(owner)) return !isSameProcessAlive(owner.pid, owner.started);
  return lockAgeMs > STALE_MS;
}

function unwritable(lockPath: string, error: unknown): TokendeckError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  return new TokendeckError('STORE_UNWRITABLE', `Could not create the lock file ${lockPath} (${code}). Nothing was changed; check that the folder is writable and the disk not full.`);
}

async function create(lockPath: string, me: Owner): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await fs.promises.open(lockPath, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw unwritable(lockPath, error);
  }
  held.set(lockPath, me.id);
  try {
    await handle.write(ownerLine(me));
    return true;
  } catch (error) {
    held.delete(lockPath);
    await fs.promises.rm(lockPath, { force: true });
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

type TakeOver = { outcome: 'taken' } | { outcome: 'gone' } | { outcome: 'wait'; owner: Owner | undefined };

/** Claims the lock if its owner is gone; see the top of this file for why a claim and not a removal. */
async function takeOver(lockPath: string, me: Owner): Promise<TakeOver> {
  let handle: FileHandle;
  try {
    // Append without create: the lock may have been released since the exclusive create failed.
    handle = await fs.promises.open(lockPath, fs.constants.O_RDWR | fs.constants.O_APPEND);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { outcome: 'gone' };
    throw unwritable(lockPath, error);
  }
  try {
    const owner = currentOwner(await readWhole(handle));
    const { mtimeMs } = await handle.stat();
    if (!owner) {
      // Not our format: the age rule of older Tokendecks, removal included.
      if (Date.now() - mtimeMs <= STALE_MS) return { outcome: 'wait', owner: undefined };
      await fs.promises.rm(lockPath, { force: true });
      return { outcome: 'gone' };
    }
    if (!mayTakeOver(owner, Date.now() - mtimeMs)) return { outcome: 'wait', owner };
    await handle.write(ownerLine({ ...me, over: owner.id }));
    const winner = currentOwner(await readWhole(handle));
    if (winner?.id !== me.id) return { outcome: 'wait', owner: winner };
    const [file, atPath] = [await handle.stat({ bigint: true }), await fs.promises.stat(lockPath, { bigint: true }).catch(() => undefined)];
    if (file.nlink === 0n || atPath?.ino !== file.ino || atPath.dev !== file.dev) return { outcome: 'gone' };
    held.set(lockPath, me.id);
    return { outcome: 'taken' };
  } finally {
    await handle.close();
  }
}

function sinceWhen(at: string): string {
  const started = Date.parse(at);
  if (Number.isNaN(started)) return '';
  const seconds = Math.max(0, Math.round((Date.now() - started) / 1000));
  const span = seconds < 120 ? `${seconds} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 3600)} h`;
  return ` since ${new Date(started).toISOString().slice(0, 19).replace('T', ' ')} UTC, ${span} ago`;
}

/** Who holds the lock and how to end that, for a waiter that gives up. */
function lockedByMessage(lockPath: string, owner: Owner | undefined): string {
  const tail = 'Nothing was changed; try again once it is over.';
  if (!owner) {
    return `The vault (${lockPath}) is locked by an older Tokendeck. Let it finish, or close it; a lock it left behind is freed after ${STALE_MS / 1000} s. ${tail}`;
  }
  if (!onThisHost(owner)) {
    return `The vault (${lockPath}) is locked by process ${owner.pid} on the host ${owner.host}${sinceWhen(owner.at)}. Let it finish there; a lock it left behind is freed after ${STALE_MS / 1000} s. ${tail}`;
  }
  const name = processName(owner.pid);
  const who = `process ${owner.pid}${name ? ` (${name})` : ''}`;
  const howToEnd = isStopped(owner.pid)
    ? `It is stopped (Ctrl-Z): resume it with \`fg\` in its terminal (or \`kill -CONT ${owner.pid}\`), or end it with \`kill ${owner.pid}; kill -CONT ${owner.pid}\`.`
    : `Let it finish, or end it with \`kill ${owner.pid}\` if it hangs.`;
  return `The vault (${lockPath}) is locked by ${who}${sinceWhen(owner.at)}. ${howToEnd} ${tail}`;
}

/** Takes the lock; answers the owner id it is held under. */
async function acquire(lockPath: string): Promise<string> {
  const started = Date.now();
  const startTime = processStartTime(process.pid);
  for (;;) {
    // A new id per attempt: a claim left in a released file must not count in the next one.
    const me: Owner = { id: randomUUID(), pid: process.pid, host: os.hostname(), at: new Date().toISOString(), ...(startTime ? { started: startTime } : {}) };
    if (await create(lockPath, me)) return me.id;
    const result = await takeOver(lockPath, me);
    if (result.outcome === 'taken') return me.id;
    if (result.outcome === 'gone') continue;
    if (Date.now() - started > WAIT_LIMIT_MS) throw new TokendeckError('STORE_LOCKED', lockedByMessage(lockPath, result.owner));
    await sleep(RETRY_MS);
  }
}

/**
 * Throws STORE_LOCKED unless the lock file at `lockPath` still names this process's hold on it.
 * Called by a writer just before it renames its new file into place: a holder whose lock was taken
 * (another host's age rule, a lock file removed by hand) must not write its stale copy over the
 * newer one. The check and the rename are not one step; the gap is a few system calls.
 */
export function assertLockHeld(lockPath: string): void {
  const mine = held.get(lockPath);
  const owner = ownerAtPath(lockPath);
  if (mine !== undefined && owner?.id === mine) return;
  const now = owner ? `process ${owner.pid}${onThisHost(owner) ? '' : ` on ${owner.host}`} holds it now` : 'it is no longer there';
  throw new TokendeckError(
    'STORE_LOCKED',
    `This command lost the vault lock while it was paused (${now}: ${lockPath}), so another command may have changed the vault meanwhile. Its change was not written; run the command again to apply it to the vault as it is now.`,
  );
}

/** Removes the lock file if it is still ours: a taken one belongs to its new owner. */
function release(lockPath: string): void {
  const mine = held.get(lockPath);
  held.delete(lockPath);
  if (mine !== undefined && ownerAtPath(lockPath)?.id === mine) fs.rmSync(lockPath, { force: true });
}

export async function withFileLock<T>(lockPath: string, run: () => Promise<T>): Promise<T> {
  await acquire(lockPath);
  try {
    return await run();
  } finally {
    release(lockPath);
  }
}

/**
 * Takes the lock now if nobody holds it, without waiting or taking over (a migration on first read,
 * json-file-store.ts, which a held lock only postpones). Undefined if it is held or cannot be made.
 */
export function tryFileLockSync(lockPath: string): { release(): void } | undefined {
  if (held.has(lockPath)) return undefined;
  const startTime = processStartTime(process.pid);
  const me: Owner = { id: randomUUID(), pid: process.pid, host: os.hostname(), at: new Date().toISOString(), ...(startTime ? { started: startTime } : {}) };
  let fd: number;
  try {
    fd = fs.openSync(lockPath, 'wx', 0o600);
  } catch {
    return undefined;
  }
  held.set(lockPath, me.id);
  try {
    fs.writeSync(fd, ownerLine(me));
  } catch {
    held.delete(lockPath);
    fs.rmSync(lockPath, { force: true });
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
  return { release: () => release(lockPath) };
}

/** Removes every lock this process holds: for a process about to end in the middle of a write. */
export function releaseHeldLocks(): void {
  for (const lockPath of [...held.keys()]) release(lockPath);
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
