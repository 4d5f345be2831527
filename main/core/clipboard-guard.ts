// A copied token does not outstay its welcome: after a delay (30 s by default) the clipboard is
// cleared if it still holds what Tokendeck put there, and on quit. Only a hash of the copied
// value is kept for that check.
import { createHash } from 'node:crypto';

export interface SystemClipboard {
  /** Writes the text, marked as a secret for clipboard managers where the platform allows. */
  writeSecret(text: string): Promise<void> | void;
  /** Writes text that is not secret (a response body, a public key, exported code). */
  writeText(text: string): Promise<void> | void;
  readText(): Promise<string> | string;
  clear(): Promise<void> | void;
}

export const DEFAULT_CLIPBOARD_CLEAR_MS = 30_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export class ClipboardGuard {
  private copiedHash: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly clipboard: SystemClipboard,
    readonly clearAfterMs = DEFAULT_CLIPBOARD_CLEAR_MS,
  ) {}

  /** Copies and arms the clear; resolves to the delay before it. */
  async copy(secret: string): Promise<number> {
    await this.clipboard.writeSecret(secret);
    this.copiedHash = sha256(secret);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.clearIfStillOurs(), this.clearAfterMs);
    this.timer.unref?.();
    return this.clearAfterMs;
  }

  /** Copies text that is not secret: no timed clear (a pending one still checks its own copy). */
  async copyPublic(text: string): Promise<void> {
    await this.clipboard.writeText(text);
  }

  /** Clears the clipboard if it still holds the last copied secret (the timer, and quit). */
  async clearIfStillOurs(): Promise<void> {
    clearTimeout(this.timer);
    const hash = this.copiedHash;
    this.copiedHash = undefined;
    if (!hash) return;
    const current = await Promise.resolve(this.clipboard.readText()).catch(() => undefined);
    if (current !== undefined && sha256(current) === hash) await this.clipboard.clear();
  }
}
