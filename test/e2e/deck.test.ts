// The deck end to end: the real renderer (built by Vite) in headless Chromium, over the harness
// to the real core, the real keychain, the vendor stand-ins and a real X clipboard (Xvfb + xclip).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendAuthorized } from '../../main/core/authorized-request.js';
import { keychainAccount } from '../../main/core/keychain-accounts.js';
import { commandLineClipboard } from '../../main/cli/clipboard.js';
import { launchChromium } from '../harness/browser.js';
import { startHarness, type Harness } from '../harness/server.js';
import { MUSICAPI_CLIENT, startVendorWorld, type VendorWorld } from '../support/vendors.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
let browser: Browser;
let x: XDisplay;
let world: VendorWorld;
let harness: Harness;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  [browser, x] = await Promise.all([launchChromium(), startXvfb()]);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  x?.stop();
});

beforeEach(async () => {
  world = await startVendorWorld();
  const env = { ...process.env, DISPLAY: x.display, WAYLAND_DISPLAY: '' };
  harness = await startHarness(world.core, { clipboard: commandLineClipboard(env), tickMs: 500 });
  page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  page.setDefaultTimeout(8_000);
  pageErrors.length = 0;
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(harness.url);
  await page.getByRole('heading', { name: 'Live tokens' }).waitFor();
});

afterEach(async () => {
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
  await page.close();
  await harness.close();
  await world.close();
});

const clipboard = () => execFileSync('xclip', ['-selection', 'clipboard', '-o'], { env: { ...process.env, DISPLAY: x.display } }).toString();
const sidebar = () => page.getByRole('navigation', { name: 'Vault' });
async function openClient(org: string, client: string) {
  await sidebar().getByRole('treeitem', { name: `${org}/${client}` }).click();
  await page.getByRole('article', { name: `Client ${org}/${client}` }).waitFor();
}
const shoot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

