// The window's first screen when the keychain does not answer at start-up, in the real renderer
// in Chromium: it says so, with the code and the remedy, and "Try again" opens the deck once the
// keychain is back. The keychain here is the real one behind a switch the test flips; the shell
// test (test/shell/shell.test.ts) makes the real Secret Service missing and then starts it.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SystemClipboard } from '../../main/core/clipboard-guard.js';
import { keychainError, type Keychain } from '../../main/core/keychain.js';
import { openCore } from '../../main/core/open-vault.js';
import { launchChromium } from '../harness/browser.js';
import { startHarness, type Harness } from '../harness/server.js';
import { SCREENSHOTS } from '../support/deck-page.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

/** The real keychain, unreachable while `down` (as the Secret Service is when it is not running). */
function switchableKeychain(real: Keychain) {
  const state = { down: true };
  const guard = <T>(run: () => Promise<T>) => (state.down ? Promise.reject(keychainError(new Error('org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files'), 'list the keychain')) : run());
  const keychain: Keychain = {
    service: real.service,
    get: (account) => guard(() => real.get(account)),
    set: (account, secret) => guard(() => real.set(account, secret)),
    delete: (account) => guard(() => real.delete(account)),
    accounts: () => guard(() => real.accounts()),
  };
  return { keychain, state };
}

const noClipboard: SystemClipboard = { writeSecret: () => undefined, writeText: () => undefined, readText: () => '', clear: () => undefined };

describe('start-up with the keychain unavailable', () => {
  let browser: Browser;
  let sandbox: Sandbox;
  let harness: Harness;
  let page: Page;
  let keychainState: { down: boolean };
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());
  beforeEach(async () => {
    sandbox = createSandbox();
    await sandbox.vault.addOrganization({ name: 'acme', provider: 'musicapi' });
    const { keychain, state } = switchableKeychain(sandbox.keychain);
    keychainState = state;
    harness = await startHarness(openCore({ home: sandbox.home, keychain }), { home: sandbox.home, clipboard: noClipboard, tickMs: 0 });
    page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    page.setDefaultTimeout(8_000);
  });
  afterEach(async () => {
    await page.close();
    await harness.close();
    await sandbox.cleanup();
  });

  it('explains KEYCHAIN_UNAVAILABLE with "Try again", and opens the deck once the keychain answers', async () => {
    await page.goto(harness.url);
    await page.getByRole('heading', { name: 'Tokendeck cannot reach the keychain' }).waitFor();
    const alert = page.getByRole('alert');
    await expect(alert.textContent()).resolves.toMatch(/KEYCHAIN_UNAVAILABLE.*Secret Service/);
    // Not an empty deck behind it: no sidebar, no organization list.
    expect(await page.getByRole('treeitem').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'keychain-unavailable-900x600-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'keychain-unavailable-900x600-dark.png') });

    // Still down: "Try again" says so again.
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Tokendeck cannot reach the keychain' }).waitFor();

    keychainState.down = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Live tokens' }).waitFor();
    await page.getByRole('treeitem', { name: /acme/ }).first().waitFor();
  });
});
