// The browser end-to-end fixture: the real renderer (built by Vite) in headless Chromium, over
// the harness to the real core, the real keychain, the vendor stand-ins and a real X clipboard
// (Xvfb + xclip). After every test it checks that no client secret or private key crossed the
// bridge towards the page and that the page logged no error.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { commandLineClipboard } from '../../main/cli/clipboard.js';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { sharedChromium } from '../harness/browser.js';
import { startHarness, type Harness } from '../harness/server.js';
import { recordCount } from './fault-counts.js';
import { readAllFiles, type Sandbox } from './sandbox.js';
import { startVendorWorld, type VendorWorld } from './vendors.js';
import { startXvfb, type XDisplay } from './xvfb.js';

export const SCREENSHOTS = path.resolve('test-results', 'screenshots');

/** What a deck test runs against: a sandboxed home, the secrets the leak scan looks for, Musimap's issued tokens. */
export interface DeckWorld extends Sandbox {
  musimap: { issued: string[] };
  secrets: string[];
  close(): Promise<void>;
}

export interface DeckPage<W extends DeckWorld = VendorWorld> {
  world: W;
  harness: Harness;
  page: Page;
  /** What the real X clipboard holds now. */
  clipboard(): string;
  shoot(name: string): Promise<Buffer>;
  /** Three shots of the current screen: light, dark, and light at 900×600. */
  shootAll(name: string): Promise<void>;
}

/** Registers the hooks; the returned object's fields are fresh in every test (the world from `startWorld`: the three vendors by default). */
export function useDeckPage(): DeckPage;
/** `firstHeading`: what the deck opens on in that world (an empty vault opens on connecting an API). */
export function useDeckPage<W extends DeckWorld>(startWorld: () => Promise<W>, firstHeading: string): DeckPage<W>;
export function useDeckPage(startWorld: () => Promise<DeckWorld> = startVendorWorld, firstHeading = 'Live tokens'): DeckPage<DeckWorld> {
  let browser: Browser;
  let x: XDisplay;
  const pageErrors: string[] = [];
  const deck = {} as DeckPage<DeckWorld>;

  beforeAll(async () => {
    [browser, x] = await Promise.all([sharedChromium(), startXvfb()]);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(() => {
    // The browser is shared with the worker's next files (harness/browser.ts); each page is closed after its test.
    x?.stop();
  });

  beforeEach(async () => {
    deck.world = await startWorld();
    const env = { ...process.env, DISPLAY: x.display, WAYLAND_DISPLAY: '' };
    deck.harness = await startHarness(deck.world.core, { home: deck.world.home, clipboard: commandLineClipboard(env), tickMs: 500 });
    deck.page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    deck.page.setDefaultTimeout(8_000);
    deck.clipboard = () => execFileSync('xclip', ['-selection', 'clipboard', '-o'], { env }).toString();
    deck.shoot = (name) => deck.page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
    deck.shootAll = async (name) => {
      await deck.shoot(`${name}-light`);
      await deck.page.emulateMedia({ colorScheme: 'dark' });
      await deck.shoot(`${name}-dark`);
      await deck.page.emulateMedia({ colorScheme: 'light' });
      await deck.page.setViewportSize({ width: 900, height: 600 });
      await deck.shoot(`${name}-900x600-light`);
      await deck.page.setViewportSize({ width: 1100, height: 700 });
    };
    pageErrors.length = 0;
    deck.page.on('pageerror', (error) => pageErrors.push(error.message));
    deck.page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await deck.page.goto(deck.harness.url);
    await deck.page.getByRole('heading', { name: firstHeading }).waitFor();
  });

  afterEach(async () => {
    const { world, harness, page } = deck;
    // Whatever a test did, no client secret or private key crossed the bridge towards the page.
    // (Secrets typed into a form cross the other way, once: they are write-only.)
    const carried = harness.outbound.join('\n');
    const keys = world.vault.tree().organizations.flatMap((o) => o.keys);
    const privateKeys = await Promise.all(keys.map((k) => world.keychain.get(keychainAccount.privateKey(k.id))));
    for (const secret of [...world.secrets, 'wrong-secret-91c0']) expect(carried).not.toContain(secret);
    for (const pem of privateKeys) if (pem) expect(carried).not.toContain(pem.split('\n')[1]);
    expect(carried).not.toContain('PRIVATE KEY');
    expect(harness.outbound.length).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
    await scanForLeaks(deck, privateKeys.filter((pem): pem is string => pem !== null));
    await page.close();
    await harness.close();
    await world.close();
  });

  return deck;
}

/**
 * The leak scan (hardening issue): every secret, private key and token value the test used, looked
 * for in every frame main sent the page, the store folder (vault, console history, token cache)
 * and the history — zero hits, except token values the test explicitly revealed. Tallied for the
 * summary printed at the end of `npm test`.
 */
async function scanForLeaks({ world, harness }: DeckPage<DeckWorld>, privateKeys: string[]): Promise<void> {
  await world.core.requestConsole.flushHistory();
  const tokens = new Set<string>(world.musimap.issued);
  for (const record of world.core.tokens.records()) tokens.add(await world.core.tokens.reveal(record.id));
  const carried = harness.outbound.join('\n');
  const revealed = [...tokens].filter((token) => carried.includes(`"value":${JSON.stringify(token)}`));
  const places: Array<[string, string]> = [
    ['frames to the page', carried],
    ['store folder', readAllFiles(world.home)],
  ];
  const secrets = [...world.secrets, ...privateKeys.map((pem) => pem.split('\n')[1]!)];
  const values = [...secrets, ...[...tokens].filter((token) => !revealed.includes(token))];
  const hits = values.flatMap((value) => places.filter(([, text]) => text.includes(value)).map(([place]) => `${value.slice(0, 12)}… in ${place}`));
  recordCount('leak-scan values', values.length);
  recordCount('leak-scan hits', hits.length);
  expect(hits).toEqual([]);
}

/** Opens an organization's request console from the sidebar and returns its view. */
export async function openConsole(deck: DeckPage<DeckWorld>, org: string): Promise<Locator> {
  await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: new RegExp(`^${org} \\(`) }).click();
  await deck.page.getByRole('article', { name: `Organization ${org}` }).getByRole('button', { name: 'Console' }).click();
  const view = deck.page.getByRole('article', { name: `Console for ${org}` });
  await view.waitFor();
  return view;
}