describe('the deck', () => {
  it('creates an organization, a client with its secret and a key, then copies a DevToken the server accepts', async () => {
    await page.getByRole('button', { name: '+ Organization' }).click();
    const form = page.getByRole('form', { name: 'New organization' });
    await form.getByLabel('Name').fill('bad name!');
    await form.getByRole('button', { name: 'Create organization' }).click();
    expect(await form.locator('.field-error').first().textContent()).toContain('letters, digits');
    await form.getByLabel('Name').fill('studio');
    await form.getByLabel('API base URL').fill(world.musicapi.origin);
    await form.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('article', { name: 'Organization studio' }).waitFor();

    await page.getByRole('button', { name: '+ Client' }).click();
    const clientForm = page.getByRole('form', { name: 'New client' });
    await clientForm.getByLabel('Name', { exact: true }).fill('web');
    await clientForm.getByLabel('Client ID').fill(MUSICAPI_CLIENT.clientId);
    await clientForm.getByLabel('Client secret (optional)').fill(MUSICAPI_CLIENT.secret);
    await clientForm.getByLabel('Integration users').fill('alice = not-a-uuid');
    await clientForm.getByRole('button', { name: 'Create client' }).click();
    expect(await clientForm.locator('.field-error').first().textContent()).toContain('UUID');
    await clientForm.getByLabel('Integration users').fill('alice = 8d883178-9585-482e-bb4b-0c85736edc2d');
    await clientForm.getByRole('button', { name: 'Create client' }).click();
    await page.getByRole('article', { name: 'Client studio/web' }).waitFor();
    expect(await page.getByText('stored in keychain').isVisible()).toBe(true);
    const { client } = world.vault.resolveClient('studio', 'web');
    expect(await world.keychain.get(keychainAccount.clientSecret(client.id))).toBe(MUSICAPI_CLIENT.secret);

    await sidebar().getByRole('treeitem', { name: 'studio (musicapi)' }).click();
    const keys = page.getByRole('region', { name: 'Signing keys' });
    await keys.getByLabel('Key ID').fill('KID-UI');
    await keys.getByRole('button', { name: 'Generate key' }).click();
    const pem = await keys.getByLabel('Public key PEM').inputValue();
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    world.musicapi.registerKey('KID-UI', pem);
    await shoot('organization-light');

    await openClient('studio', 'web');
    await page.getByLabel('DevToken sub').selectOption({ label: 'alice' });
    await page.getByRole('button', { name: 'Copy fresh devtoken token' }).click();
    expect(await page.getByRole('status').filter({ hasText: 'Copied devtoken' }).textContent()).toMatch(/expires in 13 d 23 h · clipboard clears in 30 s/);
    const jwt = clipboard();
    expect(jwt.split('.')).toHaveLength(3);
    // The copied token is what the server accepts: send it as the CLI would from the cache.
    const result = await sendAuthorized(world.vault, world.core.tokens, { org: 'studio', client: 'web', scheme: 'devtoken', sub: 'alice', method: 'GET', url: '/users/me' });
    expect(result.credential.token).toBe(jwt);
    expect(result.response.status).toBe(200);
    await shoot('client-light');
    await page.setViewportSize({ width: 900, height: 600 });
    await shoot('client-900x600-light');
  });

  it('copies a Musimap token exchanged with the stand-in, and lists it with a moving countdown', async () => {
    await openClient('moodmap', 'prod');
    await page.getByRole('button', { name: 'Copy fresh bearer token' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied bearer' }).waitFor();
    expect(clipboard()).toBe(world.musimap.issued[0]);
    const row = page.getByRole('row', { name: 'token moodmap/prod bearer' });
    const countdown = row.locator('.countdown');
    const first = await countdown.textContent();
    expect(first).toMatch(/^(1:59:5\d|2:00:00)$/);
    expect(await countdown.getAttribute('data-phase')).toBe('fresh');
    await expect.poll(() => countdown.textContent(), { timeout: 5_000 }).not.toBe(first);
  });

  it('shows a short-lived token expiring, then expired', async () => {
    world.musimap.lifetimeMs = 4_000;
    await openClient('moodmap', 'prod');
    await page.getByRole('button', { name: 'Copy fresh bearer token' }).click();
    const countdown = page.getByRole('row', { name: 'token moodmap/prod bearer' }).locator('.countdown');
    expect(await countdown.getAttribute('data-phase')).toBe('expiring');
    await expect.poll(() => countdown.getAttribute('data-phase'), { timeout: 10_000 }).toBe('expired');
    expect(await countdown.textContent()).toBe('expired');
  });

  it('shows a rejected exchange as an error with the server\'s message', async () => {
    await openClient('moodmap', 'prod');
    await page.getByRole('button', { name: 'Replace secret' }).click();
    await page.getByLabel('Client secret', { exact: true }).fill('wrong-secret-91c0');
    await page.getByRole('button', { name: 'Save secret' }).click();
    await page.getByRole('button', { name: 'Replace secret' }).waitFor();
    await page.getByRole('button', { name: 'Copy fresh bearer token' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/EXCHANGE_REJECTED.*Invalid client credentials/);
    expect(world.core.tokens.records()).toEqual([]);
  });

  it('reveals a token only when asked and decodes a DevToken', async () => {
    const made = await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', sub: 'alice' });
    await page.getByRole('button', { name: /Live tokens/ }).click();
    const row = page.getByRole('row', { name: 'token acme/web devtoken' });
    await row.waitFor();
    expect(harness.outbound.join('\n')).not.toContain(made.token);
    await row.getByRole('button', { name: 'Reveal' }).click();
    expect(await page.getByLabel('Token value').textContent()).toBe(made.token);
    await row.getByRole('button', { name: 'Inspect' }).click();
    expect(JSON.parse((await page.getByLabel('JWT header').textContent())!)).toEqual({ typ: 'JWT', alg: 'ES256', kid: 'KID-1' });
    expect(JSON.parse((await page.getByLabel('JWT claims').textContent())!)).toMatchObject({ iss: MUSICAPI_CLIENT.clientId, sub: '8d883178-9585-482e-bb4b-0c85736edc2d' });
    await shoot('tokens-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shoot('tokens-dark');
  });

  it('deleting a client removes its tokens', async () => {
    await world.core.tokens.credential({ org: 'moodmap', client: 'prod' });
    await openClient('moodmap', 'prod');
    expect(await page.getByRole('row', { name: 'token moodmap/prod bearer' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByRole('article', { name: 'Organization moodmap' }).waitFor();
    await page.getByRole('button', { name: /Live tokens/ }).click();
    await page.getByText('No cached tokens').waitFor();
    expect(world.core.tokens.records()).toEqual([]);
  });

  it('copies a fresh token from the command palette with the keyboard', async () => {
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByLabel('Command', { exact: true }).fill('moodmap bearer');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shoot('palette-dark');
    await page.keyboard.press('Enter');
    await palette.getByRole('status').waitFor();
    expect(clipboard()).toBe(world.musimap.issued[0]);
  });

  it('refreshes a token ahead of expiry when auto-refresh is on', async () => {
    world.musimap.lifetimeMs = 60 * 60_000;
    await openClient('moodmap', 'prod');
    await page.getByLabel(/Refresh this client's tokens/).click();
    await expect.poll(() => world.vault.resolveClient('moodmap', 'prod').client.autoRefresh).toBe(true);
    world.musimap.lifetimeMs = 4 * 60_000; // inside the 5-minute expiring window at once
    await page.getByRole('button', { name: 'Copy fresh bearer token' }).click();
    await expect.poll(() => world.musimap.exchanges, { timeout: 10_000 }).toBeGreaterThan(1);
    world.musimap.lifetimeMs = 60 * 60_000;
    await expect.poll(() => page.getByRole('row', { name: 'token moodmap/prod bearer' }).locator('.countdown').getAttribute('data-phase'), { timeout: 10_000 }).toBe('fresh');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shoot('client-dark');
  });
});
