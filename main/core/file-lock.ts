// A cross-process lock around the vault's read-modify-write, so the app and the CLI writing at
// once never lose each other's update. An exclusive-create lock file; a holder that died is
// detected by the file's age.
import fs from 'node:fs/promises';
import { TokendeckError } from './errors.js';

const RETRY_MS = 15;
const WAIT_LIMIT_MS = 10_000;
/** No vault mutation holds the lock this long; an older lock file was left by a crashed process. */
const STALE_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function acquire(lockPath: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      const handle = await fs.open(lockPath, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        throw new TokendeckError('STORE_UNWRITABLE', `Could not create the lock file ${lockPath} (${code ?? 'unknown error'}). Nothing was changed; check that the folder is writable and the disk not full.`);
      }
    }
    const stat = await fs.stat(lockPath).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > STALE_MS) {
      await fs.rm(lockPath, { force: true });
      continue;
    }
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
    await fs.rm(lockPath, { force: true });
  }
}
