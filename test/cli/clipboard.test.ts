// `tokendeck token --copy` on a real X clipboard (Xvfb + xclip): the token lands there, not on
// stdout, and is cleared after the delay if it is still there, but not if something else was
// copied meanwhile. The helper that clears it shows nothing derived from the token to another
// user of the machine (its command line, read from /proc as `nobody`).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
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

const env = (clearMs = 1500) => {
  const { WAYLAND_DISPLAY: _wayland, ...rest } = world.env;
  return { ...rest, DISPLAY: x.display, TOKENDECK_CLIPBOARD_CLEAR_MS: String(clearMs) };
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

/** The clearing helpers started for this test's display with this delay (their environment names the display; root reads it). */
function helpersOnThisDisplay(clearMs: number): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8');
      const environ = fs.readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      const args = cmdline.split('\0').filter(Boolean);
      if (args.includes('__clear-clipboard') && args.at(-1) === String(clearMs) && environ.includes(`DISPLAY=${x.display}`)) pids.push(Number(name));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
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

  it('starts a helper whose command line, as another user reads it, carries nothing derived from the token', async () => {
    // A long delay, read at once: on a loaded machine `runuser` alone can take seconds.
    const run = await runTokendeck(['token', 'moodmap/prod', '--copy'], { env: env(12_000) });
    expect(run.code).toBe(0);
    const token = world.musimap.issued[0]!;
    expect(clipboard()).toBe(token);
    const [helper, ...others] = helpersOnThisDisplay(12_000);
    expect(others).toEqual([]);
    expect(helper).toBeDefined();
    // As root (CI), read as `nobody`, the other local user; as a normal user, the same text read as oneself.
    const seen =
      process.getuid?.() === 0 ? execFileSync('runuser', ['-u', 'nobody', '--', 'cat', `/proc/${helper}/cmdline`]).toString() : fs.readFileSync(`/proc/${helper}/cmdline`, 'utf8');
    for (const derived of [token, createHash('sha256').update(token).digest('hex'), createHash('sha256').update(token).digest('base64')]) expect(seen).not.toContain(derived);
    expect(seen).not.toMatch(/[0-9a-f]{32}/i);
    const args = seen.split('\0').filter(Boolean);
    expect(args.slice(-2)).toEqual(['__clear-clipboard', '12000']);
    expect(args).toHaveLength(4); // node, the tokendeck script, and those two
    // That it clears the token after its delay is the first test's; this one's helper is stopped here.
    process.kill(helper!);
  }, 60_000);

  it('says CLIPBOARD_UNAVAILABLE (exit 1) and prints nothing when there is no display or no clipboard tool', async () => {
    const noDisplay = await runTokendeck(['token', 'moodmap/prod', '--copy'], { env: { ...env(), DISPLAY: ':9999' } });
    expect([noDisplay.code, noDisplay.stdout]).toEqual([1, '']);
    expect(noDisplay.stderr).toMatch(/^tokendeck: CLIPBOARD_UNAVAILABLE: The clipboard tool xclip failed \(exit 1\): is a display available/m);
    const noTool = await runTokendeck(['token', 'moodmap/prod', '--copy'], { env: { ...env(), PATH: '/nonexistent' } });
    expect([noTool.code, noTool.stdout]).toEqual([1, '']);
    expect(noTool.stderr).toMatch(/^tokendeck: CLIPBOARD_UNAVAILABLE: The clipboard tool xclip could not run \(ENOENT\)\. Install it, or leave out --copy/m);
    expect(noTool.stderr + noDisplay.stderr).not.toContain(world.musimap.issued[0]!);
  });

  it('leaves the clipboard alone when something else was copied meanwhile', async () => {
    await runTokendeck(['token', 'moodmap/prod', '--copy'], { env: env() });
    setClipboard('something the user copied');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(clipboard()).toBe('something the user copied');
  });
});
