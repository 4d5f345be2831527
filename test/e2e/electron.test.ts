// The packaged window itself, driven by Playwright's Electron support. It needs the Electron
// binary, which these machines cannot download (since Electron 42 it is fetched on the first
// `electron .`, not by npm ci): where it is missing the suite is reported as skipped, with the reason printed.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startVendorWorld, type VendorWorld } from '../support/vendors.js';

/** The installed binary, found without `require('electron')`, which tries to download it. */
function electronBinary(): string | undefined {
  try {
    const packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const relative = fs.readFileSync(path.join(packageDir, 'path.txt'), 'utf8').trim();
    const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH ? path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative) : path.join(packageDir, 'dist', relative);
    return fs.existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
if (!binary) {
  console.warn('Electron e2e skipped: the Electron binary is not installed here (it is downloaded on the first npm start, or by npx install-electron).');
}

describe.skipIf(!binary)('the Electron window (needs the Electron binary)', () => {
  let world: VendorWorld;
  beforeEach(async () => {
    world = await startVendorWorld();
  });
  afterEach(() => world.close());

  it('opens the deck, lists the vault and copies a token to the clipboard', async () => {
    const app = await electron.launch({ executablePath: binary!, args: ['.', '--no-sandbox'], env: { ...world.env, TOKENDECK_CLIPBOARD_CLEAR_MS: '60000' } as Record<string, string> });
    try {
      const window = await app.firstWindow();
      await window.getByRole('heading', { name: 'Live tokens' }).waitFor();
      await window.getByRole('treeitem', { name: 'moodmap/prod' }).click();
      await window.getByRole('button', { name: 'Copy bearer token' }).click();
      await window.getByRole('status').filter({ hasText: 'Copied bearer' }).waitFor();
      expect(await app.evaluate(({ clipboard }) => clipboard.readText())).toBe(world.musimap.issued[0]);
      // The page has no Node: the sandboxed preload exposed only the contract.
      expect(await window.evaluate('typeof require === "undefined" && typeof process === "undefined" && typeof window.tokendeck.tokens.copy')).toBe('function');
    } finally {
      await app.close();
    }
  });
});
