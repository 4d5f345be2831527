// A system Chromium under playwright-core (Playwright's own browser download is not possible on
// these machines). CHROMIUM_PATH overrides the executable; test/prerequisites.mjs has already
// checked that one exists.
import { chromium, type Browser } from 'playwright-core';
import { findChromium } from '../support/find-chromium.mjs';

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error('No Chromium found: install it (apt-get install chromium), or set CHROMIUM_PATH.');
  }
  return chromium.launch({
    executablePath,
    headless: true,
    // --no-sandbox: CI runs as root. The rest keep Chromium off the (closed) network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

let shared: Promise<Browser> | undefined;

/**
 * One Chromium for every deck test file this worker process runs (Vitest runs several files in a
 * process when `isolate` is off): each test still has its own page, harness and vault, and the
 * browser is ended with the process (playwright-core kills what it launched on exit). A browser
 * that crashed or was closed is launched again.
 */
export function sharedChromium(): Promise<Browser> {
  const current = shared;
  if (current) {
    return current.then((browser) => (browser.isConnected() ? browser : ((shared = undefined), sharedChromium())));
  }
  const launching = launchChromium();
  shared = launching;
  launching.catch(() => {
    if (shared === launching) shared = undefined;
  });
  return launching;
}
