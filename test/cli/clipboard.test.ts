// `tokendeck token --copy` on a real X clipboard (Xvfb + xclip): the token lands there, not on
// stdout, and is cleared after the delay if it is still there, but not if something else was
// copied meanwhile.
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runTokendeck } from '../support/cli.js';
import { startVendorWorld, type VendorWorld } from '../support/vendors.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

let x: XDisplay;
let world: VendorWorld;
beforeAll(async () => {
  x = await startXvfb();
});
afterAll(() => x?.stop());
beforeEach(async () => {
  world = await startVendorWorld();
});
afterEach(() => world.close());

const env = () => {
  const { WAYLAND_DISPLAY: _wayland, ...rest } = world.env;
  return { ...rest, DISPLAY: x.display, TOKENDECK_CLIPBOARD_CLEAR_MS: '1500' };
};
const clipboard = () => execFileSync('xclip', ['-selection', 'clipboard', '-o'], { env: env() }).toString();
const setClipboard = (text: string) => execFileSync('xclip', ['-selection', 'clipboard'], { env: env(), input: text, stdio: ['pipe', 'ignore', 'ignore'] });

async function waitFor(check: () => boolean, limitMs = 15_000): Promise<boolean> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe('tokendeck token --copy', () => {
  it('puts the token on the clipboard instead of stdout, and clears it after the delay', async () => {
    const run = await runTokendeck(['token', 'moodmap/prod', '--copy'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('cleared in 1.5 s');
    const token = world.musimap.issued[0]!;
    expect(clipboard()).toBe(token);
    expect(await waitFor(() => clipboard() === '')).toBe(true);
  });

  it('leaves the clipboard alone when something else was copied meanwhile', async () => {
    await runTokendeck(['token', 'moodmap/prod', '--copy'], { env: env() });
    setClipboard('something the user copied');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(clipboard()).toBe('something the user copied');
  });
});
