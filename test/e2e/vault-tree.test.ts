// The real renderer (built by Vite) in real Chromium, over the harness to the real core.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../harness/browser.js';
import { startHarness, type Harness } from '../harness/server.js';
import { createSandbox, type Sandbox } from '../support/sandbox.js';

const SECRET = 'e2e-secret-3c9a61';
let browser: Browser;
let sandbox: Sandbox;
let harness: Harness;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

beforeEach(async () => {
  sandbox = createSandbox();
  harness = await startHarness(sandbox.vault);
  page = await browser.newPage({ viewport: { width: 900, height: 600 } });
  consoleErrors.length = 0;
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
});
afterEach(async () => {
  await page?.close();
  await harness?.close();
  await sandbox.cleanup();
});

describe('renderer: vault tree', () => {
  it('lists organizations, environments and clients from the vault', async () => {
    const { vault } = sandbox;
    await vault.addOrganization({ name: 'acme', provider: 'musicapi' });
    await vault.addClient('acme', { name: 'web-dev', environment: 'development', clientId: '2cf82db3-4064-4235-8253-16994eb51773' }, SECRET);
    await vault.addClient('acme', { name: 'web-prod', environment: 'production', clientId: 'prod-client-id' });
    await vault.addOrganization({ name: 'moodmap', provider: 'musimap', tokenUrl: 'https://auth.musimap.test/token' });

    await page.goto(harness.url);
    const acme = page.getByRole('region', { name: 'organization acme' });
    await expect.poll(() => acme.isVisible()).toBe(true);
    expect(await acme.locator('.provider').textContent()).toBe('musicapi');
    expect(await acme.getByRole('heading', { name: 'development' }).isVisible()).toBe(true);
    expect(await acme.getByRole('heading', { name: 'production' }).isVisible()).toBe(true);
    expect(await acme.locator('.client', { hasText: 'web-dev' }).getByText('secret stored').isVisible()).toBe(true);
    expect(await acme.locator('.client', { hasText: 'web-prod' }).getByText('no secret').isVisible()).toBe(true);
    expect(await page.getByRole('region', { name: 'organization moodmap' }).getByText('No clients yet.').isVisible()).toBe(true);

    fs.mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: path.join('test-results', 'vault-tree.png') });
    expect(consoleErrors).toEqual([]);
    expect(harness.messages.length).toBeGreaterThan(0);
    expect(harness.messages.join('\n')).not.toContain(SECRET);
  });

  it('shows a damaged store as STORE_CORRUPT with its remedy', async () => {
    fs.writeFileSync(path.join(sandbox.home, 'vault.json'), '{"schemaVersion": 1, "organiz');
    await page.goto(harness.url);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('STORE_CORRUPT');
    expect(await alert.textContent()).toContain('moved to');
  });
});
