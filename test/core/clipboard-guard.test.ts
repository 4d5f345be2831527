// The app's clipboard guard (ARCHITECTURE.md, security invariant 5) on a real X clipboard (Xvfb + xclip): a
// copied token is cleared after the delay, or on quit, only if the clipboard still holds it.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineClipboard } from '../../main/cli/clipboard.js';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

let x: XDisplay;
beforeAll(async () => {
  x = await startXvfb();
});
afterAll(() => x?.stop());

const env = () => ({ ...process.env, DISPLAY: x.display, WAYLAND_DISPLAY: '' });
const read = () => execFileSync('xclip', ['-selection', 'clipboard', '-o'], { env: env() }).toString();
const guard = (delayMs: number) => new ClipboardGuard(commandLineClipboard(env()), delayMs);

describe('clipboard guard', () => {
  it('clears the copied token after the delay', async () => {
    expect(await guard(300).copy('token-one')).toBe(300);
    await expect.poll(read).toBe('token-one');
    await expect.poll(read, { timeout: 5_000 }).toBe('');
  });

  it('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    const g = guard(300);
    await g.copy('token-two');
    await commandLineClipboard(env()).writeText('the user’s own text');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(read()).toBe('the user’s own text');
  });

  it('clears on quit without waiting, and a public copy is never cleared', async () => {
    const g = guard(60_000);
    await g.copy('token-three');
    await g.clearIfStillOurs();
    expect(read()).toBe('');
    await g.copyPublic('-----BEGIN PUBLIC KEY-----');
    await g.clearIfStillOurs();
    expect(read()).toBe('-----BEGIN PUBLIC KEY-----');
  });
});
