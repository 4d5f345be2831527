// Replaces a file all at once, as the store files and the token file are written: the new text
// goes to a temporary file beside it (0600 from the start), is flushed to the disk (the token cache's need not be), and is renamed
// over the old one. A reader (the app, the CLI) or a crash sees the old file or the new one, never
// half of one. Callers hold the file's lock, so two writers never race for the rename.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

/** Windows refuses to replace a file another process has open for a moment (a reader, an
 * antivirus scan): the rename is tried again for up to a second. */
const RENAME_RETRIES = process.platform === 'win32' ? 20 : 0;
const RENAME_RETRY_MS = 50;
const BUSY = new Set(['EPERM', 'EACCES', 'EBUSY']);

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function renameReplacing(from: string, to: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      return fs.renameSync(from, to);
    } catch (error) {
      if (attempt >= RENAME_RETRIES || !BUSY.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      pause(RENAME_RETRY_MS);
    }
  }
}

/** Writes `text` to `file` atomically, readable and writable by the user only. On failure the old
 * file is untouched and no temporary file is left; the error is the file system's, or what
 * `beforeRename` threw (the last word before the new file replaces the old: is the lock still ours?).
 * `flush: false` skips the flush to the disk, for a file whose loss in a crash costs nothing (the
 * token cache: its reader takes a damaged or missing file as empty, and every token is made again). */
export function writeFileAtomically(file: string, text: string, beforeRename?: () => void, { flush = true }: { flush?: boolean } = {}): void {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', 0o600);
    fs.writeFileSync(fd, text, 'utf8');
    if (flush) fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    beforeRename?.();
    renameReplacing(temp, file);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
